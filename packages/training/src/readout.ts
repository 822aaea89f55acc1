import { InvalidParameterError, type SpikeTrain } from '@sparseprop/core';
import { requireAbove, requireFinite, requireInteger } from '@sparseprop/core/plugin';

/** The kernel κ a readout filters spikes with (u = time since the spike, seconds; κ = 0 for u < 0). */
export type ReadoutKernel =
  /** `κ(u) = exp(−u/τ_r)`: jumps by 1 at each spike (the sampled loss is piecewise smooth in the spike times). */
  | 'exponential'
  /** `κ(u) = (u/τ_r) exp(−u/τ_r)`: continuous, peak `1/e` at `u = τ_r`. */
  | 'alpha';

/** Sampling times `startSeconds + g · stepSeconds`, `g = 0 … count−1`. */
export interface ReadoutGrid {
  readonly startSeconds: number;
  readonly stepSeconds: number;
  readonly count: number;
}

/** Settings of a {@link Readout}. */
export interface ReadoutOptions {
  /** Output channels C (integer ≥ 1). */
  readonly channels: number;
  /** Network neurons N read out (integer ≥ 1). */
  readonly size: number;
  /** `"exponential"` (default) or `"alpha"`. */
  readonly kernel?: ReadoutKernel;
  /** Kernel time constant τ_r, seconds (> 0). */
  readonly kernelTauSeconds: number;
  /** Where the readout is sampled. */
  readonly grid: ReadoutGrid;
}

/** Gradients of a loss of the readout samples (see {@link Readout.backward}). */
export interface ReadoutGradients {
  /** ∂L/∂t_s for every spike of the train, per second: feeds {@link spikeTimeGradients}. */
  readonly dLossDTimes: Float64Array;
  /** ∂L/∂w_out[c, i], row-major `c · N + i`. */
  readonly weightGradient: Float64Array;
  /** ∂L/∂b_c. */
  readonly biasGradient: Float64Array;
}

/**
 * A linear readout of filtered spike trains,
 * `y_c(t) = Σ_i w_out[c, i] (κ * S_i)(t) + b_c`, sampled on a grid, with
 * the exact adjoint: given ∂L/∂y_c(t_g), the derivatives with respect to
 * every spike time, readout weight and bias.
 *
 * Both directions are single sweeps over the (time-sorted) train and the
 * grid with C running sums (two for the alpha kernel): O(C) per spike and
 * per sample, no N × G trace matrix. A spike at exactly a sample time
 * counts in that sample (κ(0) = 1 for the exponential kernel).
 *
 * @example
 * const readout = new Readout({ channels: 2, size: n, kernelTauSeconds: 0.01, grid: { startSeconds: 0, stepSeconds: 1e-3, count: 500 } });
 * const y = readout.predict(train);                  // y[c · G + g]
 * const g = readout.backward(train, dLossDY);        // g.dLossDTimes → spikeTimeGradients
 */
export class Readout {
  readonly channels: number;
  readonly size: number;
  readonly kernel: ReadoutKernel;
  readonly kernelTauSeconds: number;
  readonly grid: ReadoutGrid;
  /** w_out[c, i] at `c · N + i` (dimensionless output per unit of filtered spike train); trainable, starts at 0. */
  readonly weights: Float64Array;
  /** b_c; trainable, starts at 0. */
  readonly bias: Float64Array;
  private readonly a0: Float64Array;
  private readonly a1: Float64Array;

  constructor(options: ReadoutOptions) {
    this.channels = requireInteger('channels', options.channels, 1, 2 ** 20);
    this.size = requireInteger('size', options.size, 1, 2 ** 31 - 1);
    this.kernel = options.kernel ?? 'exponential';
    if (this.kernel !== 'exponential' && this.kernel !== 'alpha') throw new InvalidParameterError('kernel', this.kernel, '"exponential" or "alpha"');
    this.kernelTauSeconds = requireAbove('kernelTauSeconds', options.kernelTauSeconds, 0);
    const grid = options.grid;
    requireFinite('grid.startSeconds', grid.startSeconds);
    requireAbove('grid.stepSeconds', grid.stepSeconds, 0);
    requireInteger('grid.count', grid.count, 1, 2 ** 31 - 1);
    this.grid = { startSeconds: grid.startSeconds, stepSeconds: grid.stepSeconds, count: grid.count };
    this.weights = new Float64Array(this.channels * this.size);
    this.bias = new Float64Array(this.channels);
    this.a0 = new Float64Array(this.channels);
    this.a1 = new Float64Array(this.channels);
  }

  /** Time of sample `g`, seconds. */
  sampleTime(g: number): number {
    return this.grid.startSeconds + g * this.grid.stepSeconds;
  }

  /** The samples `y_c(t_g)` at `c · G + g` (train sorted by time; neurons in [0, N)). */
  predict(train: SpikeTrain): Float64Array {
    const { channels: C, size: N, weights, bias } = this;
    const G = this.grid.count;
    const times = train.times, neurons = train.neurons, spikes = train.length;
    this.checkTrain(train);
    const tau = this.kernelTauSeconds, alpha = this.kernel === 'alpha';
    const a0 = this.a0.fill(0), a1 = this.a1.fill(0);
    const y = new Float64Array(C * G);
    let clock = -Infinity, s = 0;
    for (let g = 0; g < G; g++) {
      const tg = this.sampleTime(g);
      while (s < spikes && times[s] <= tg) {
        clock = advance(a0, a1, clock, times[s], tau);
        const i = neurons[s];
        for (let c = 0; c < C; c++) a0[c] += weights[c * N + i];
        s++;
      }
      clock = advance(a0, a1, clock, tg, tau);
      for (let c = 0; c < C; c++) y[c * G + g] = (alpha ? a1[c] : a0[c]) + bias[c];
    }
    return y;
  }

