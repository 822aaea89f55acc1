import { InvalidParameterError, type NeuronModel, type WeightSummary } from '@sparseprop/core';
import { type FitOptions, resolveFitOptions } from './fit/fit-options.js';
import type { PiecewiseChebyshev } from './fit/piecewise-chebyshev.js';
import { PtcSurfaceSide, strongestFittedKick } from './ptc/ptc-surface.js';
import { WeightwisePtc } from './ptc/weightwise-ptc.js';

/** How {@link ChebyshevPtcModel} covers the weights. */
export type PtcFitting = 'per-weight' | 'range' | 'none';

/** Options of {@link ChebyshevPtcModel}: the fit's accuracy and cost, and what to fit. */
export interface ChebyshevPtcOptions extends Partial<FitOptions> {
  /**
   * The weights (voltage jumps J) the PTC will be called with — usually
   * `NetworkContext.weights`. With a `distinct` list: one 1-D fit per
   * weight; without: a 2-D fit over `[min, max]`. Absent: nothing is fitted
   * and every call goes to the base model.
   */
  weights?: WeightSummary;
  /**
   * `"auto"` (default: per-weight when `weights.distinct` is given, else
   * range), `"per-weight"` (needs `distinct`) or `"range"` (2-D over
   * `[min, max]`, e.g. for training, where weights change).
   */
  fitting?: 'auto' | 'per-weight' | 'range';
  /**
   * Lowest fitted phase, in `[phiMin, phiThreshold)`. Default: one free
   * period below the reset, `phiReset - (phiThreshold - phiReset)`, or
   * `phiMin` if higher (QIF: -pi). For LIF that is -1: voltages down to
   * `-I/iext`, far below what inhibition reaches; for EIF (reset -1) about
   * V = -13.
   */
  phiLow?: number;
  /**
   * Number of neurons N (integer ≥ 1). Default: the base model's size.
   * A homogeneous base describes every neuron alike, so one base built
   * for any size (e.g. a cached table) can serve networks of any N.
   */
  size?: number;
}

/** What a {@link ChebyshevPtcModel} fitted. */
export interface PtcFitSummary {
  readonly fitting: PtcFitting;
  /** Distinct weights fitted (per-weight) or 0. */
  readonly weights: number;
  /** 1-D pieces (per-weight) or 2-D patches (range). */
  readonly pieces: number;
  /** Largest polynomial degree of a piece (per axis for patches). */
  readonly largestDegree: number;
}

/**
 * Any homogeneous {@link NeuronModel} with its PTC replaced by Chebyshev
 * series (docs/algorithm.md §2, "Chebyshev PTC"): `phi -> ptc(phi, J)` is fitted once on
 * `[phiLow, phi*(J)]` to an absolute `tolerance` (default 1e-12, phase
 * units) and evaluated by Clenshaw's recurrence — one polynomial instead of
 * the base model's maps.
 *
 * - Weights: one 1-D fit per distinct weight (a single-weight fast path,
 *   then a binary search over ≤ 64 sorted weights), or one 2-D fit in
 *   `(phi, J)` over a weight range (heterogeneous weights, training).
 * - Excitatory kicks: at and above `phi*(J) = phase(vThreshold - J)` the
 *   kick reaches threshold and `ptc` returns exactly `phiThreshold`; only
 *   the sub-threshold part is fitted.
 * - Exact fallback: phases below `phiLow` (LIF is unbounded below), at or
 *   above `phiThreshold`, weights not fitted, and excitatory kicks leaving
 *   less than 1/16 of the phase range sub-threshold go to the base model.
 * - `voltage`, `phase`, `omega` are the base model's. `dPtcDPhi` is the
 *   derivative series; `dPtcDJ` comes from the 2-D fit, or from the base
 *   model for per-weight fits (they hold no J dependence). Differentiating
 *   a fit multiplies its error by about degree² / piece width: derivatives
 *   agree with the exact ones to ~1e-9, not to the tolerance.
 *
 * Heterogeneous base models (per-neuron drive) are rejected with an
 * {@link InvalidParameterError}: one fit serves all neurons.
 */
