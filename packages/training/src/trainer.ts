import { InvalidParameterError } from '@sparseprop/core';
import { requireAbove, requireInteger } from '@sparseprop/core/plugin';
import { applySignConstraints, clipGradientNorm, learningRateAt, type LearningRateSchedule, Optimizer, type OptimizerOptions, type OptimizerState } from './optimizers.js';

/** What one trial of a task returns. */
export interface TrialResult {
  /** The task's loss on this trial. */
  readonly loss: number;
  /** The task's error measure for reports (e.g. normalised MSE); same as `loss` when the task has none. */
  readonly error: number;
  /** ∂loss/∂p for every parameter group (same names and lengths as {@link TrainingTask.parameters}); absent when not asked. */
  readonly gradients?: Readonly<Record<string, Float64Array>>;
  /** Spikes of the network in this trial. */
  readonly spikes: number;
}

/**
 * A trainable task: named parameter groups (live arrays the task's trials
 * read, updated in place by the {@link Trainer}) and a trial function that
 * simulates one trial from a seed and returns its loss and, when asked, the
 * exact gradients.
 */
export interface TrainingTask {
  /** Parameter groups, e.g. `recurrent` (CSR weights), `input`, `readoutWeights`, `readoutBias`. */
  readonly parameters: Readonly<Record<string, Float64Array>>;
  /** Sign constraints per group (Dale's law: +1/−1 fixed sign, 0 free); groups not listed are free. */
  readonly signs?: Readonly<Record<string, Int8Array>>;
  /** Simulate one trial with fresh input drawn from `seed` (integer in [0, 2^32)). */
  runTrial(seed: number, withGradients: boolean): TrialResult;
}

/** Settings of a {@link Trainer}. */
export interface TrainerOptions {
  /** Seed of every trial's input (integer in [0, 2^32)): same seed, same training bit for bit. */
  readonly seed: number;
  /** Trials per optimizer step, each with fresh input (integer ≥ 1). */
  readonly batchSize: number;
  /** Trials of the fixed held-out test batch (integer ≥ 0; the same seeds at every evaluation). */
  readonly testBatchSize: number;
  /**
   * Optimizer kind and moments (one optimizer per parameter group), or
   * `{ kind: 'armijo' }`: plain gradient descent with Armijo backtracking on
   * the batch (the step starts at the schedule's rate, is halved until the
   * batch loss falls by at least `1e-4 · step · |∇L|²` and doubled after an
   * accepted step). With exact gradients of a smooth loss such a step always
   * exists, so on a deterministic task the loss falls at every epoch until
   * rounding stops it (then the step is refused and the parameters stay).
   */
  readonly optimizer?: OptimizerOptions | { readonly kind: 'armijo' };
  /** Learning rate per epoch. */
  readonly schedule: LearningRateSchedule;
  /** Multiplier of the learning rate per group (default 1; 0 freezes a group). */
  readonly groupRates?: Readonly<Record<string, number>>;
  /** Clip the batch gradient (all groups together) to this Euclidean norm (> 0); none when omitted. */
  readonly clipNorm?: number;
}

/** One epoch's numbers (an epoch = one optimizer step over a fresh batch). */
export interface EpochMetrics {
  /** 1-based epoch; 0 is the evaluation before training. */
  readonly epoch: number;
  /** Mean loss over the training batch (NaN for epoch 0). */
  readonly trainLoss: number;
  /** Mean loss and error over the held-out batch after this epoch's step (NaN without a test batch). */
  readonly testLoss: number;
  readonly testError: number;
  /** Norm of the batch gradient before clipping (NaN for epoch 0). */
  readonly gradientNorm: number;
  /** Learning rate used. */
  readonly learningRate: number;
  /** Weights set to 0 by sign constraints in this step. */
  readonly clamped: number;
  /** Mean spikes per training trial. */
  readonly spikesPerTrial: number;
  /** Wall time of the epoch, seconds. */
  readonly seconds: number;
}

