import { InvalidParameterError } from '@sparseprop/core';
import { z } from 'zod';

const finite = z.number().refine(Number.isFinite, 'a finite number');
const nonNegative = finite.refine((x) => x >= 0, 'a finite number ≥ 0');
const count = z.number().int('an integer').min(0, 'an integer ≥ 0');

/** A number for every synapse, or a per-synapse distribution. */
export const distributionSchema = z.union([
  finite,
  z.strictObject({ normal: z.strictObject({ mean: finite, std: nonNegative }) }),
  z.strictObject({ uniform: z.strictObject({ min: finite, max: finite }).refine((u) => u.min <= u.max, 'min ≤ max') }),
]);

const populationNames = z.union([z.string(), z.array(z.string()).min(1)]);

/** A population of neurons, or (with `source`) of presynaptic-only source neurons. */
export const populationSchema = z.strictObject({
  /** Number of neurons, integer ≥ 1. */
  size: z.number().int('an integer').min(1, 'an integer ≥ 1').max(2 ** 31 - 1),
  /** Model plugin name (one with voltage dynamics), default `"lif"`. */
  model: z.string().default('lif'),
  /** Drive `iext` (dimensionless; LIF: `I = 1 + iext`, so -1 is no drive, > 0 fires alone). Default 0. */
  iext: finite.default(0),
  /** Per-neuron drives instead of `iext` (length `size`). */
  drive: z.array(finite).optional(),
  /** Refractory period, seconds, ≥ 0. Default 0. */
  refractory: nonNegative.default(0),
  /** Model parameters (e.g. LIF `vReset`, threshold units). */
  modelParams: z.record(z.string(), finite).default({}),
  /** Initial voltage (threshold units): a number, `{uniform:{min,max}}`, or one per neuron. Default uniform in [vReset, threshold). */
  initVoltage: z.union([finite, z.strictObject({ uniform: z.strictObject({ min: finite, max: finite }) }), z.array(finite)]).optional(),
  /**
   * Makes this a population of source neurons (numbered after every network
   * neuron): Poisson spikes at `rate` Hz each, or at a rate signal from a
   * CSV file `time_s,rate_hz` (linear between samples), or spikes from a
   * CSV file `time_s,neuron` (indices local to the population).
   */
  source: z
    .union([
      z.strictObject({ poisson: z.strictObject({ rate: nonNegative }) }),
      z.strictObject({ poisson: z.strictObject({ signal: z.string() }) }),
      z.strictObject({ spikes: z.string() }),
    ])
    .optional(),
});

/** Synapses from one population to another. Exactly one of outDegree, inDegree, probability, edges. */
export const projectionSchema = z
  .strictObject({
    from: z.string(),
    to: z.string(),
    /** Each source neuron reaches this many distinct targets (procedural when weight and delay are numbers). */
    outDegree: count.optional(),
    /** Each target neuron receives this many synapses from distinct sources. */
    inDegree: count.optional(),
    /** Each pair connected independently with this probability. */
    probability: finite.refine((p) => p >= 0 && p <= 1, 'a number in [0, 1]').optional(),
    /** CSV file `pre,post,weight[,delay_s]`, indices local to `from` and `to`. */
    edges: z.string().optional(),
    /** Voltage jump per spike (threshold units); a number or a distribution. Not with `edges`. */
    weight: distributionSchema.optional(),
    /** Delay, seconds (≥ 0); a number or a distribution (truncated at 0). Default 0. */
    delay: distributionSchema.default(0),
    /** Seed of this projection's random stream (default: derived from the network seed). */
    seed: count.optional(),
  })
  .refine((p) => [p.outDegree, p.inDegree, p.probability, p.edges].filter((x) => x !== undefined).length === 1, {
    message: 'exactly one of outDegree, inDegree, probability, edges',
  })
  .refine((p) => (p.edges === undefined) === (p.weight !== undefined), { message: 'a weight (the edge file carries its own weights)', path: ['weight'] })
  .refine((p) => typeof p.delay !== 'number' || p.delay >= 0, { message: 'a delay ≥ 0 (seconds)', path: ['delay'] });

