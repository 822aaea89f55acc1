import { InvalidParameterError, type SpikeTrain } from '@sparseprop/core';
import { requireAbove, requireFinite, requireInteger } from '@sparseprop/core/plugin';
import type { SpikeTimeLoss } from './losses.js';

/** Settings of {@link rateRegularizer}. */
export interface RateRegularizerOptions {
  /** Network neurons N (integer ≥ 1). */
  readonly size: number;
  /** Target rate ν0, Hz (≥ 0). */
  readonly targetRateHz: number;
  /** Strength λ (≥ 0; units of the loss per Hz²). */
  readonly strength: number;
  /** Kernel time constant τ_r of the rate estimate, seconds (> 0). */
  readonly kernelTauSeconds: number;
  /** Averaging window [startSeconds, endSeconds) sampled every stepSeconds. */
  readonly startSeconds: number;
  readonly endSeconds: number;
  readonly stepSeconds: number;
}

/**
 * A differentiable spike-count regulariser:
 * `L = (λ/N) Σ_i (ν̂_i − ν0)²` with `ν̂_i = (1/(G τ_r)) Σ_g Σ_{s ∈ i} exp(−(t_g − t_s)/τ_r)`,
 * the neuron's exponentially filtered spike train (in Hz) averaged over the
 * G samples of the window. A plain count is piecewise constant in the spike
 * times (zero gradient); ν̂ moves continuously as spikes move (except when a
 * spike crosses a sample time) and equals the count per second up to the
 * kernel's edge effects. Returns ∂L/∂t_s per spike (per second).
 */
export function rateRegularizer(train: SpikeTrain, options: RateRegularizerOptions): SpikeTimeLoss & { readonly rates: Float64Array } {
  const N = requireInteger('size', options.size, 1, 2 ** 31 - 1);
  const nu0 = requireFinite('targetRateHz', options.targetRateHz);
  const lambda = requireFinite('strength', options.strength);
  if (lambda < 0) throw new InvalidParameterError('strength', lambda, 'a number ≥ 0');
  const tau = requireAbove('kernelTauSeconds', options.kernelTauSeconds, 0);
  const step = requireAbove('stepSeconds', options.stepSeconds, 0);
  const start = requireFinite('startSeconds', options.startSeconds);
  const end = requireFinite('endSeconds', options.endSeconds);
  const G = Math.ceil((end - start) / step);
  if (!(G >= 1)) throw new InvalidParameterError('endSeconds', end, `after startSeconds + stepSeconds (${start + step} s)`);
  const times = train.times, neurons = train.neurons, spikes = train.length;
  // S(t) = Σ_{t_g ≥ t} exp(−(t_g − t)/τ) over the window's samples, and its derivative S/τ, at every spike (backward sweep)
  const sum = new Float64Array(spikes);
  let e = 0, clock = Infinity, g = G - 1;
  for (let s = spikes - 1; s >= 0; s--) {
    const t = times[s];
    if (!Number.isFinite(t)) throw new InvalidParameterError(`train.times[${s}]`, t, 'a finite time in seconds');
    const i = neurons[s];
    if (!(i >= 0 && i < N)) throw new InvalidParameterError(`train neuron ${s}`, i, `an index in [0, ${N - 1}]`);
    while (g >= 0 && start + g * step >= t) {
      const tg = start + g * step;
      if (clock !== Infinity) e *= Math.exp(-(clock - tg) / tau);
      e += 1;
      clock = tg;
      g--;
    }
    if (clock !== Infinity && clock !== t) e *= Math.exp(-(clock - t) / tau);
    if (clock !== Infinity) clock = t;
    sum[s] = e;
  }
  const rates = new Float64Array(N);
  const norm = 1 / (G * tau);
  for (let s = 0; s < spikes; s++) rates[neurons[s]] += sum[s] * norm;
  let value = 0;
  for (let i = 0; i < N; i++) value += (rates[i] - nu0) ** 2;
  value *= lambda / N;
  const dLossDTimes = new Float64Array(spikes);
  for (let s = 0; s < spikes; s++) {
    const i = neurons[s];
    dLossDTimes[s] = ((2 * lambda) / N) * (rates[i] - nu0) * norm * (sum[s] / tau); // ∂ν̂_i/∂t_s = norm · S(t_s)/τ
  }
  return { value, dLossDTimes, rates };
}
