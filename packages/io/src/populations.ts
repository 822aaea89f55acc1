import { InvalidParameterError } from '@sparseprop/core';
import type { PopulationRange, SpikeFileInfo } from './spike-format.js';

/** Name of the single population of a network without named populations. */
export const DEFAULT_POPULATION = 'all';

/** One population `"all"` holding neurons `[0, n)`. */
export function allPopulation(n: number): PopulationRange {
  return { name: DEFAULT_POPULATION, first: 0, count: n };
}

/**
 * The populations of a file's info, checked: contiguous from 0, covering
 * `[0, N)`, names unique, non-empty and without `/`. Without populations,
 * one population `"all"`.
 */
export function populationsOf(info: SpikeFileInfo): readonly PopulationRange[] {
  const n = info.neurons;
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidParameterError('neurons', n, 'an integer ≥ 1');
  const populations = info.populations ?? [allPopulation(n)];
  let next = 0;
  const names = new Set<string>();
  for (const [index, p] of populations.entries()) {
    const where = `populations[${index}]`;
    if (typeof p.name !== 'string' || p.name === '' || p.name.includes('/') || p.name === '.') throw new InvalidParameterError(`${where}.name`, p.name, 'a non-empty name without "/"');
    if (names.has(p.name)) throw new InvalidParameterError(`${where}.name`, p.name, 'unique among the populations');
    names.add(p.name);
    if (p.first !== next) throw new InvalidParameterError(`${where}.first`, p.first, `${next} (populations are contiguous, in order, from 0)`);
    if (!Number.isSafeInteger(p.count) || p.count < 1) throw new InvalidParameterError(`${where}.count`, p.count, 'an integer ≥ 1');
    next += p.count;
  }
  if (next !== n) throw new InvalidParameterError('populations', next, `neurons in all populations = N = ${n}`);
  return populations;
}

/** Index of the population holding `neuron` (binary search over the starts). */
export function populationIndexOf(starts: Float64Array, neuron: number): number {
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= neuron) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Neuron indices as Int32Array when they fit, else as the Float64Array given. */
export function neuronArray(values: Float64Array, maxNeuron: number): Int32Array | Float64Array {
  return maxNeuron <= 0x7fffffff ? Int32Array.from(values) : values;
}
