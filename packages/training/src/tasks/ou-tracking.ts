import { InvalidParameterError, type NeuronModel, SparseConnectivity, type VoltageDynamics } from '@sparseprop/core';
import { requireAbove, requireInteger, Xoroshiro128Plus } from '@sparseprop/core/plugin';
import { RandomStream } from '@sparseprop/network';
import { IndexedDaryHeap } from '@sparseprop/queue-heap';
import { engineTiming, type EngineTiming, taskForward } from '../network-forward.js';
import type { TrainingForward } from '../engine-forward.js';
import { signsOf } from '../optimizers.js';
import { Readout, type ReadoutKernel } from '../readout.js';
import { readoutMse } from '../readout-mse.js';
import { type TrainingTask, type TrialResult, trialSeed } from '../trainer.js';
import { ouSignals, signalDrivenInputs } from './signal-inputs.js';
import { z } from 'zod';
import { trainedNetworkStatistics } from './network-statistics.js';
import { type BuiltTask, channelWeightsCsv, type TaskDefinition, type TaskEvaluation } from './task-contract.js';

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
  /** Delay of every synapse [s] and refractory period of every neuron [s] (≥ 0); > 0: the forward runs on the network engine. */
  readonly delaySeconds: number;
  readonly refractorySeconds: number;
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
  delaySeconds: 0,
  refractorySeconds: 0,
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
  private readonly timing: EngineTiming | undefined;

  /**
   * @param model a homogeneous or heterogeneous neuron model of size N (e.g. LIF with drive `config.iext`)
   * @param dynamics the model's voltage dynamics: needed when `delaySeconds` or `refractorySeconds` is > 0
   * @param engine the forward without delays (e.g. `engineForward`: the fastest engine); default the JS time-frame loop
   */
  constructor(
    config: Partial<OuTrackingConfig>,
    readonly model: NeuronModel,
    dynamics?: () => VoltageDynamics | undefined,
    readonly engine?: TrainingForward,
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
    for (const key of ['delaySeconds', 'refractorySeconds'] as const) if (!(c[key] >= 0 && Number.isFinite(c[key]))) throw new InvalidParameterError(key, c[key], 'a finite number ≥ 0 (seconds)');
    this.timing = engineTiming(c.delaySeconds, c.refractorySeconds, model.name, c.iext, dynamics);
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
  simulate(seed: number, withGradients = false) {
    const c = this.config;
    const samples = this.readout.grid.count;
    // the signal is sampled one step past the trial so the rate is defined up to its end
    const signal = ouSignals(c.signals, samples + 1, c.stepSeconds, c.signalStd, c.correlationSeconds, seed);
    const inputs = signalDrivenInputs(signal, c.signals, c.stepSeconds, c.n, c.inputRateHz, this.parameters.input, c.trialSeconds, seed);
    const phases = new Float64Array(c.n);
    const random = new RandomStream(seed, 4096); // streams 0 … S−1 drive the input channels, 1000 + c the signals
    const { phiReset, phiThreshold } = this.model;
    for (let i = 0; i < c.n; i++) phases[i] = phiReset + random.uniform() * (phiThreshold - phiReset);
    const { train, network, gradients } = taskForward({ model: this.model, connectivity: this.connectivity, initialPhases: phases, tau: c.tauSeconds, inputs }, this.queue, this.timing, { maxTimeSeconds: c.trialSeconds }, this.engine, withGradients);
    const target = new Float64Array(c.signals * samples);
    for (let ch = 0; ch < c.signals; ch++) target.set(signal.subarray(ch * (samples + 1), ch * (samples + 1) + samples), ch * samples);
    return { target, inputs, phases, train, network, gradients };
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
    const { target, train, gradients } = this.simulate(seed, withGradients);
    const loss = readoutMse(this.readout, train, target, c.burnInSeconds);
    if (!withGradients) return { loss: loss.value, error: loss.normalized, spikes: train.length };
    const g = gradients(loss.dLossDTimes);
    return {
      loss: loss.value,
      error: loss.normalized,
      spikes: train.length,
      gradients: { recurrent: g.weights!, input: g.inputWeights!, readoutWeights: loss.weightGradient, readoutBias: loss.biasGradient },
    };
  }
}

/**
 * K distinct random targets per neuron (no autapse), weights −J0/√K × (1 + jitter · U(−1, 1)).
 * @param seed the seed of a fresh generator, or a generator to draw from (the caller may go on drawing from it)
 */
