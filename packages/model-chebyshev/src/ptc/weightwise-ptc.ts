import type { NeuronModel } from '@sparseprop/core';
import type { FitOptions } from '../fit/fit-options.js';
import { PiecewiseChebyshev } from '../fit/piecewise-chebyshev.js';
import { thresholdBoundary } from './threshold-boundary.js';

/**
 * One Chebyshev fit of `phi -> ptc(phi, J)` per distinct weight `J`, each on
 * `[phiLow, phi*(J)]` (the sub-threshold part: above `phi*(J)` the kick
 * reaches threshold and the PTC is exactly `phiThreshold`).
 */
export class WeightwisePtc {
  /** The fitted weights, ascending. */
  readonly weights: Float64Array;
  /** Per weight: the end of its fit, `phi*(J)` (≤ phiThreshold; ≤ phiLow when every phase ≥ phiLow reaches threshold). */
  readonly boundaries: Float64Array;
  /** Per weight: the fit, or undefined when there is no sub-threshold part above phiLow. */
  readonly fits: (PiecewiseChebyshev | undefined)[];

  constructor(base: NeuronModel, phiLow: number, weights: Float64Array, options: FitOptions) {
    this.weights = Float64Array.from(new Set(weights)).sort();
    this.boundaries = this.weights.map((J) => thresholdBoundary(base, J));
    this.fits = Array.from(this.weights, (J, k) => {
      const hi = this.boundaries[k];
      if (!(hi > phiLow)) return undefined;
      return PiecewiseChebyshev.fit((phi) => base.ptc(phi, J, 0), phiLow, hi, options, `ptc(phi, J = ${J}) of ${base.name} on [${phiLow}, ${hi}]`);
    });
  }

  /** Index of weight `J` (exact match), or -1: binary search over at most 64 weights. */
  indexOf(J: number): number {
    const w = this.weights;
    let lo = 0, hi = w.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const m = w[mid];
      if (m < J) lo = mid + 1;
      else if (m > J) hi = mid - 1;
      else return mid;
    }
    return -1;
  }

  /** Total pieces over all fits. */
  get pieceCount(): number {
    return this.fits.reduce((sum, f) => sum + (f?.pieceCount ?? 0), 0);
  }

  /** Largest piece degree over all fits (-1 when nothing was fitted). */
  get largestDegree(): number {
    return this.fits.reduce((most, f) => Math.max(most, f === undefined ? -1 : Math.max(...f.degrees)), -1);
  }
}
