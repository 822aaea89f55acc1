import { InvalidParameterError } from '@sparseprop/core';
import { requireAbove, requireInRange } from '@sparseprop/core/plugin';

/** Plain data of an optimizer (written to JSON by {@link encodeCheckpoint} as part of a training checkpoint): enough to resume bit-identically. */
export interface OptimizerState {
  readonly kind: 'sgd' | 'adam';
  /** Steps taken so far (integer ≥ 0). */
  readonly step: number;
  /** First moment (Adam) or velocity (SGD with momentum); length = parameter count. */
  readonly first: Float64Array;
  /** Second moment (Adam); empty for SGD. */
  readonly second: Float64Array;
}

/** Settings of {@link Optimizer}. */
export interface OptimizerOptions {
  /** `"adam"` (default) or `"sgd"`. */
  readonly kind?: 'sgd' | 'adam';
  /** Adam β1 in [0, 1) (default 0.9); SGD momentum in [0, 1) (default 0). */
  readonly beta1?: number;
  /** Adam β2 in [0, 1) (default 0.999). */
  readonly beta2?: number;
  /** Adam ε > 0 added to √v̂, in the parameters' units (default 1e-8). */
  readonly epsilon?: number;
}

/**
 * SGD (with optional momentum) and Adam (Kingma & Ba 2015, bias-corrected)
 * over one flat parameter vector, updated in place. Deterministic: the same
 * gradients give the same parameters bit for bit, and {@link state} /
 * {@link Optimizer.restore} resume exactly.
 *
 * @example
 * const opt = new Optimizer(weights.length, { kind: 'adam' });
 * opt.step(weights, gradient, 1e-3); // weights -= 1e-3 m̂ / (√v̂ + ε)
 */
export class Optimizer {
  readonly kind: 'sgd' | 'adam';
  readonly size: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private first: Float64Array;
  private second: Float64Array;
  private steps = 0;

  /** @param size number of parameters (integer ≥ 0) */
  constructor(size: number, options: OptimizerOptions = {}) {
    if (!Number.isInteger(size) || size < 0) throw new InvalidParameterError('size', size, 'an integer ≥ 0');
    this.kind = options.kind ?? 'adam';
    if (this.kind !== 'adam' && this.kind !== 'sgd') throw new InvalidParameterError('kind', this.kind, '"adam" or "sgd"');
    this.size = size;
    this.beta1 = requireInRange('beta1', options.beta1 ?? (this.kind === 'adam' ? 0.9 : 0), 0, 1);
    if (this.beta1 === 1) throw new InvalidParameterError('beta1', 1, 'a number in [0, 1)');
    this.beta2 = requireInRange('beta2', options.beta2 ?? 0.999, 0, 1);
    if (this.beta2 === 1) throw new InvalidParameterError('beta2', 1, 'a number in [0, 1)');
    this.epsilon = requireAbove('epsilon', options.epsilon ?? 1e-8, 0);
    this.first = new Float64Array(size);
    this.second = new Float64Array(this.kind === 'adam' ? size : 0);
  }

  /** Steps taken. */
  get stepCount(): number {
    return this.steps;
  }

  /**
   * One update of `params` in place from `gradient` (same length; finite) with learning rate `learningRate` (> 0).
   * @throws InvalidParameterError for a length mismatch or a non-finite gradient entry (parameters untouched)
   */
  step(params: Float64Array, gradient: Float64Array, learningRate: number): void {
    requireAbove('learningRate', learningRate, 0);
    if (params.length !== this.size) throw new InvalidParameterError('params.length', params.length, `equal to the optimizer size ${this.size}`);
    if (gradient.length !== this.size) throw new InvalidParameterError('gradient.length', gradient.length, `equal to the optimizer size ${this.size}`);
    for (let k = 0; k < gradient.length; k++) if (!Number.isFinite(gradient[k])) throw new InvalidParameterError(`gradient[${k}]`, gradient[k], 'a finite number');
    this.steps++;
    const m = this.first, b1 = this.beta1;
    if (this.kind === 'sgd') {
      for (let k = 0; k < params.length; k++) {
        const velocity = b1 * m[k] + gradient[k];
        m[k] = velocity;
        params[k] -= learningRate * velocity;
      }
      return;
    }
    const v = this.second, b2 = this.beta2, eps = this.epsilon;
    const c1 = 1 - b1 ** this.steps, c2 = 1 - b2 ** this.steps;
    for (let k = 0; k < params.length; k++) {
      const g = gradient[k];
      const mk = b1 * m[k] + (1 - b1) * g;
      const vk = b2 * v[k] + (1 - b2) * g * g;
      m[k] = mk;
      v[k] = vk;
      params[k] -= (learningRate * (mk / c1)) / (Math.sqrt(vk / c2) + eps);
    }
  }

