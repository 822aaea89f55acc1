import { InvalidParameterError } from '../errors/errors.js';
import type { RunOptions, RunSummary } from '../contracts/simulator.js';

/** Validated stop limits of a run. */
export interface RunLimits {
  maxSpikes: number;
  maxTimeSeconds: number;
  progressEvery: number;
}

/** Check a run's limits: at least one finite, none negative or NaN. */
export function runLimits(options: RunOptions, nowSeconds: number): RunLimits {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidParameterError('run options', options, 'an object such as { maxSpikes: 1000 } or { maxTimeSeconds: 1 }');
  }
  const maxSpikes = options.maxSpikes ?? Infinity;
  const maxTimeSeconds = options.maxTimeSeconds ?? Infinity;
  if (typeof maxSpikes !== 'number') throw new InvalidParameterError('maxSpikes', maxSpikes, 'an integer ≥ 0 (a number)');
  if (typeof maxTimeSeconds !== 'number') throw new InvalidParameterError('maxTimeSeconds', maxTimeSeconds, 'a number of seconds ≥ 0');
  if (options.onSpike !== undefined && typeof options.onSpike !== 'function') throw new InvalidParameterError('onSpike', options.onSpike, 'a function (timeSeconds, neuron) => void');
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') throw new InvalidParameterError('onProgress', options.onProgress, 'a function (spikesDone) => void');
  if (options.record !== undefined && typeof (options.record as { push?: unknown } | null)?.push !== 'function') {
    throw new InvalidParameterError('record', options.record, 'a spike recorder with push(timeSeconds, neuron), e.g. a SpikeTrain');
  }
  // a safe integer: beyond 2^53 the engines' spike counter (spikes++) stops counting and the run never ends
  if (maxSpikes !== Infinity && (!Number.isSafeInteger(maxSpikes) || maxSpikes < 0)) {
    throw new InvalidParameterError('maxSpikes', maxSpikes, 'an integer in [0, 2^53 - 1] (or Infinity with a time limit)');
  }
  if (Number.isNaN(maxTimeSeconds) || maxTimeSeconds < 0 || maxTimeSeconds === -Infinity) {
    throw new InvalidParameterError('maxTimeSeconds', maxTimeSeconds, `a number ≥ 0 (the simulation is at ${nowSeconds} s)`);
  }
  if (maxSpikes === Infinity && maxTimeSeconds === Infinity) {
    throw new InvalidParameterError('maxSpikes/maxTimeSeconds', 'both unbounded', 'at least one finite limit');
  }
  const progressEvery = options.progressEvery ?? 65536;
  if (!Number.isInteger(progressEvery) || progressEvery < 1) {
    throw new InvalidParameterError('progressEvery', progressEvery, 'an integer ≥ 1');
  }
  return { maxSpikes, maxTimeSeconds, progressEvery };
}

/**
 * The summary of a run asked to stop at or before the current time: it does
 * nothing (the clock never runs backwards), or undefined when the limit lies
 * ahead. Engines return it before touching their state.
 */
export function pastTimeLimit(neurons: number, maxTimeSeconds: number, nowSeconds: number): RunSummary | undefined {
  return maxTimeSeconds <= nowSeconds ? summarize(neurons, 0, nowSeconds, nowSeconds, 0) : undefined;
}

/** Build the summary of a finished run. */
export function summarize(neurons: number, spikes: number, startSeconds: number, endSeconds: number, wallSeconds: number) {
  const span = endSeconds - startSeconds;
  return {
    neurons,
    spikes,
    startSeconds,
    endSeconds,
    rateHz: span > 0 ? spikes / span / neurons : 0,
    wallSeconds,
    nsPerSpike: spikes > 0 ? (wallSeconds * 1e9) / spikes : 0,
  };
}
