import { InvalidParameterError, type SpikeTrain } from '@sparseprop/core';
import { requireFinite } from '@sparseprop/core/plugin';
import type { Readout } from './readout.js';

/** The mean squared error of a readout against targets, with every derivative a training step needs. */
export interface ReadoutLoss {
  /** `L = (1 / (C G')) Σ_c Σ_{t_g ≥ burn-in} (y_c(t_g) − target_c(t_g))²` (units of y²). */
  readonly value: number;
  /** `L` divided by the mean over channels of each target's variance over the same samples (1 = predicting each target's mean; NaN for constant targets). */
  readonly normalized: number;
  /** The readout samples y (at `c · G + g`). */
  readonly prediction: Float64Array;
  /** ∂L/∂t_s per spike (per second). */
  readonly dLossDTimes: Float64Array;
  /** ∂L/∂w_out (`c · N + i`). */
  readonly weightGradient: Float64Array;
  /** ∂L/∂b_c. */
  readonly biasGradient: Float64Array;
  /** Samples counted per channel (G', after the burn-in). */
  readonly samples: number;
}

/**
 * Mean squared error of `readout` on `train` against `target` (at
 * `c · G + g`, finite), counting only samples at `t_g ≥ burnInSeconds`
 * (the network's transient from its initial state is not scored).
 * @throws InvalidParameterError when no sample is left after the burn-in, or for a wrong target length / non-finite target
 */
export function readoutMse(readout: Readout, train: SpikeTrain, target: Float64Array, burnInSeconds = 0): ReadoutLoss {
  const C = readout.channels, G = readout.grid.count;
  if (target.length !== C * G) throw new InvalidParameterError('target.length', target.length, `channels × grid.count = ${C * G}`);
  requireFinite('burnInSeconds', burnInSeconds);
  let first = 0;
  while (first < G && readout.sampleTime(first) < burnInSeconds) first++;
  const samples = G - first;
  if (samples === 0) throw new InvalidParameterError('burnInSeconds', burnInSeconds, `before the last sample (${readout.sampleTime(G - 1)} s)`);
  const prediction = readout.predict(train);
  const dLossDY = new Float64Array(C * G);
  const scale = 1 / (C * samples);
  let value = 0, variance = 0;
  for (let c = 0; c < C; c++) {
    let mean = 0;
    for (let g = first; g < G; g++) {
      const x = target[c * G + g];
      if (!Number.isFinite(x)) throw new InvalidParameterError(`target[${c * G + g}]`, x, 'a finite number');
      mean += x;
    }
    mean /= samples;
    for (let g = first; g < G; g++) {
      const k = c * G + g;
      const d = prediction[k] - target[k];
      value += d * d;
      dLossDY[k] = 2 * d * scale;
      const t = target[k] - mean;
      variance += t * t;
    }
  }
  value *= scale;
  variance *= scale;
  const { dLossDTimes, weightGradient, biasGradient } = readout.backward(train, dLossDY);
  return { value, normalized: value / variance, prediction, dLossDTimes, weightGradient, biasGradient, samples };
}
