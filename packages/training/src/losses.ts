import { InvalidParameterError, type SpikeTrain } from '@sparseprop/core';

/** A loss value and its derivative with respect to every recorded spike time. */
export interface SpikeTimeLoss {
  /** The loss (units of the loss; seconds² for the squared error). */
  readonly value: number;
  /** ∂L/∂t_s for every spike of the train, per second. */
  readonly dLossDTimes: Float64Array;
}

/**
 * Half the sum of squared differences between the recorded spike times and
 * `targetTimes` (seconds), spike by spike: `L = ½ Σ_s (t_s − target_s)²`.
 * `targetTimes` must have one entry per recorded spike.
 */
export function squaredSpikeTimeError(train: SpikeTrain, targetTimes: Float64Array): SpikeTimeLoss {
  if (targetTimes.length !== train.length) {
    throw new InvalidParameterError('targetTimes.length', targetTimes.length, `equal to the number of recorded spikes (${train.length})`);
  }
  const times = train.times;
  const dLossDTimes = new Float64Array(train.length);
  let value = 0;
  for (let s = 0; s < train.length; s++) {
    const d = times[s] - targetTimes[s];
    value += 0.5 * d * d;
    dLossDTimes[s] = d;
  }
  return { value, dLossDTimes };
}

/**
 * `L = ½ Σ_{s < M} t_s²` over the first `M` spikes (seconds²; `spike-times`
 * in `sparseprop grad`): a loss whose gradient every exact tool can
 * reproduce, for comparing them. `M` defaults to every spike; spikes after
 * the first M get ∂L/∂t = 0.
 */
export function squaredSpikeTimes(train: SpikeTrain, firstSpikes = train.length): SpikeTimeLoss {
  if (!Number.isInteger(firstSpikes) || firstSpikes < 0) throw new InvalidParameterError('firstSpikes', firstSpikes, 'an integer ≥ 0');
  const m = Math.min(firstSpikes, train.length);
  const times = train.times;
  const dLossDTimes = new Float64Array(train.length);
  let value = 0;
  for (let s = 0; s < m; s++) {
    value += 0.5 * times[s] * times[s];
    dLossDTimes[s] = times[s];
  }
  return { value, dLossDTimes };
}

/** Σ of several losses of the same train: values add, and so do their ∂L/∂t_s. */
export function sumLosses(...losses: SpikeTimeLoss[]): SpikeTimeLoss {
  if (losses.length === 0) throw new InvalidParameterError('losses', 0, 'at least one loss');
  const length = losses[0].dLossDTimes.length;
  const dLossDTimes = new Float64Array(length);
  let value = 0;
  for (const [k, loss] of losses.entries()) {
    if (loss.dLossDTimes.length !== length) throw new InvalidParameterError(`losses[${k}].dLossDTimes.length`, loss.dLossDTimes.length, `equal to ${length}`);
    value += loss.value;
    for (let s = 0; s < length; s++) dLossDTimes[s] += loss.dLossDTimes[s];
  }
  return { value, dLossDTimes };
}