export class ChebyshevPtcModel implements NeuronModel {
  readonly name: string;
  readonly size: number;
  readonly homogeneous = true;
  readonly phiThreshold: number;
  readonly phiReset: number;
  readonly phiMin: number;
  readonly vThreshold: number;
  readonly vReset: number;
  /** The wrapped model: exact PTC, maps and phase velocity. */
  readonly base: NeuronModel;
  /** Lowest fitted phase. */
  readonly phiLow: number;
  /** Validated fit options. */
  readonly options: FitOptions;
  readonly fitting: PtcFitting;
  private readonly weightwise: WeightwisePtc;
  /** Fast path: the first fitted weight (NaN when none: never equal), its fit and boundary. */
  private readonly firstWeight: number;
  private readonly firstFit: PiecewiseChebyshev | undefined;
  private readonly firstBoundary: number;
  private readonly inhibitory: PtcSurfaceSide | undefined;
  private readonly excitatory: PtcSurfaceSide | undefined;

  constructor(base: NeuronModel, options: ChebyshevPtcOptions = {}) {
    if (!base.homogeneous) {
      throw new InvalidParameterError('drive', 'per-neuron (heterogeneous)', `one drive for all neurons: chebyshev:${base.name} fits one PTC shared by every neuron (use ${base.name} itself for heterogeneous drives)`);
    }
    this.base = base;
    this.name = `chebyshev:${base.name}`;
    this.size = options.size ?? base.size;
    if (!Number.isInteger(this.size) || this.size < 1) throw new InvalidParameterError('n', this.size, 'an integer ≥ 1');
    this.phiThreshold = base.phiThreshold;
    this.phiReset = base.phiReset;
    this.phiMin = base.phiMin;
    this.vThreshold = base.vThreshold;
    this.vReset = base.vReset;
    this.options = resolveFitOptions(options);
    this.phiLow = resolvePhiLow(base, options.phiLow);
    const weights = options.weights;
    if (weights !== undefined) checkWeights(weights);
    this.fitting = chooseFitting(weights, options.fitting ?? 'auto');

    const distinct = this.fitting === 'per-weight' ? weights!.distinct ?? Float64Array.of(weights!.min) : new Float64Array(0);
    this.weightwise = new WeightwisePtc(base, this.phiLow, distinct, this.options);
    this.firstWeight = this.weightwise.weights.length > 0 ? this.weightwise.weights[0] : Number.NaN;
    this.firstFit = this.weightwise.fits[0];
    this.firstBoundary = this.weightwise.weights.length > 0 ? this.weightwise.boundaries[0] : -Infinity;

    if (this.fitting === 'range') {
      const { min, max } = weights!;
      if (min < 0) this.inhibitory = new PtcSurfaceSide(base, this.phiLow, min, Math.min(max, 0), this.options);
      if (max > 0) {
        const lo = Math.max(min, 0);
        const hi = strongestFittedKick(base, this.phiLow, lo, max);
        if (hi > lo) this.excitatory = new PtcSurfaceSide(base, this.phiLow, lo, hi, this.options);
      }
    }
  }

  /** What was fitted: for reports and tests. */
  get fitSummary(): PtcFitSummary {
    if (this.fitting === 'range') {
      const sides = [this.inhibitory, this.excitatory].filter((s) => s !== undefined);
      return {
        fitting: 'range',
        weights: 0,
        pieces: sides.reduce((n, s) => n + s.surface.patchCount, 0),
        largestDegree: Math.max(-1, ...sides.flatMap((s) => [...s.surface.degreesX, ...s.surface.degreesY])),
      };
    }
    return { fitting: this.fitting, weights: this.weightwise.weights.length, pieces: this.weightwise.pieceCount, largestDegree: this.weightwise.largestDegree };
  }

  // the base is homogeneous (checked): every neuron is neuron 0, which also lets a base built
  // for one neuron serve a network of `size` neurons
  omega(_i: number): number {
    return this.base.omega(0);
  }

  voltage(phi: number, _i: number): number {
    return this.base.voltage(phi, 0);
  }

  phase(v: number, _i: number): number {
    return this.base.phase(v, 0);
  }

  ptc(phi: number, J: number, i: number): number {
    // hot path: the network's one weight, a phase inside its fit
    if (J === this.firstWeight && phi >= this.phiLow && phi < this.firstBoundary) {
      const y = this.firstFit!.value(phi);
      return y < this.phiThreshold ? y : this.phiThreshold;
    }
    return this.ptcElsewhere(phi, J, i);
  }

