import { InvalidParameterError } from '../errors/errors.js';
import type { RunOptions } from '../contracts/simulator.js';

/** Validated stop limits of a run. */
export interface RunLimits {
  maxSpikes: number;
  maxTimeSeconds: number;
  progressEvery: number;
}

/** Check a run's limits: at least one finite, none negative or NaN. */
export function runLimits(options: RunOptions, nowSeconds: number): RunLimits {
  const maxSpikes = options.maxSpikes ?? Infinity;
  const maxTimeSeconds = options.maxTimeSeconds ?? Infinity;
  if (maxSpikes !== Infinity && (!Number.isInteger(maxSpikes) || maxSpikes < 0)) {
    throw new InvalidParameterError('maxSpikes', maxSpikes, 'an integer ≥ 0');
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
