import type { NeuronModel } from '@sparseprop/core';

/**
 * How far the Chebyshev PTC may be from the base's, at one point: the fit
 * tolerance plus the rounding noise of the function itself (see
 * series/rounding-noise.ts) — `eps (|phi| |∂ptc/∂phi| + |ptc|)` with a factor
 * 8: 4 for the fit's allowance, 4 for the base model's own evaluation.
 */
export function allowedError(base: NeuronModel, phi: number, J: number, tolerance: number): number {
  const slope = Math.abs(base.dPtcDPhi(phi, J, 0));
  return tolerance + 8 * Number.EPSILON * (Math.abs(phi) * slope + Math.abs(base.ptc(phi, J, 0)) + 1);
}

/**
 * Largest excess of |model.ptc - base.ptc| over {@link allowedError} on an
 * even grid of `points` phases in `[lo, hi]` (ends included); ≤ 0 means
 * every point is within bounds. Also returns the largest plain error.
 */
export function ptcGridError(model: NeuronModel, base: NeuronModel, J: number, lo: number, hi: number, tolerance: number, points = 20001): { excess: number; worst: number; at: number } {
  let excess = -Infinity, worst = 0, at = lo;
  for (let k = 0; k < points; k++) {
    const phi = lo + ((hi - lo) * k) / (points - 1);
    const error = Math.abs(model.ptc(phi, J, 0) - base.ptc(phi, J, 0));
    if (error > worst) {
      worst = error;
      at = phi;
    }
    excess = Math.max(excess, error - allowedError(base, phi, J, tolerance));
  }
  return { excess, worst, at };
}
