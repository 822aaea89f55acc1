import type { NeuronModel } from '@sparseprop/core';
import { type FitOptions, MIN_SURFACE_DEGREE } from '../fit/fit-options.js';
import { PiecewiseChebyshev } from '../fit/piecewise-chebyshev.js';
import { PiecewiseTensorChebyshev } from '../fit/piecewise-tensor-chebyshev.js';
import { thresholdBoundary } from './threshold-boundary.js';

/**
 * Excitatory kicks so strong that less than this fraction of `[phiLow,
 * phiThreshold]` stays sub-threshold are left to the base model: the
 * stretched phase axis would need ever higher degrees for no gain.
 */
const SMALLEST_SUBTHRESHOLD_FRACTION = 1 / 16;

/**
 * The boundary `phi*(J)` is fitted this much tighter than the PTC: an error
 * δ in it moves the PTC by up to δ ∂ptc/∂phi, and ∂ptc/∂phi near threshold
 * reaches O(10) for weak drives.
 */
const BOUNDARY_TOLERANCE_FACTOR = 1 / 16;

/**
 * `ptc(phi, J)` for every `J` in a range on one side of 0, as a 2-D
 * (tensor-product) Chebyshev fit in the stretched phase `s = (phi - phiLow) /
 * (phi*(J) - phiLow)` in [0, 1] and `J`. Stretching makes the sub-threshold
 * region a rectangle; for inhibition `phi*(J) = phiThreshold` and it is a
 * plain rescaling. On the excitatory side `phi*(J)` is itself a 1-D fit.
 */
export class PtcSurfaceSide {
  /** Fitted weight range. */
  readonly jLo: number;
  readonly jHi: number;
  private readonly phiLow: number;
  private readonly phiThreshold: number;
  /** `phi*(J)`, or undefined when it is `phiThreshold` throughout. */
  private readonly boundary: PiecewiseChebyshev | undefined;
  /** 1 / (phiThreshold - phiLow), used when there is no boundary fit. */
  private readonly inverseSpan: number;
  readonly surface: PiecewiseTensorChebyshev;

  /**
   * Build the side for `J` in `[jLo, jHi]`, both ≤ 0 or both ≥ 0, jLo < jHi
   * (on the excitatory side, take jHi from {@link strongestFittedKick}).
   */
  constructor(base: NeuronModel, phiLow: number, jLo: number, jHi: number, options: FitOptions) {
    this.phiLow = phiLow;
    this.phiThreshold = base.phiThreshold;
    this.inverseSpan = 1 / (base.phiThreshold - phiLow);
    const excitatory = jLo >= 0 && Number.isFinite(base.vThreshold);
    this.jLo = jLo;
    this.jHi = jHi;
    const name = `${base.name} for J in [${jLo}, ${jHi}]`;
    this.boundary = excitatory
      ? PiecewiseChebyshev.fit((J) => thresholdBoundary(base, J), jLo, jHi, { ...options, tolerance: options.tolerance * BOUNDARY_TOLERANCE_FACTOR }, `the threshold boundary phi*(J) of ${name}`)
      : undefined;
    const span = (J: number) => (excitatory ? thresholdBoundary(base, J) : base.phiThreshold) - phiLow;
    this.surface = PiecewiseTensorChebyshev.fit((s, J) => base.ptc(phiLow + s * span(J), J, 0), { xLo: 0, xHi: 1, yLo: jLo, yHi: jHi }, { ...options, maxDegree: Math.max(options.maxDegree, MIN_SURFACE_DEGREE) }, `ptc(phi, J) of ${name}`);
  }

  /** `phi*(J)`: where the fitted region ends. */
  boundaryAt(J: number): number {
    return this.boundary === undefined ? this.phiThreshold : this.boundary.value(J);
  }

  /** ptc for `phiLow ≤ phi < boundaryAt(J)` (callers check). */
  value(phi: number, J: number, boundary: number): number {
    const s = this.boundary === undefined ? (phi - this.phiLow) * this.inverseSpan : (phi - this.phiLow) / (boundary - this.phiLow);
    const y = this.surface.value(s, J);
    return y < this.phiThreshold ? y : this.phiThreshold;
  }

  /** ∂ptc/∂phi for `phiLow ≤ phi < boundary`. */
  derivativePhi(phi: number, J: number, boundary: number): number {
    const width = boundary - this.phiLow;
    return this.surface.derivativeX((phi - this.phiLow) / width, J) / width;
  }

  /** ∂ptc/∂J for `phiLow ≤ phi < boundary`: the J-derivative of the fit plus the boundary's motion, `-s phi*'(J) / width` times ∂/∂s. */
  derivativeJ(phi: number, J: number, boundary: number): number {
    const width = boundary - this.phiLow;
    const s = (phi - this.phiLow) / width;
    const direct = this.surface.derivativeY(s, J);
    if (this.boundary === undefined) return direct;
    return direct - (this.surface.derivativeX(s, J) * s * this.boundary.derivative(J)) / width;
  }
}

/**
 * Largest `J ≤ jHi` whose sub-threshold region `[phiLow, phi*(J)]` keeps at
 * least {@link SMALLEST_SUBTHRESHOLD_FRACTION} of the phase range (phi* falls
 * as J grows; bisection); `jLo` when none above it does. Stronger kicks go
 * to the base model.
 */
export function strongestFittedKick(base: NeuronModel, phiLow: number, jLo: number, jHi: number): number {
  const enough = phiLow + SMALLEST_SUBTHRESHOLD_FRACTION * (base.phiThreshold - phiLow);
  if (thresholdBoundary(base, jHi) >= enough) return jHi;
  let lo = jLo, hi = jHi;
  for (let it = 0; it < 100 && hi - lo > 1e-12 * Math.max(1, Math.abs(hi)); it++) {
    const mid = lo + (hi - lo) / 2;
    if (thresholdBoundary(base, mid) >= enough) lo = mid;
    else hi = mid;
  }
  return lo;
}