  /** A copy of the state (moments and step count). */
  state(): OptimizerState {
    return { kind: this.kind, step: this.steps, first: this.first.slice(), second: this.second.slice() };
  }

  /** Continue from a saved state (same kind and size). */
  restore(state: OptimizerState): void {
    if (state.kind !== this.kind) throw new InvalidParameterError('state.kind', state.kind, `"${this.kind}"`);
    if (state.first.length !== this.size) throw new InvalidParameterError('state.first.length', state.first.length, `equal to ${this.size}`);
    if (state.second.length !== this.second.length) throw new InvalidParameterError('state.second.length', state.second.length, `equal to ${this.second.length}`);
    if (!Number.isInteger(state.step) || state.step < 0) throw new InvalidParameterError('state.step', state.step, 'an integer ≥ 0');
    this.first = state.first.slice();
    this.second = state.second.slice();
    this.steps = state.step;
  }
}

/**
 * Scale the gradients (together, in place) so that their joint Euclidean
 * norm is at most `maxNorm` (> 0; `Infinity` only measures); returns the norm before clipping.
 */
export function clipGradientNorm(gradients: readonly Float64Array[], maxNorm: number): number {
  if (!(maxNorm > 0)) throw new InvalidParameterError('maxNorm', maxNorm, 'a number > 0 (Infinity: measure only)');
  let sum = 0;
  for (const g of gradients) for (let k = 0; k < g.length; k++) sum += g[k] * g[k];
  const norm = Math.sqrt(sum);
  if (norm > maxNorm) {
    const scale = maxNorm / norm;
    for (const g of gradients) for (let k = 0; k < g.length; k++) g[k] *= scale;
  }
  return norm;
}

/**
 * Sign constraints (Dale's law): after an update, a parameter whose sign is
 * fixed (`signs[k]` = +1 or −1) and that crossed zero is set to 0 (the
 * projection onto the allowed half-line); `signs[k]` = 0 leaves it free.
 * A weight therefore never changes sign. Returns how many were clamped.
 */
export function applySignConstraints(params: Float64Array, signs: Int8Array): number {
  if (signs.length !== params.length) throw new InvalidParameterError('signs.length', signs.length, `equal to the parameter count ${params.length}`);
  let clamped = 0;
  for (let k = 0; k < params.length; k++) {
    const sign = signs[k];
    if ((sign > 0 && params[k] < 0) || (sign < 0 && params[k] > 0)) {
      params[k] = 0;
      clamped++;
    }
  }
  return clamped;
}

/** The sign of every parameter (+1, −1; 0 for exact zeros): the constraint that keeps each where it started. */
export function signsOf(params: Float64Array): Int8Array {
  return Int8Array.from(params, (w) => (w > 0 ? 1 : w < 0 ? -1 : 0));
}

/** A learning-rate schedule over epochs (0-based). */
export type LearningRateSchedule =
  | { readonly kind: 'constant'; readonly rate: number }
  /** `rate · factor^epoch` */
  | { readonly kind: 'exponential'; readonly rate: number; readonly factor: number }
  /** `rate · factor^floor(epoch / every)` */
  | { readonly kind: 'step'; readonly rate: number; readonly factor: number; readonly every: number }
  /** cosine from `rate` at epoch 0 to `minRate` at `epochs` (and after) */
  | { readonly kind: 'cosine'; readonly rate: number; readonly minRate: number; readonly epochs: number };

/** The learning rate of `schedule` at `epoch` (integer ≥ 0). */
export function learningRateAt(schedule: LearningRateSchedule, epoch: number): number {
  if (!Number.isInteger(epoch) || epoch < 0) throw new InvalidParameterError('epoch', epoch, 'an integer ≥ 0');
  switch (schedule.kind) {
    case 'constant':
      return schedule.rate;
    case 'exponential':
      return schedule.rate * schedule.factor ** epoch;
    case 'step':
      return schedule.rate * schedule.factor ** Math.floor(epoch / schedule.every);
    case 'cosine': {
      const x = Math.min(1, epoch / schedule.epochs);
      return schedule.minRate + 0.5 * (schedule.rate - schedule.minRate) * (1 + Math.cos(Math.PI * x));
    }
  }
}