/** Everything needed to resume training exactly. */
export interface TrainingCheckpoint {
  readonly format: 'sparseprop-training-checkpoint';
  readonly version: 1;
  /** Epochs completed. */
  readonly epoch: number;
  readonly parameters: Record<string, Float64Array>;
  readonly optimizers: Record<string, OptimizerState>;
  /** The next trial step of the Armijo line search (absent for Adam/SGD). */
  readonly lineSearchStep?: number;
  readonly metrics: EpochMetrics[];
}

/** Armijo sufficient-decrease constant: accept a step when the loss falls by ≥ ARMIJO_C · step · |∇L|². */
const ARMIJO_C = 1e-4;
/** Backtracking stops (no move) when the step falls below 2^-40 of the schedule's rate: at ~1e-12 relative, the decrease is below rounding. */
const ARMIJO_MIN_FACTOR = 2 ** -40;

/** Trial seed `index` of `epoch` (epoch −1: the test batch): a 32-bit mix of the three, independent of evaluation order. */
export function trialSeed(seed: number, epoch: number, index: number): number {
  let h = (seed ^ 0x9e3779b9) >>> 0;
  for (const x of [epoch + 1, index]) {
    h = Math.imul(h ^ (x >>> 0), 0x85ebca6b) >>> 0;
    h = (h ^ (h >>> 13)) >>> 0;
    h = Math.imul(h, 0xc2b2ae35) >>> 0;
    h = (h ^ (h >>> 16)) >>> 0;
  }
  return h;
}

/**
 * Mini-batch training of a {@link TrainingTask}: per epoch a batch of trials
 * with fresh seeded input, the mean of their exact gradients, optional
 * gradient-norm clipping, one Adam/SGD step per parameter group, sign
 * constraints, then the loss on the fixed test batch. Deterministic: the
 * trial seeds depend only on (seed, epoch, index), so the same options give
 * bit-identical parameters, and {@link checkpoint} / {@link restore} resume
 * exactly (2 epochs + resume + 2 epochs = 4 epochs).
 */
export class Trainer {
  readonly metrics: EpochMetrics[] = [];
  private readonly optimizers: Record<string, Optimizer> = {};
  private epochs = 0;
  private readonly names: string[];
  private readonly lineSearch: boolean;
  /** The next Armijo trial step (NaN: start at the schedule's rate). */
  private lineStep = NaN;

  constructor(
    private readonly task: TrainingTask,
    private readonly options: TrainerOptions,
  ) {
    requireInteger('seed', options.seed, 0, 2 ** 32 - 1);
    requireInteger('batchSize', options.batchSize, 1, 2 ** 20);
    requireInteger('testBatchSize', options.testBatchSize, 0, 2 ** 20);
    if (options.clipNorm !== undefined) requireAbove('clipNorm', options.clipNorm, 0);
    learningRateAt(options.schedule, 0);
    this.names = Object.keys(task.parameters).sort();
    const optimizer = options.optimizer;
    this.lineSearch = optimizer?.kind === 'armijo';
    for (const name of this.names) {
      const rate = options.groupRates?.[name] ?? 1;
      if (!(rate >= 0) || !Number.isFinite(rate)) throw new InvalidParameterError(`groupRates.${name}`, rate, 'a finite number ≥ 0');
      if (optimizer?.kind !== 'armijo') this.optimizers[name] = new Optimizer(task.parameters[name].length, optimizer);
    }
    for (const name of Object.keys(options.groupRates ?? {})) {
      if (!(name in task.parameters)) throw new InvalidParameterError(`groupRates.${name}`, name, `one of the task's groups: ${this.names.join(', ')}`);
    }
  }

  /** Epochs completed. */
  get epoch(): number {
    return this.epochs;
  }

  /** Mean loss and error over the held-out batch (NaN without one). */
  evaluate(): { loss: number; error: number } {
    const count = this.options.testBatchSize;
    if (count === 0) return { loss: NaN, error: NaN };
    let loss = 0, error = 0;
    for (let k = 0; k < count; k++) {
      const result = this.task.runTrial(trialSeed(this.options.seed, -1, k), false);
      loss += result.loss / count;
      error += result.error / count;
    }
    return { loss, error };
  }

