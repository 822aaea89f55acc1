import type { InputSource } from '@sparseprop/core';
import { piecewiseLinearRate, PoissonPopulationSource, RandomStream } from '@sparseprop/network';
import type { InputEvents } from '../input-events.js';

/**
 * S independent Ornstein–Uhlenbeck signals sampled every `stepSeconds`
 * (exact discretisation: `s ← s e^{−Δ/τ_s} + σ √(1 − e^{−2Δ/τ_s}) ξ`, started
 * from the stationary law), row-major `c · G + g`.
 */
export function ouSignals(signals: number, samples: number, stepSeconds: number, std: number, correlationSeconds: number, seed: number): Float64Array {
  const out = new Float64Array(signals * samples);
  const decay = Math.exp(-stepSeconds / correlationSeconds);
  const kick = std * Math.sqrt(1 - decay * decay);
  for (let c = 0; c < signals; c++) {
    const random = new RandomStream(seed, 1000 + c);
    let s = std * random.normal();
    for (let g = 0; g < samples; g++) {
      out[c * samples + g] = s;
      s = s * decay + kick * random.normal();
    }
  }
  return out;
}

/**
 * Input events of S channels onto N neurons: every neuron receives from
 * every channel `c` its own Poisson train of rate `rateHz · max(0, 1 + s_c(t))`
 * (`@sparseprop/network`'s {@link PoissonPopulationSource}, one source per
 * neuron, linear interpolation between the samples), through the trainable
 * weight `c · N + i`. Returns the events merged in time order, stopping at
 * `endSeconds`.
 */
export function signalDrivenInputs(
  signal: Float64Array,
  signals: number,
  stepSeconds: number,
  n: number,
  rateHz: number,
  weights: Float64Array,
  endSeconds: number,
  seed: number,
): InputEvents {
  const samples = signal.length / signals;
  const sampleTimes = Float64Array.from({ length: samples }, (_, g) => g * stepSeconds);
  const sources: InputSource[] = [];
  for (let c = 0; c < signals; c++) {
    const rates = Float64Array.from(signal.subarray(c * samples, (c + 1) * samples), (s) => rateHz * Math.max(0, 1 + s));
    const { rate, maxRate, meanRate } = piecewiseLinearRate(sampleTimes, rates);
    sources.push(new PoissonPopulationSource(`signal ${c}`, 0, n, rate, maxRate, seed, c, meanRate));
  }
  const times: number[] = [], targets: number[] = [], channels: number[] = [];
  for (;;) {
    let best = -1, bestTime = Infinity;
    for (let c = 0; c < signals; c++) {
      const t = sources[c].peekTime();
      if (t < bestTime) {
        bestTime = t;
        best = c;
      }
    }
    if (best < 0 || bestTime >= endSeconds) break;
    const i = sources[best].peekTarget();
    times.push(bestTime);
    targets.push(i);
    channels.push(best * n + i);
    sources[best].pop();
  }
  return { times: Float64Array.from(times), targets: Int32Array.from(targets), channels: Int32Array.from(channels), weights };
}
