import { InvalidParameterError } from '@sparseprop/core';
import { z } from 'zod';
import { DEFAULT_SWEEP_STATISTICS, SWEEP_STATISTICS } from './sweep-statistics.js';

/** Most points one sweep may have (a result file each; a larger study is several sweeps). */
export const MAX_SWEEP_POINTS = 1_000_000;

/** A parameter's name: a run setting (`g`, `eta`, `n`, `modelParams.vReset`) or a dotted path into a network config (`populations.E.size`, `projections.0.weight`). */
const PARAMETER_NAME = 'a parameter name: a run setting such as "g" or a dotted path such as "populations.E.size"';
const parameterName = z.string().regex(/^[A-Za-z_][\w-]*(\.[\w-]+)*$/, PARAMETER_NAME);

/** The values a parameter takes: numbers or strings (e.g. model names), at least one. */
const parameterValues = z.array(z.union([z.number(), z.string()]), 'an array of numbers or strings').min(1, 'a non-empty array of values');

/** The message of a `grid`/`zip` that is not an object (other issues keep their own messages). */
function objectOfLists(issue: { code?: string }): string | undefined {
  if (issue.code === 'invalid_key') return PARAMETER_NAME;
  return issue.code === 'invalid_type' ? 'an object { parameter: [values] }' : undefined;
}

/** How long each point runs: a number of spikes or a simulated duration. */
const runLength = z.union([
  z.strictObject({ spikes: z.number().int('an integer').min(1, 'an integer ≥ 1').max(Number.MAX_SAFE_INTEGER) }),
  z.strictObject({ duration: z.number().positive('a number of seconds > 0') }),
]);

/**
 * The zod schema of a sweep file (SWEEP.json):
 *
 * ```json
 * {
 *   "description": "Brunel 2000 model A over g and eta",
 *   "base": { "preset": "brunel", "n": 1000 },
 *   "grid": { "g": [3, 4, 5, 6], "eta": [1, 2, 3, 4] },
 *   "run": { "duration": 0.5 },
 *   "seed": 1,
 *   "statistics": ["meanRateHz", "cvIsiMean", "fano", "synchronyChi"],
 *   "figure": { "statistic": "synchronyChi", "population": "E" }
 * }
 * ```
 *
 * - `base`: what every point shares. Either run settings (the keys of a
 *   `sparseprop run --config` file: `preset`, `n`, `k`, `g`, `eta`, `model`,
 *   `modelParams`, ...) or a network config (an object with `populations`).
 * - `grid`: parameters whose values are combined as a cartesian product
 *   (the first parameter varies slowest).
 * - `zip`: parameters whose value lists (all the same length) are taken
 *   together, element by element: one more axis of the product, the last.
 * - `run`: `{ "spikes": M }` or `{ "duration": SECONDS }` for every point.
 * - `seed`: the sweep seed, integer in [0, 2^32 - 1] (default 1); point p
 *   runs with a seed derived from it and p.
 * - `statistics`: per-population statistics in the table (default rate,
 *   ISI CV mean, Fano factor, synchrony χ).
 * - `figure`: the statistic (default the first tabulated) and population
 *   (default the first) drawn over the grid.
 */
export const sweepSchema = z
  .strictObject({
    description: z.string().optional(),
    base: z.record(z.string(), z.unknown(), 'an object of run settings or a network config').default({}),
    grid: z.record(parameterName, parameterValues, { error: objectOfLists }).optional(),
    zip: z.record(parameterName, parameterValues, { error: objectOfLists }).optional(),
    run: runLength,
    seed: z.number().int('an integer').min(0, 'an integer in [0, 4294967295]').max(2 ** 32 - 1, 'an integer in [0, 4294967295]').default(1),
    statistics: z.array(z.enum(SWEEP_STATISTICS), 'an array of statistic names').min(1, 'a non-empty array').default([...DEFAULT_SWEEP_STATISTICS]),
    figure: z.strictObject({ statistic: z.enum(SWEEP_STATISTICS).optional(), population: z.string().min(1).optional() }).optional(),
  })
  .superRefine((sweep, context) => {
    const grid = Object.keys(sweep.grid ?? {}), zip = Object.keys(sweep.zip ?? {});
    if (grid.length + zip.length === 0) context.addIssue({ code: 'custom', path: ['grid'], message: 'at least one parameter in "grid" or "zip"' });
    for (const name of zip) if (grid.includes(name)) context.addIssue({ code: 'custom', path: ['zip', name], message: 'a parameter not also in "grid"' });
    const lengths = Object.values(sweep.zip ?? {}).map((values) => values.length);
    zip.forEach((name, i) => {
      if (lengths[i] !== lengths[0]) context.addIssue({ code: 'custom', path: ['zip', name], message: `a list as long as the other zipped lists (${lengths[0]} values)` });
    });
    let points = zip.length > 0 ? lengths[0] : 1;
    for (const values of Object.values(sweep.grid ?? {})) points *= values.length;
    if (points > MAX_SWEEP_POINTS) context.addIssue({ code: 'custom', path: ['grid'], message: `at most ${MAX_SWEEP_POINTS} points in all (this sweep has ${points})` });
    const statistic = sweep.figure?.statistic;
    if (statistic !== undefined && !sweep.statistics.includes(statistic)) {
      context.addIssue({ code: 'custom', path: ['figure', 'statistic'], message: `one of the tabulated statistics (${sweep.statistics.join(', ')})` });
    }
  });

/** A validated sweep file (defaults filled in). */
export type SweepFile = z.output<typeof sweepSchema>;

/**
 * Validate a parsed sweep file. An error is an {@link InvalidParameterError}
 * naming the file and the JSON path, the value found and what is allowed:
 * `sweep.json: grid.g must be a non-empty array of values, got []`.
 */
export function parseSweepFile(value: unknown, file: string): SweepFile {
  const result = sweepSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.path.map(String).join('.');
  let found: unknown = value;
  for (const key of issue.path) found = found !== null && typeof found === 'object' ? (found as Record<PropertyKey, unknown>)[key as PropertyKey] : undefined;
  if (issue.code === 'invalid_key') found = issue.path[issue.path.length - 1]; // the key is what is wrong, not its values
  if (issue.code === 'unrecognized_keys') {
    const where = path === '' ? '' : `${path}.`;
    throw new InvalidParameterError(`${file}: ${where}${issue.keys[0]}`, (found as Record<string, unknown>)[issue.keys[0]], `not given: the known keys here are ${knownKeys(issue.path)}`);
  }
  const allowed = issue.code === 'invalid_union' ? 'either { "spikes": M } (an integer ≥ 1) or { "duration": SECONDS } (> 0)' : issue.code === 'invalid_value' && 'values' in issue ? `one of ${issue.values.join(', ')}` : issue.message;
  throw new InvalidParameterError(`${file}: ${path === '' ? '(sweep)' : path}`, found === undefined ? '(missing)' : found, allowed);
}


function knownKeys(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'description, base, grid, zip, run, seed, statistics, figure';
  if (path[0] === 'figure') return 'statistic, population';
  return 'spikes or duration';
}
