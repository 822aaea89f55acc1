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
