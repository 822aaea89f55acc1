import { InvalidParameterError, type NeuronModel, SparseConnectivity } from '@sparseprop/core';
import { requireAbove, requireInteger, Xoroshiro128Plus } from '@sparseprop/core/plugin';
import { RandomStream } from '@sparseprop/network';
import { IndexedDaryHeap } from '@sparseprop/queue-heap';
import { simulateWithInputs } from '../input-forward.js';
import { signsOf } from '../optimizers.js';
import { Readout, type ReadoutKernel } from '../readout.js';
import { readoutMse } from '../readout-mse.js';
import { spikeTimeGradients } from '../spike-time-gradients.js';
import type { TrainingTask, TrialResult } from '../trainer.js';
import { ouSignals, signalDrivenInputs } from './signal-inputs.js';

/** Settings of the OU-tracking task (units in brackets). */
export interface OuTrackingConfig {
  /** Neurons N (integer ≥ 2). */
  readonly n: number;
  /** Out-degree K: distinct random targets per neuron (integer in [1, N−1]). */
  readonly k: number;
  /** Coupling strength J0: recurrent weights start at −J0/√K × (1 ± weightJitter) [threshold units]. */
  readonly j0: number;
  /** Relative spread of the initial weights, uniform (in [0, 1)). */
  readonly weightJitter: number;
  /** Constant drive iext [dimensionless, > 0 for LIF tonic firing]. */
  readonly iext: number;
  /** Membrane time constant τ [s]. */
  readonly tauSeconds: number;
  /** Signals S (integer ≥ 1). */
  readonly signals: number;
  /** Standard deviation of each OU signal [unit-free]. */
  readonly signalStd: number;
  /** Correlation time of the signals [s]. */
  readonly correlationSeconds: number;
  /** Poisson input rate per neuron and channel at s = 0 [Hz]; it follows `rate (1 + s_c(t))`. */
  readonly inputRateHz: number;
  /** Initial input weights w_in[c, i] ~ N(inputWeightMean, inputWeightStd²) [threshold units]. */
  readonly inputWeightMean: number;
  readonly inputWeightStd: number;
  /** Trial length and burn-in (not scored) [s]. */
  readonly trialSeconds: number;
  readonly burnInSeconds: number;
  /** Readout sampling step [s], kernel and its time constant [s]. */
  readonly stepSeconds: number;
  readonly readoutKernel: ReadoutKernel;
  readonly readoutTauSeconds: number;
  /** Seed of the network and initial weights (integer in [0, 2^32)). */
  readonly networkSeed: number;
}

/** Defaults: a sparse inhibitory LIF network of 200 neurons, K = 50, tracking 2 OU signals (std 0.2, correlation 0.5 τ). */
export const OU_TRACKING_DEFAULTS: OuTrackingConfig = {
  n: 200,
  k: 50,
  j0: 1,
  weightJitter: 0.5,
  iext: 0.5,
  tauSeconds: 0.01,
  signals: 2,
  signalStd: 0.2,
  correlationSeconds: 0.005,
  inputRateHz: 100,
  inputWeightMean: 0,
  inputWeightStd: 0.1,
  trialSeconds: 0.2,
  burnInSeconds: 0.02,
  stepSeconds: 0.001,
  readoutKernel: 'exponential',
  readoutTauSeconds: 0.01,
  networkSeed: 1,
};

/**
 * OU tracking: a sparse inhibitory network receives S Ornstein–Uhlenbeck
 * signals through Poisson input channels with trainable weights
 * (`input`, c · N + i) and is trained, with its recurrent weights
 * (`recurrent`, CSR order, Dale: they stay ≤ 0) and a linear readout
 * (`readoutWeights`, `readoutBias`), so that readout c tracks signal c.
 * Each trial draws fresh signals, input spikes and initial phases from its
 * seed; the loss is the readout MSE after the burn-in; the reported error
 * its normalised MSE.
 */
export class OuTrackingTask implements TrainingTask {
  readonly config: OuTrackingConfig;
  readonly connectivity: SparseConnectivity;
  readonly readout: Readout;
  readonly parameters: Record<string, Float64Array>;
  readonly signs: Record<string, Int8Array>;
  /** The recurrent weights before training (for the balance index). */
  readonly initialRecurrent: Float64Array;
  private readonly queue: IndexedDaryHeap;