  /**
   * The adjoint of {@link predict}: from ∂L/∂y_c(t_g) (at `c · G + g`),
   * ∂L/∂t_s per spike, ∂L/∂w_out and ∂L/∂b, in one backward sweep.
   */
  backward(train: SpikeTrain, dLossDY: Float64Array): ReadoutGradients {
    const { channels: C, size: N, weights } = this;
    const G = this.grid.count;
    if (dLossDY.length !== C * G) throw new InvalidParameterError('dLossDY.length', dLossDY.length, `channels × grid.count = ${C * G}`);
    this.checkTrain(train);
    const times = train.times, neurons = train.neurons, spikes = train.length;
    const tau = this.kernelTauSeconds, alpha = this.kernel === 'alpha';
    const e0 = this.a0.fill(0), e1 = this.a1.fill(0);
    const dLossDTimes = new Float64Array(spikes);
    const weightGradient = new Float64Array(C * N);
    const biasGradient = new Float64Array(C);
    for (let c = 0; c < C; c++) for (let g = 0; g < G; g++) biasGradient[c] += dLossDY[c * G + g];
    // anti-causal sums at time t: E0_c = Σ_{t_g ≥ t} e_cg exp(−(t_g − t)/τ), E1_c = Σ e_cg ((t_g − t)/τ) exp(−(t_g − t)/τ)
    let clock = Infinity, g = G - 1;
    for (let s = spikes - 1; s >= 0; s--) {
      const t = times[s];
      while (g >= 0 && this.sampleTime(g) >= t) {
        clock = retreat(e0, e1, clock, this.sampleTime(g), tau);
        for (let c = 0; c < C; c++) e0[c] += dLossDY[c * G + g];
        g--;
      }
      clock = retreat(e0, e1, clock, t, tau);
      const i = neurons[s];
      let d = 0;
      if (alpha) {
        // y_c has Σ w κ(t_g − t_s): ∂/∂t_s = −κ'(u) = −(1/τ)(1 − u/τ) e^{−u/τ}
        for (let c = 0; c < C; c++) {
          const w = weights[c * N + i];
          d += w * (e1[c] - e0[c]);
          weightGradient[c * N + i] += e1[c];
        }
      } else {
        // κ = e^{−u/τ}: ∂/∂t_s = κ/τ
        for (let c = 0; c < C; c++) {
          d += weights[c * N + i] * e0[c];
          weightGradient[c * N + i] += e0[c];
        }
      }
      dLossDTimes[s] = d / tau;
    }
    return { dLossDTimes, weightGradient, biasGradient };
  }

  /**
   * The filtered spike train of every neuron at every sample, `(κ*S_i)(t_g)`
   * at `i · G + g` (N × G numbers): the features `predict` weights. For
   * fitting the readout by least squares; O(N G + spikes).
   */
  traces(train: SpikeTrain): Float64Array {
    this.checkTrain(train);
    const N = this.size, G = this.grid.count, tau = this.kernelTauSeconds, alpha = this.kernel === 'alpha';
    const times = train.times, neurons = train.neurons, spikes = train.length;
    const a0 = new Float64Array(N), a1 = new Float64Array(N), at = new Float64Array(N).fill(-Infinity);
    const out = new Float64Array(N * G);
    const move = (i: number, t: number) => {
      if (at[i] === -Infinity || t === at[i]) {
        at[i] = t;
        return;
      }
      const x = (t - at[i]) / tau, d = Math.exp(-x);
      a1[i] = d * (a1[i] + x * a0[i]);
      a0[i] *= d;
      at[i] = t;
    };
    let s = 0;
    for (let g = 0; g < G; g++) {
      const tg = this.sampleTime(g);
      while (s < spikes && times[s] <= tg) {
        move(neurons[s], times[s]);
        a0[neurons[s]] += 1;
        s++;
      }
      for (let i = 0; i < N; i++) {
        move(i, tg);
        out[i * G + g] = alpha ? a1[i] : a0[i];
      }
    }
    return out;
  }

  private checkTrain(train: SpikeTrain): void {
    const times = train.times, neurons = train.neurons, N = this.size;
    let previous = -Infinity;
    for (let s = 0; s < train.length; s++) {
      const t = times[s], i = neurons[s];
      if (!(t >= previous) || !Number.isFinite(t)) throw new InvalidParameterError(`train.times[${s}]`, t, `a finite time ≥ the previous spike's (${previous} s)`);
      if (!(i >= 0 && i < N)) throw new InvalidParameterError(`train neuron ${s}`, i, `an index in [0, ${N - 1}]`);
      previous = t;
    }
  }
}

/** Move causal sums from `clock` forward to `t` (≥ clock): A1 ← d (A1 + x A0), A0 ← d A0 with x = Δ/τ, d = e^{−x}. */
function advance(a0: Float64Array, a1: Float64Array, clock: number, t: number, tau: number): number {
  if (clock === -Infinity || t === clock) return t;
  const x = (t - clock) / tau, d = Math.exp(-x);
  for (let c = 0; c < a0.length; c++) {
    a1[c] = d * (a1[c] + x * a0[c]);
    a0[c] *= d;
  }
  return t;
}

/** Move anti-causal sums from `clock` back to `t` (≤ clock): E1 ← d (E1 + x E0), E0 ← d E0. */
function retreat(e0: Float64Array, e1: Float64Array, clock: number, t: number, tau: number): number {
  if (clock === Infinity || t === clock) return t;
  const x = (clock - t) / tau, d = Math.exp(-x);
  for (let c = 0; c < e0.length; c++) {
    e1[c] = d * (e1[c] + x * e0[c]);
    e0[c] *= d;
  }
  return t;
}
