import { type Connectivity, type EventQueue, InvalidParameterError, type NeuronModel, RunawayExcitationError, SpikeTrain } from '@sparseprop/core';
import { checkPhases, requireAbove } from '@sparseprop/core/plugin';
import { checkInputEvents, type InputEvents } from './input-events.js';

/** Limits of {@link simulateWithInputs}: it stops at whichever comes first. */
export interface InputRunLimits {
  /** Largest number of spikes (integer ≥ 0; default unlimited). */
  readonly maxSpikes?: number;
  /** End time in seconds (> 0; default unlimited; one of the two limits is required). */
  readonly maxTimeSeconds?: number;
}

/**
 * The forward pass of a network driven by external {@link InputEvents}
 * (docs/algorithm.md §4, time frame): every neuron is keyed by its next spike
 * time in `queue`; an input event at time `t` kicks its target by its weight
 * before any spike at a time ≥ `t` (the order {@link spikeTimeGradients}
 * replays). O(K log N) per spike and O(log N) per input event.
 *
 * Works for any model and connectivity. Times are absolute (no rebase):
 * meant for trials of up to ~1e6 τ.
 *
 * @param queue an empty indexed min-queue of size N (e.g. a d-ary heap plugin's queue); rebuilt here
 * @returns the recorded spikes (seconds, neuron)
 */
export function simulateWithInputs(
  model: NeuronModel,
  queue: EventQueue,
  connectivity: Connectivity,
  initialPhases: Float64Array,
  tau: number,
  inputs: InputEvents | undefined,
  limits: InputRunLimits,
): SpikeTrain {
  requireAbove('tau', tau, 0);
  const n = model.size;
  if (connectivity.size !== n) throw new InvalidParameterError('connectivity.size', connectivity.size, `equal to the model size ${n}`);
  if (queue.size !== n) throw new InvalidParameterError('queue.size', queue.size, `equal to the model size ${n}`);
  checkPhases(model, initialPhases);
  if (inputs !== undefined) checkInputEvents(inputs, n);
  const maxSpikes = limits.maxSpikes ?? Infinity;
  const maxTime = limits.maxTimeSeconds ?? Infinity;
  if (!(maxSpikes >= 0)) throw new InvalidParameterError('maxSpikes', maxSpikes, 'an integer ≥ 0');
  if (!(maxTime > 0)) throw new InvalidParameterError('maxTimeSeconds', maxTime, 'a time in seconds > 0');
  if (maxSpikes === Infinity && maxTime === Infinity) throw new InvalidParameterError('limits', 'none', 'maxSpikes or maxTimeSeconds');
  const phiThreshold = model.phiThreshold, phiReset = model.phiReset;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = (phiThreshold - initialPhases[i]) / model.omega(i);
  queue.build(keys);
  const kMax = Math.max(1, connectivity.maxOutDegree);
  const targets = new Int32Array(kMax), weights = new Float64Array(kMax);
  const inputTimes = inputs?.times, inputTargets = inputs?.targets, inputChannels = inputs?.channels, inputWeights = inputs?.weights;
  const inputCount = inputTimes === undefined ? 0 : inputTimes.length;
  const timeEnd = maxTime / tau;
  const train = new SpikeTrain();
  let clock = -Infinity, input = 0, spikes = 0, atInstant = 0;
  while (spikes < maxSpikes) {
    const j = queue.peekIndex();
    let t = queue.peekKey();
    if (t < clock) t = clock; // pinned at threshold by an excitatory kick: spike now
    if (input < inputCount && inputTimes![input] / tau <= t) {
      const tin = inputTimes![input] / tau;
      if (tin > timeEnd) break;
      const i = inputTargets![input];
      const omega = model.omega(i);
      const phi = phiThreshold - omega * (queue.key(i) - tin);
      queue.update(i, tin + (phiThreshold - model.ptc(phi, inputWeights![inputChannels![input]], i)) / omega);
      if (tin > clock) {
        clock = tin;
        atInstant = 0; // time advanced: a spike triggered by this input is the first at its instant
      }
      input++;
      continue;
    }
    if (t > timeEnd) break;
    if (t === clock) {
      if (++atInstant > n) throw new RunawayExcitationError(t * tau, atInstant);
    } else atInstant = 0;
    clock = t;
    const count = connectivity.targetsOf(j, targets, weights);
    for (let e = 0; e < count; e++) {
      const i = targets[e];
      const omega = model.omega(i);
      const phi = phiThreshold - omega * (queue.key(i) - t);
      queue.update(i, t + (phiThreshold - model.ptc(phi, weights[e], i)) / omega);
    }
    queue.update(j, t + (phiThreshold - phiReset) / model.omega(j));
    train.push(t * tau, j);
    spikes++;
  }
  return train;
}