  /** @param model a homogeneous or heterogeneous neuron model of size N (e.g. LIF with drive `config.iext`) */
  constructor(
    config: Partial<OuTrackingConfig>,
    readonly model: NeuronModel,
  ) {
    const c = { ...OU_TRACKING_DEFAULTS, ...config };
    requireInteger('n', c.n, 2, 2 ** 24);
    requireInteger('k', c.k, 1, c.n - 1);
    requireInteger('signals', c.signals, 1, 64);
    requireAbove('tauSeconds', c.tauSeconds, 0);
    requireAbove('trialSeconds', c.trialSeconds, 0);
    requireAbove('stepSeconds', c.stepSeconds, 0);
    requireAbove('correlationSeconds', c.correlationSeconds, 0);
    requireAbove('inputRateHz', c.inputRateHz, 0);
    if (!(c.burnInSeconds >= 0 && c.burnInSeconds < c.trialSeconds)) throw new InvalidParameterError('burnInSeconds', c.burnInSeconds, `in [0, trialSeconds = ${c.trialSeconds})`);
    if (!(c.weightJitter >= 0 && c.weightJitter < 1)) throw new InvalidParameterError('weightJitter', c.weightJitter, 'in [0, 1)');
    if (model.size !== c.n) throw new InvalidParameterError('model.size', model.size, `equal to n = ${c.n}`);
    this.config = c;
    this.connectivity = randomInhibitoryNetwork(c.n, c.k, c.j0, c.weightJitter, c.networkSeed);
    this.initialRecurrent = this.connectivity.weight.slice();
    const samples = Math.round(c.trialSeconds / c.stepSeconds);
    this.readout = new Readout({ channels: c.signals, size: c.n, kernel: c.readoutKernel, kernelTauSeconds: c.readoutTauSeconds, grid: { startSeconds: 0, stepSeconds: c.stepSeconds, count: samples } });
    const input = new Float64Array(c.signals * c.n);
    const random = new RandomStream(c.networkSeed, 7);
    for (let q = 0; q < input.length; q++) input[q] = c.inputWeightMean + c.inputWeightStd * random.normal();
    this.parameters = { recurrent: this.connectivity.weight, input, readoutWeights: this.readout.weights, readoutBias: this.readout.bias };
    this.signs = { recurrent: signsOf(this.connectivity.weight) };
    this.queue = new IndexedDaryHeap(c.n, 4);
  }

  /** The signals, input events, initial phases and spikes of trial `seed` with the current parameters. */
  simulate(seed: number) {
    const c = this.config;
    const samples = this.readout.grid.count;
    // the signal is sampled one step past the trial so the rate is defined up to its end
    const signal = ouSignals(c.signals, samples + 1, c.stepSeconds, c.signalStd, c.correlationSeconds, seed);
    const inputs = signalDrivenInputs(signal, c.signals, c.stepSeconds, c.n, c.inputRateHz, this.parameters.input, c.trialSeconds, seed);
    const phases = new Float64Array(c.n);
    const random = new RandomStream(seed, 4096); // streams 0 … S−1 drive the input channels, 1000 + c the signals
    const { phiReset, phiThreshold } = this.model;
    for (let i = 0; i < c.n; i++) phases[i] = phiReset + random.uniform() * (phiThreshold - phiReset);
    const train = simulateWithInputs(this.model, this.queue, this.connectivity, phases, c.tauSeconds, inputs, { maxTimeSeconds: c.trialSeconds });
    const target = new Float64Array(c.signals * samples);
    for (let ch = 0; ch < c.signals; ch++) target.set(signal.subarray(ch * (samples + 1), ch * (samples + 1) + samples), ch * samples);
    return { target, inputs, phases, train };
  }