  dPtcDPhi(phi: number, J: number, i: number): number {
    if (phi >= this.phiLow && phi <= this.phiThreshold) {
      const side = this.sideOf(J);
      if (side !== undefined) {
        const b = side.boundaryAt(J);
        if (phi < b) return side.derivativePhi(phi, J, b);
        if (b < this.phiThreshold) return 0;
      } else {
        const k = this.weightwise.indexOf(J);
        if (k >= 0) {
          const b = this.weightwise.boundaries[k];
          if (phi < b) return this.weightwise.fits[k]!.derivative(phi);
          if (b < this.phiThreshold) return 0;
        }
      }
    }
    return this.base.dPtcDPhi(phi, J, 0);
  }

  dPtcDJ(phi: number, J: number, i: number): number {
    if (phi >= this.phiLow && phi <= this.phiThreshold) {
      const side = this.sideOf(J);
      if (side !== undefined) {
        const b = side.boundaryAt(J);
        if (phi < b) return side.derivativeJ(phi, J, b);
        if (b < this.phiThreshold) return 0;
      } else {
        // a 1-D fit holds no J dependence: the base's derivative, except where the kick reaches threshold
        const k = this.weightwise.indexOf(J);
        if (k >= 0 && phi >= this.weightwise.boundaries[k] && this.weightwise.boundaries[k] < this.phiThreshold) return 0;
      }
    }
    return this.base.dPtcDJ(phi, J, 0);
  }

  /** Every case but the fast path: other weights, the 2-D fit, the threshold region, the exact fallback. */
  private ptcElsewhere(phi: number, J: number, i: number): number {
    if (phi >= this.phiLow && phi <= this.phiThreshold) {
      const side = this.sideOf(J);
      if (side !== undefined) {
        const b = side.boundaryAt(J);
        if (phi < b) return side.value(phi, J, b);
        if (b < this.phiThreshold) return this.phiThreshold; // the kick reaches threshold
      } else {
        const k = this.weightwise.indexOf(J);
        if (k >= 0) {
          const b = this.weightwise.boundaries[k];
          if (phi < b) {
            const y = this.weightwise.fits[k]!.value(phi);
            return y < this.phiThreshold ? y : this.phiThreshold;
          }
          if (b < this.phiThreshold) return this.phiThreshold;
        }
      }
    }
    return this.base.ptc(phi, J, 0);
  }

  /** The 2-D side fitted for `J`, if any. */
  private sideOf(J: number): PtcSurfaceSide | undefined {
    const inhibitory = this.inhibitory;
    if (inhibitory !== undefined && J >= inhibitory.jLo && J <= inhibitory.jHi) return inhibitory;
    const excitatory = this.excitatory;
    if (excitatory !== undefined && J >= excitatory.jLo && J <= excitatory.jHi) return excitatory;
    return undefined;
  }
}

function resolvePhiLow(base: NeuronModel, given: number | undefined): number {
  const fallback = Math.max(base.phiMin, base.phiReset - (base.phiThreshold - base.phiReset));
  const phiLow = given ?? fallback;
  if (typeof phiLow !== 'number' || !Number.isFinite(phiLow) || phiLow < base.phiMin || phiLow >= base.phiThreshold) {
    throw new InvalidParameterError('phiLow', phiLow, `a finite phase in [phiMin, phiThreshold) = [${base.phiMin}, ${base.phiThreshold}) of ${base.name}`);
  }
  return phiLow;
}

function checkWeights(weights: WeightSummary): void {
  if (!Number.isFinite(weights.min) || !Number.isFinite(weights.max) || weights.min > weights.max) {
    throw new InvalidParameterError('weights', `[${weights.min}, ${weights.max}]`, 'a finite range [min, max] with min ≤ max');
  }
  if (weights.distinct !== undefined) {
    for (const w of weights.distinct) if (!Number.isFinite(w)) throw new InvalidParameterError('weights.distinct', w, 'finite weights');
  }
}

function chooseFitting(weights: WeightSummary | undefined, requested: string): PtcFitting {
  if (requested !== 'auto' && requested !== 'per-weight' && requested !== 'range') {
    throw new InvalidParameterError('fitting', requested, '"auto", "per-weight" or "range"');
  }
  if (weights === undefined || (weights.distinct !== undefined && weights.distinct.length === 0)) return 'none';
  if (weights.min === weights.max) return 'per-weight'; // a range of one weight is one weight
  if (requested === 'per-weight') {
    if (weights.distinct === undefined) throw new InvalidParameterError('fitting', requested, '"range" or "auto": this network has too many distinct weights for per-weight fits');
    return 'per-weight';
  }
  if (requested === 'range') return 'range';
  return weights.distinct !== undefined ? 'per-weight' : 'range';
}
