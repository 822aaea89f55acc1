import type { KickEvents } from '../contracts/engine-options.js';
import { InvalidParameterError } from '../errors/errors.js';

/**
 * Throws {@link InvalidParameterError} naming the first bad field of
 * `events` (as `inputEvents.FIELD[q]`) for a network of `n` neurons: arrays
 * of equal length, times finite and non-decreasing, targets in [0, n),
 * channels in [0, weights.length), weights finite.
 */
export function checkKickEvents(events: KickEvents, n: number): void {
  const { times, targets, channels, weights } = events;
  if (!(times instanceof Float64Array)) throw new InvalidParameterError('inputEvents.times', times, 'a Float64Array of times in seconds');
  if (!(targets instanceof Int32Array)) throw new InvalidParameterError('inputEvents.targets', targets, 'an Int32Array of neuron indices');
  if (!(channels instanceof Int32Array)) throw new InvalidParameterError('inputEvents.channels', channels, 'an Int32Array of weight indices');
  if (!(weights instanceof Float64Array)) throw new InvalidParameterError('inputEvents.weights', weights, 'a Float64Array of jumps');
  const m = times.length;
  if (targets.length !== m) throw new InvalidParameterError('inputEvents.targets.length', targets.length, `equal to inputEvents.times.length (${m})`);
  if (channels.length !== m) throw new InvalidParameterError('inputEvents.channels.length', channels.length, `equal to inputEvents.times.length (${m})`);
  for (let c = 0; c < weights.length; c++) {
    if (!Number.isFinite(weights[c])) throw new InvalidParameterError(`inputEvents.weights[${c}]`, weights[c], 'a finite number');
  }
  let previous = -Infinity;
  for (let q = 0; q < m; q++) {
    const t = times[q];
    if (!Number.isFinite(t) || t < previous) throw new InvalidParameterError(`inputEvents.times[${q}]`, t, `a finite time in seconds ≥ the previous one (${previous})`);
    previous = t;
    const i = targets[q];
    if (!(i >= 0 && i < n)) throw new InvalidParameterError(`inputEvents.targets[${q}]`, i, `a neuron index in [0, ${n - 1}]`);
    const c = channels[q];
    if (!(c >= 0 && c < weights.length)) throw new InvalidParameterError(`inputEvents.channels[${q}]`, c, `a weight index in [0, ${weights.length - 1}]`);
  }
}