  /** The evaluation before any training, recorded as epoch 0 (once). */
  evaluateInitial(): EpochMetrics {
    const start = performance.now();
    const test = this.evaluate();
    const metrics: EpochMetrics = {
      epoch: 0,
      trainLoss: NaN,
      testLoss: test.loss,
      testError: test.error,
      gradientNorm: NaN,
      learningRate: learningRateAt(this.options.schedule, 0),
      clamped: 0,
      spikesPerTrial: NaN,
      seconds: (performance.now() - start) / 1000,
    };
    if (this.metrics.length === 0) this.metrics.push(metrics);
    return metrics;
  }

  /** One epoch: a fresh batch, one step, the test batch. */
  step(): EpochMetrics {
    const start = performance.now();
    const { seed, batchSize, schedule, clipNorm, groupRates } = this.options;
    const parameters = this.task.parameters;
    const sums: Record<string, Float64Array> = {};
    for (const name of this.names) sums[name] = new Float64Array(parameters[name].length);
    let trainLoss = 0, spikes = 0;
    for (let k = 0; k < batchSize; k++) {
      const result = this.task.runTrial(trialSeed(seed, this.epochs, k), true);
      trainLoss += result.loss / batchSize;
      spikes += result.spikes / batchSize;
      for (const name of this.names) {
        const g = result.gradients?.[name];
        if (g === undefined) continue;
        const sum = sums[name];
        for (let q = 0; q < sum.length; q++) sum[q] += g[q] / batchSize;
      }
    }
    const all = this.names.map((name) => sums[name]);
    const gradientNorm = clipNorm === undefined ? clipGradientNorm(all, Infinity) : clipGradientNorm(all, clipNorm);
    let learningRate = learningRateAt(schedule, this.epochs);
    let clamped = 0;
    if (this.lineSearch) {
      const searched = this.armijo(sums, trainLoss, learningRate);
      learningRate = searched.step;
      clamped = searched.clamped;
    } else {
      for (const name of this.names) {
        const rate = learningRate * (groupRates?.[name] ?? 1);
        if (rate === 0) continue;
        this.optimizers[name].step(parameters[name], sums[name], rate);
        const signs = this.task.signs?.[name];
        if (signs !== undefined) clamped += applySignConstraints(parameters[name], signs);
      }
    }
    this.epochs++;
    const test = this.evaluate();
    const metrics: EpochMetrics = {
      epoch: this.epochs,
      trainLoss,
      testLoss: test.loss,
      testError: test.error,
      gradientNorm,
      learningRate,
      clamped,
      spikesPerTrial: spikes,
      seconds: (performance.now() - start) / 1000,
    };
    this.metrics.push(metrics);
    return metrics;
  }

  /**
   * Armijo backtracking along −∇L (per-group rate multipliers scale the
   * direction) on this epoch's batch: returns the accepted step (0 when none
   * lowers the loss measurably: the parameters are left as they were).
   */
  private armijo(gradient: Record<string, Float64Array>, loss: number, scheduleRate: number): { step: number; clamped: number } {
    const { seed, batchSize, groupRates } = this.options;
    const parameters = this.task.parameters;
    const start: Record<string, Float64Array> = {};
    let slope = 0; // |∇L|² along the (scaled) direction
    for (const name of this.names) {
      start[name] = parameters[name].slice();
      const rate = groupRates?.[name] ?? 1, g = gradient[name];
      for (let q = 0; q < g.length; q++) slope += rate * g[q] * g[q];
    }
    const minStep = scheduleRate * ARMIJO_MIN_FACTOR;
    let step = Number.isNaN(this.lineStep) ? scheduleRate : this.lineStep;
    while (step >= minStep && slope > 0) {
      let clamped = 0;
      for (const name of this.names) {
        const rate = step * (groupRates?.[name] ?? 1), p = parameters[name], from = start[name], g = gradient[name];
        for (let q = 0; q < p.length; q++) p[q] = from[q] - rate * g[q];
        const signs = this.task.signs?.[name];
        if (signs !== undefined) clamped += applySignConstraints(p, signs);
      }
      let trial = 0;
      for (let k = 0; k < batchSize; k++) trial += this.task.runTrial(trialSeed(seed, this.epochs, k), false).loss / batchSize;
      if (trial <= loss - ARMIJO_C * step * slope) {
        this.lineStep = 2 * step;
        return { step, clamped };
      }
      step /= 2;
    }
    for (const name of this.names) parameters[name].set(start[name]);
    this.lineStep = Math.max(step, minStep);
    return { step: 0, clamped: 0 };
  }

