import { InvalidParameterError } from '@sparseprop/core';

/**
 * External input events with trainable weights: event `q` kicks neuron
 * `targets[q]` at `times[q]` (seconds) by the voltage jump
 * `weights[channels[q]]`. Many events share one weight index (an input
 * channel's projection onto one neuron, or one channel onto all), so the
 * gradient with respect to `weights` collects over them. Inputs at the same
 * time as a spike are applied before it.
 */
export interface InputEvents {
  /** Event times in seconds, non-decreasing, finite. */
  readonly times: Float64Array;
  /** Target neuron of each event, in [0, N). */
  readonly targets: Int32Array;
  /** Weight index of each event, in [0, weights.length). */
  readonly channels: Int32Array;
  /** The trainable voltage jumps (dimensionless), one per weight index; finite. */
  readonly weights: Float64Array;
}

/** Throws {@link InvalidParameterError} naming the first bad field of `inputs` for a network of `n` neurons. */
export function checkInputEvents(inputs: InputEvents, n: number): void {
  const { times, targets, channels, weights } = inputs;
  const m = times.length;
  if (targets.length !== m) throw new InvalidParameterError('inputs.targets.length', targets.length, `equal to inputs.times.length (${m})`);
  if (channels.length !== m) throw new InvalidParameterError('inputs.channels.length', channels.length, `equal to inputs.times.length (${m})`);
  for (let c = 0; c < weights.length; c++) {
    if (!Number.isFinite(weights[c])) throw new InvalidParameterError(`inputs.weights[${c}]`, weights[c], 'a finite number');
  }
  let previous = -Infinity;
  for (let q = 0; q < m; q++) {
    const t = times[q];
    if (!Number.isFinite(t) || t < previous) throw new InvalidParameterError(`inputs.times[${q}]`, t, `a finite time in seconds ≥ the previous one (${previous})`);
    previous = t;
    const i = targets[q];
    if (!(i >= 0 && i < n)) throw new InvalidParameterError(`inputs.targets[${q}]`, i, `a neuron index in [0, ${n - 1}]`);
    const c = channels[q];
    if (!(c >= 0 && c < weights.length)) throw new InvalidParameterError(`inputs.channels[${q}]`, c, `a weight index in [0, ${weights.length - 1}]`);
  }
}