  /**
   * Set the readout to the ridge-regression fit (least squares with penalty
   * `ridge` on the weights, not the bias) on the given trials' samples after
   * the burn-in, with the current network: the best linear readout of this
   * network, a baseline that training the network must beat.
   */
  fitReadout(seeds: readonly number[], ridge: number): void {
    const c = this.config, N = c.n, S = c.signals, G = this.readout.grid.count, M = N + 1;
    let first = 0;
    while (first < G && this.readout.sampleTime(first) < c.burnInSeconds) first++;
    const A = new Float64Array(M * M), B = new Float64Array(M * S);
    const row = new Float64Array(M);
    for (const seed of seeds) {
      const { target, train } = this.simulate(seed);
      const traces = this.readout.traces(train);
      for (let g = first; g < G; g++) {
        for (let i = 0; i < N; i++) row[i] = traces[i * G + g];
        row[N] = 1;
        for (let p = 0; p < M; p++) {
          const rp = row[p];
          if (rp === 0) continue;
          for (let q = 0; q < M; q++) A[p * M + q] += rp * row[q];
          for (let ch = 0; ch < S; ch++) B[p * S + ch] += rp * target[ch * G + g];
        }
      }
    }
    for (let p = 0; p < N; p++) A[p * M + p] += ridge;
    const x = solveSymmetric(A, B, M, S);
    for (let ch = 0; ch < S; ch++) {
      for (let i = 0; i < N; i++) this.readout.weights[ch * N + i] = x[i * S + ch];
      this.readout.bias[ch] = x[N * S + ch];
    }
  }

  runTrial(seed: number, withGradients: boolean): TrialResult {
    const c = this.config;
    const { target, inputs, phases, train } = this.simulate(seed);
    const loss = readoutMse(this.readout, train, target, c.burnInSeconds);
    if (!withGradients) return { loss: loss.value, error: loss.normalized, spikes: train.length };
    const g = spikeTimeGradients({ model: this.model, connectivity: this.connectivity, initialPhases: phases, tau: c.tauSeconds, inputs }, train, loss.dLossDTimes);
    return {
      loss: loss.value,
      error: loss.normalized,
      spikes: train.length,
      gradients: { recurrent: g.weights!, input: g.inputWeights!, readoutWeights: loss.weightGradient, readoutBias: loss.biasGradient },
    };
  }
}

/** K distinct random targets per neuron (no autapse), weights −J0/√K × (1 + jitter · U(−1, 1)). */
export function randomInhibitoryNetwork(n: number, k: number, j0: number, jitter: number, seed: number): SparseConnectivity {
  const rng = new Xoroshiro128Plus(seed);
  const pre = new Int32Array(n * k), post = new Int32Array(n * k), weight = new Float64Array(n * k);
  const mark = new Int32Array(n).fill(-1);
  let e = 0;
  for (let j = 0; j < n; j++) {
    mark[j] = j;
    for (let placed = 0; placed < k; ) {
      const i = Math.floor(rng.nextDouble() * n);
      if (mark[i] === j) continue;
      mark[i] = j;
      pre[e] = j;
      post[e] = i;
      weight[e] = (-j0 / Math.sqrt(k)) * (1 + jitter * (2 * rng.nextDouble() - 1));
      e++;
      placed++;
    }
  }
  return SparseConnectivity.fromEdges(n, pre, post, weight);
}

/** Solve A X = B for symmetric positive definite A (M × M) and B (M × R), by Cholesky. */
function solveSymmetric(A: Float64Array, B: Float64Array, M: number, R: number): Float64Array {
  const L = new Float64Array(M * M);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = A[i * M + j];
      for (let k = 0; k < j; k++) sum -= L[i * M + k] * L[j * M + k];
      if (i === j) {
        if (!(sum > 0)) throw new InvalidParameterError('ridge', sum, 'large enough to make the normal equations positive definite');
        L[i * M + i] = Math.sqrt(sum);
      } else L[i * M + j] = sum / L[j * M + j];
    }
  }
  const X = B.slice();
  for (let r = 0; r < R; r++) {
    for (let i = 0; i < M; i++) {
      let sum = X[i * R + r];
      for (let k = 0; k < i; k++) sum -= L[i * M + k] * X[k * R + r];
      X[i * R + r] = sum / L[i * M + i];
    }
    for (let i = M - 1; i >= 0; i--) {
      let sum = X[i * R + r];
      for (let k = i + 1; k < M; k++) sum -= L[k * M + i] * X[k * R + r];
      X[i * R + r] = sum / L[i * M + i];
    }
  }
  return X;
}