  /** A copy of the parameters, optimizer states and metrics. */
  checkpoint(): TrainingCheckpoint {
    const parameters: Record<string, Float64Array> = {};
    const optimizers: Record<string, OptimizerState> = {};
    for (const name of this.names) {
      parameters[name] = this.task.parameters[name].slice();
      if (!this.lineSearch) optimizers[name] = this.optimizers[name].state();
    }
    return {
      format: 'sparseprop-training-checkpoint',
      version: 1,
      epoch: this.epochs,
      parameters,
      optimizers,
      ...(this.lineSearch ? { lineSearchStep: this.lineStep } : {}),
      metrics: this.metrics.map((m) => ({ ...m })),
    };
  }

  /** Continue from a checkpoint of the same task (same groups and sizes). */
  restore(checkpoint: TrainingCheckpoint): void {
    for (const name of this.names) {
      const saved = checkpoint.parameters[name];
      if (saved === undefined || saved.length !== this.task.parameters[name].length) {
        throw new InvalidParameterError(`checkpoint.parameters.${name}.length`, saved?.length, `equal to ${this.task.parameters[name].length}`);
      }
      this.task.parameters[name].set(saved);
      if (!this.lineSearch) {
        const state = checkpoint.optimizers?.[name];
        if (state === undefined) throw new InvalidParameterError(`checkpoint.optimizers.${name}`, 'missing', `the state of the ${this.optimizers[name].kind} optimizer`);
        this.optimizers[name].restore(state);
      }
    }
    if (this.lineSearch) {
      const step = checkpoint.lineSearchStep;
      if (typeof step !== 'number' || !(step > 0 || Number.isNaN(step))) throw new InvalidParameterError('checkpoint.lineSearchStep', step, 'the step of an Armijo line search (> 0)');
      this.lineStep = step;
    }
    this.epochs = requireInteger('checkpoint.epoch', checkpoint.epoch, 0, 2 ** 31 - 1);
    this.metrics.length = 0;
    this.metrics.push(...checkpoint.metrics);
  }
}

/** A checkpoint as JSON text: float64 arrays as base64 of their bytes (exact). */
export function encodeCheckpoint(checkpoint: TrainingCheckpoint): string {
  return JSON.stringify(checkpoint, (_key, value: unknown) => (value instanceof Float64Array ? { float64: toBase64(value) } : typeof value === 'number' && !Number.isFinite(value) ? String(value) : value));
}

/** The inverse of {@link encodeCheckpoint}. */
export function decodeCheckpoint(text: string, source = 'checkpoint'): TrainingCheckpoint {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text, (_key, value: unknown) => {
      if (value !== null && typeof value === 'object' && 'float64' in value && typeof (value as { float64: unknown }).float64 === 'string') return fromBase64((value as { float64: string }).float64);
      if (value === 'NaN') return NaN;
      if (value === 'Infinity') return Infinity;
      if (value === '-Infinity') return -Infinity;
      return value;
    });
  } catch (error) {
    throw new InvalidParameterError(source, 'not JSON', `a training checkpoint (${(error as Error).message})`);
  }
  const checkpoint = parsed as TrainingCheckpoint;
  if (checkpoint?.format !== 'sparseprop-training-checkpoint' || checkpoint.version !== 1) throw new InvalidParameterError(`${source}.format`, checkpoint?.format, '"sparseprop-training-checkpoint" version 1');
  return checkpoint;
}

function toBase64(array: Float64Array): string {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  let text = '';
  for (let k = 0; k < bytes.length; k += 0x8000) text += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
  return btoa(text);
}

function fromBase64(text: string): Float64Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let k = 0; k < binary.length; k++) bytes[k] = binary.charCodeAt(k);
  return new Float64Array(bytes.buffer);
}