export function randomInhibitoryNetwork(n: number, k: number, j0: number, jitter: number, seed: number | Xoroshiro128Plus): SparseConnectivity {
  const rng = typeof seed === 'number' ? new Xoroshiro128Plus(seed) : seed;
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

const positive = z.number().finite().positive();

/** The OU-tracking task's `network` block (every key optional: defaults of {@link OU_TRACKING_DEFAULTS}). */
export const ouTrackingSchema = z
  .object({
    n: z.number().int().min(2).max(1_000_000),
    k: z.number().int().min(1),
    j0: z.number().finite(),
    weightJitter: z.number().min(0).lt(1),
    iext: z.number().finite(),
    tauSeconds: positive,
    signals: z.number().int().min(1).max(64),
    signalStd: z.number().finite().min(0),
    correlationSeconds: positive,
    inputRateHz: positive,
    inputWeightMean: z.number().finite(),
    inputWeightStd: z.number().finite().min(0),
    trialSeconds: positive,
    burnInSeconds: z.number().finite().min(0),
    stepSeconds: positive,
    readoutKernel: z.enum(['exponential', 'alpha']),
    readoutTauSeconds: positive,
    networkSeed: z.number().int().min(0).max(2 ** 32 - 1),
    delaySeconds: z.number().finite().min(0),
    refractorySeconds: z.number().finite().min(0),
  })
  .partial()
  .strict()
  .superRefine((partial, context) => {
    const c = { ...OU_TRACKING_DEFAULTS, ...partial };
    if (c.k > c.n - 1) context.addIssue({ code: 'custom', path: ['k'], message: `must be at most n − 1 = ${c.n - 1}` });
    if (c.burnInSeconds >= c.trialSeconds) context.addIssue({ code: 'custom', path: ['burnInSeconds'], message: `must be below trialSeconds = ${c.trialSeconds}` });
  });

/** `"ou-tracking"`: S readouts of a sparse inhibitory network track S OU signals given through input channels (see {@link OuTrackingTask}). */
export const ouTrackingDefinition: TaskDefinition<Partial<OuTrackingConfig>> = {
  name: 'ou-tracking',
  summary: 'a sparse inhibitory LIF network tracks S Ornstein-Uhlenbeck signals given through Poisson input channels',
  schema: ouTrackingSchema,
  build(partial, models, dynamics, forward) {
    const c = { ...OU_TRACKING_DEFAULTS, ...partial };
    // the weight range a model may prepare for (LIF ignores it): recurrent weights stay in [−2 j0/√K, 0] under Dale, inputs are a few tenths
    const model = models({ n: c.n, tauSeconds: c.tauSeconds, iext: c.iext, weightBound: (2 * Math.abs(c.j0)) / Math.sqrt(c.k) + 1 });
    return new BuiltOuTracking(new OuTrackingTask(c, model, dynamics, forward));
  },
};

class BuiltOuTracking implements BuiltTask {
  readonly parameters;
  readonly signs;
  readonly connectivity: SparseConnectivity;
  readonly model: NeuronModel;
  readonly runFlags;
  readonly loss = { name: 'readout MSE', description: 'mean squared error of the S readouts against the signals after the burn-in' };
  readonly error = { name: 'test nMSE', description: 'MSE normalised by the signals\' variance (1: no better than the mean)' };

  constructor(readonly task: OuTrackingTask) {
    this.parameters = task.parameters;
    this.signs = task.signs;
    this.connectivity = task.connectivity;
    this.model = task.model;
    this.runFlags = { iext: task.config.iext, tauSeconds: task.config.tauSeconds, delaySeconds: task.config.delaySeconds, refractorySeconds: task.config.refractorySeconds };
  }

  runTrial(seed: number, withGradients: boolean): TrialResult {
    return this.task.runTrial(seed, withGradients);
  }

  prepare(settings: { readonly seed: number; readonly readoutFitTrials: number; readonly readoutRidge: number }): void {
    // the best linear readout of the untrained network, from trials of their own seeds (epoch −2): the baseline to beat
    if (settings.readoutFitTrials > 0) this.task.fitReadout(Array.from({ length: settings.readoutFitTrials }, (_, k) => trialSeed(settings.seed, -2, k)), settings.readoutRidge);
  }

  evaluate(): TaskEvaluation {
    const t = this.task;
    const s = trainedNetworkStatistics(t.connectivity, t.initialRecurrent, t.parameters.input, t.parameters.readoutWeights, t.config.signals, t.config.networkSeed); // k-means seeded by the network: the same grouping rule at every epoch
    const scalars: Record<string, number> = { balanceIndex: s.balanceIndex, meanWeight: s.meanWeight, qByChannel: t.config.signals > 1 ? s.channelGroups.q : NaN, qByKmeans: t.config.signals > 1 ? s.kmeansGroups.q : NaN };
    s.inputReadoutCorrelation.forEach((r, c) => (scalars[`inputReadoutCorrelation_${c}`] = r));
    return { scalars, details: s };
  }

  files(): Record<string, string> {
    return { 'input-weights.csv': channelWeightsCsv(this.task.parameters.input, this.task.config.n), 'readout-weights.csv': channelWeightsCsv(this.task.parameters.readoutWeights, this.task.config.n) };
  }

  figures(history: readonly { readonly epoch: number; readonly evaluation: TaskEvaluation }[]): Record<string, object> {
    const epoch = history.length > 0 ? history[history.length - 1].epoch : 0;
    const statRows = history.flatMap(({ epoch: e, evaluation: { scalars } }) => [
      { epoch: e, measure: 'balance index |J̄|/|J̄₀|', value: scalars.balanceIndex },
      { epoch: e, measure: 'Q by input channel', value: scalars.qByChannel },
      { epoch: e, measure: 'Q by k-means', value: scalars.qByKmeans },
      ...Object.keys(scalars).filter((key) => key.startsWith('inputReadoutCorrelation_')).map((key) => ({ epoch: e, measure: `corr(w_in, w_out), channel ${key.split('_')[1]}`, value: scalars[key] })),
    ]).filter((r) => Number.isFinite(r.value));
    return {
      'weights.png': weightMatrixSpec(this.task, epoch),
      'statistics.png': {
        $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
        data: { values: statRows },
        facet: { field: 'measure', type: 'nominal', title: null },
        columns: 3,
        spec: { width: 200, height: 140, mark: { type: 'line', point: true }, encoding: { x: { field: 'epoch', type: 'quantitative' }, y: { field: 'value', type: 'quantitative', scale: { zero: false } } } },
        resolve: { scale: { y: 'independent' } },
      },
    };
  }
}

/** Recurrent weights J[post, pre], neurons sorted by their strongest input channel (then by that weight), binned to ≤ 200 × 200 cells. */
function weightMatrixSpec(task: OuTrackingTask, epoch: number): object {
  const n = task.config.n, S = task.config.signals, input = task.parameters.input;
  const channel = (i: number) => {
    let best = 0;
    for (let c = 1; c < S; c++) if (input[c * n + i] > input[best * n + i]) best = c;
    return best;
  };
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => channel(a) - channel(b) || input[channel(b) * n + b] - input[channel(a) * n + a]);
  const rank = new Int32Array(n);
  order.forEach((i, r) => (rank[i] = r));
  const bins = n <= 200 ? n : 100, size = n / bins; // one cell per neuron up to 200, else means over blocks
  const sum = new Float64Array(bins * bins);
  const { rowStart, post, weight } = task.connectivity;
  for (let j = 0; j < n; j++) {
    for (let e = rowStart[j]; e < rowStart[j + 1]; e++) sum[Math.floor(rank[post[e]] / size) * bins + Math.floor(rank[j] / size)] += weight[e];
  }
  const cells = [];
  for (let r = 0; r < bins; r++) for (let c = 0; c < bins; c++) cells.push({ post: r, post2: r + 1, pre: c, pre2: c + 1, weight: sum[r * bins + c] / (size * size) });
  const boundaries = [];
  for (let c = 1; c < S; c++) boundaries.push({ at: order.findIndex((i) => channel(i) === c) / size });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: `Recurrent weights J[post, pre], neurons sorted by strongest input channel (epoch ${epoch})`, fontSize: 12 },
    width: 420,
    height: 420,
    layer: [
      {
        data: { values: cells },
        mark: { type: 'rect' },
        encoding: {
          x: { field: 'pre', type: 'quantitative', title: `presynaptic (sorted${bins < n ? `, ${size.toFixed(1)} neurons per cell` : ''})`, scale: { domain: [0, bins], nice: false } },
          x2: { field: 'pre2' },
          y: { field: 'post', type: 'quantitative', title: 'postsynaptic (sorted)', scale: { domain: [0, bins], nice: false, reverse: true } },
          y2: { field: 'post2' },
          color: { field: 'weight', type: 'quantitative', scale: { scheme: 'blues', reverse: true }, title: 'mean J' },
        },
      },
      ...(boundaries.length > 0
        ? [
            { data: { values: boundaries }, mark: { type: 'rule', color: 'red' }, encoding: { x: { field: 'at', type: 'quantitative' } } },
            { data: { values: boundaries }, mark: { type: 'rule', color: 'red' }, encoding: { y: { field: 'at', type: 'quantitative' } } },
          ]
        : []),
    ],
  };
}