/** External input. */
export const inputSchema = z.union([
  /** Independent Poisson drive per target neuron: `count` external neurons of `rate` Hz each, jump `weight`. */
  z.strictObject({
    poisson: z.strictObject({
      to: populationNames,
      rate: nonNegative,
      count: nonNegative.default(1),
      weight: finite,
      start: nonNegative.default(0),
      /** No events at or after this time, seconds (default: never stop). */
      stop: nonNegative.optional(),
    }),
  }),
  /** Step current: from `times[k]` on, the populations' drive is `values[k]` (iext). */
  z.strictObject({
    stepCurrent: z
      .strictObject({ to: populationNames, times: z.array(nonNegative).min(1), values: z.array(finite).min(1) })
      .refine((s) => s.times.length === s.values.length, 'as many values as times')
      .refine((s) => s.times.every((t, k) => k === 0 || t >= s.times[k - 1]), 'times in nondecreasing order'),
  }),
  /** Kicks from a CSV file `time_s,neuron,weight` (global neuron indices). */
  z.strictObject({ events: z.string() }),
]);

/**
 * The network config (JSON). Units: seconds for `tau`, delays, refractory
 * periods and times; Hz for rates; threshold units for voltages and weights.
 * Populations are numbered in the order listed (network populations first,
 * then source populations).
 */
export const networkConfigSchema = z.strictObject({
  /** Membrane time constant, seconds, > 0. Default 0.01. */
  tau: finite.refine((x) => x > 0, 'a number > 0 (seconds)').default(0.01),
  /** Seed of every random stream (connectivity, inputs, initial state), integer ≥ 0. Default 1. */
  seed: count.max(2 ** 32 - 1).default(1),
  /** Check Dale's law (every population's outgoing weights share one sign). Default true. */
  dale: z.boolean().default(true),
  populations: z
    .record(z.string().regex(/^[A-Za-z_][\w.-]*$/, 'a name starting with a letter or _'), populationSchema)
    .refine((r) => Object.keys(r).length > 0, 'at least one population'),
  projections: z.array(projectionSchema).default([]),
  inputs: z.array(inputSchema).default([]),
});

/** A validated network config with defaults filled in. */
export type NetworkConfig = z.output<typeof networkConfigSchema>;
/** A network config as written (defaults optional). */
export type NetworkConfigInput = z.input<typeof networkConfigSchema>;
/** A projection of a config. */
export type ProjectionConfig = z.output<typeof projectionSchema>;
/** A population of a config. */
export type PopulationConfig = z.output<typeof populationSchema>;

/**
 * Validate a config (parsed JSON or library object). An error names the JSON
 * path, the value found and what is allowed, prefixed by `file` when given:
 * `net.json: populations.E.size must be an integer ≥ 1, got 0`.
 */
export function parseNetworkConfig(value: unknown, file?: string): NetworkConfig {
  const result = networkConfigSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue.path.map(String).join('.') || '(config)';
  let found: unknown = value;
  for (const key of issue.path) found = found !== null && typeof found === 'object' ? (found as Record<PropertyKey, unknown>)[key as PropertyKey] : undefined;
  const allowed = describeIssue(issue);
  throw new InvalidParameterError(file === undefined ? path : `${file}: ${path}`, found === undefined && issue.code !== 'invalid_type' ? '(missing or invalid)' : found, allowed);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `one of the known keys (unknown: ${issue.keys.join(', ')})`;
  if (issue.code === 'invalid_type') return issue.expected === 'number' ? 'a finite number' : `of type ${issue.expected}`;
  if (issue.code === 'invalid_union') {
    // the branch that got furthest (longest path, then fewest issues) says what is wrong
    let best: z.core.$ZodIssue[] | undefined;
    for (const branch of issue.errors) {
      if (branch.length === 0) continue;
      if (best === undefined || branch[0].path.length > best[0].path.length || (branch[0].path.length === best[0].path.length && branch.length < best.length)) best = branch;
    }
    const deepest = best?.[0];
    if (deepest !== undefined && deepest.path.length > 0) return `valid at ${deepest.path.map(String).join('.')}: ${describeIssue(deepest)}`;
    return 'one of the documented forms (a number, {normal:{mean,std}}, {uniform:{min,max}}, {poisson:{...}}, {stepCurrent:{...}}, {events:FILE}, ...)';
  }
  return issue.message;
}
