import { InvalidParameterError } from '@sparseprop/core';
import { parseNetworkConfig } from '@sparseprop/network';
import { isNetworkConfigJson } from '../run/network-run.js';
import { CONFIG_FIELDS, type RunConfig, checkRunConfig } from '../run/run-config.js';
import { type ParameterValue, type SweepPoint, sweepAxes } from './sweep-points.js';
import type { SweepFile } from './sweep-schema.js';

/** Run settings a sweep sets itself: the seed (derived per point), the run length (`run`) and the outputs (one result file per point; no spike, rate or voltage files). */
const SWEEP_OWNED_KEYS = ['seed', 'spikes', 'duration', 'out', 'plot', 'record', 'record-neurons', 'rates', 'rate-bin', 'voltages', 'voltage-neurons', 'sample-every', 'sample-times'] as const;

/**
 * What every point shares: run settings (the keys of `sparseprop run
 * --config`) or a network config (`populations`, `projections`, `inputs`).
 */
export type SweepBase = { readonly kind: 'settings'; readonly settings: RunConfig } | { readonly kind: 'network'; readonly config: Record<string, unknown> };

/**
 * Check a sweep's `base` and its parameter names and values against it
 * (before anything runs), naming the JSON path of what is wrong:
 * - run settings: `base` must be a valid run config without `seed`, `spikes`,
 *   `duration`, `out` or `plot`; a parameter is a run setting of the right
 *   JSON type (`g`, `eta`, `n`, `model`, ...) or `modelParams.NAME` (numbers);
 * - network config: a parameter is a dotted path to a number or string that
 *   exists in `base` (`populations.E.size`, `projections.0.weight`), and
 *   every point must be a valid network config.
 */
export function checkSweepBase(sweep: SweepFile, file: string): SweepBase {
  const base = sweep.base;
  const isNetwork = isNetworkConfigJson(base);
  if (!isNetwork) {
    for (const key of SWEEP_OWNED_KEYS) {
      if (Object.hasOwn(base, key)) throw new InvalidParameterError(`${file}: base.${key}`, base[key], `not given: the sweep sets it (${key === 'seed' ? 'top-level "seed"' : key === 'spikes' || key === 'duration' ? '"run"' : 'one result file per point'})`);
    }
  }
  for (const axis of sweepAxes(sweep)) {
    axis.names.forEach((name, i) => {
      const where = `${file}: ${Object.hasOwn(sweep.zip ?? {}, name) ? 'zip' : 'grid'}.${name}`;
      const kind = isNetwork ? networkParameterKind(base, name, where) : settingsParameterKind(name, where);
      axis.values[i].forEach((value, j) => {
        if (typeof value !== kind) throw new InvalidParameterError(`${where}[${j}]`, value, `a JSON ${kind}`);
      });
    });
  }
  if (isNetwork) {
    if (Object.hasOwn(base, 'seed')) throw new InvalidParameterError(`${file}: base.seed`, base.seed, 'not given: the sweep sets it (top-level "seed")');
    return { kind: 'network', config: base };
  }
  return { kind: 'settings', settings: checkRunConfig(base, `${file}: base`) };
}

/**
 * The run config of one point: the base with the point's parameter values
 * and seed, and the sweep's run length. A network-config base becomes
 * `networkConfig` (its data files resolve against `file`'s directory).
 */
export function pointRunConfig(sweep: SweepFile, base: SweepBase, point: SweepPoint, file: string): RunConfig {
  const length: RunConfig = 'spikes' in sweep.run ? { spikes: sweep.run.spikes } : { duration: sweep.run.duration };
  if (base.kind === 'network') {
    const value = structuredClone(base.config);
    for (const [name, parameter] of Object.entries(point.parameters)) setPath(value, name, parameter);
    value.seed = point.seed;
    return { networkConfig: { path: file, value }, ...length };
  }
  const config: Record<string, unknown> = { ...base.settings, ...length, seed: point.seed };
  if (base.settings.modelParams !== undefined) config.modelParams = { ...base.settings.modelParams };
  for (const [name, parameter] of Object.entries(point.parameters)) {
    const param = /^modelParams\.(.+)$/.exec(name)?.[1];
    if (param === undefined) config[name] = parameter;
    else config.modelParams = { ...(config.modelParams as object | undefined), [param]: parameter };
  }
  return config as RunConfig;
}

/**
 * Validate every point of a network-config sweep as a network config
 * (sizes, probabilities, weights...), so a bad value is reported before any
 * point runs, naming the point: `sweep.json: point 3 (populations.E.size=0): ...`.
 */
export function checkNetworkPoint(config: RunConfig, label: string): void {
  if (config.networkConfig !== undefined) parseNetworkConfig(config.networkConfig.value, label);
}

function settingsParameterKind(name: string, where: string): 'number' | 'string' | 'boolean' {
  if (/^modelParams\.[A-Za-z_][\w.-]*$/.test(name)) return 'number';
  const field = CONFIG_FIELDS.find((f) => f.key === name);
  if (field === undefined || (SWEEP_OWNED_KEYS as readonly string[]).includes(name)) {
    const known = CONFIG_FIELDS.map((f) => f.key).filter((key) => !(SWEEP_OWNED_KEYS as readonly string[]).includes(key));
    throw new InvalidParameterError(where, name, `a run setting (${known.join(', ')}) or modelParams.NAME${(SWEEP_OWNED_KEYS as readonly string[]).includes(name) ? `; "${name}" is set by the sweep` : ''}`);
  }
  return field.kind;
}

function networkParameterKind(base: Record<string, unknown>, name: string, where: string): 'number' | 'string' {
  if (name === 'seed') throw new InvalidParameterError(where, name, 'a path into the network config other than "seed" (the sweep sets each point\'s seed)');
  let node: unknown = base;
  for (const key of name.split('.')) {
    node = node !== null && typeof node === 'object' && Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined;
  }
  if (typeof node !== 'number' && typeof node !== 'string') {
    throw new InvalidParameterError(where, name, 'a dotted path to a number or string that exists in the base network config (e.g. populations.E.size, projections.0.weight)');
  }
  return typeof node as 'number' | 'string';
}

function setPath(target: Record<string, unknown>, path: string, value: ParameterValue): void {
  const keys = path.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
}
