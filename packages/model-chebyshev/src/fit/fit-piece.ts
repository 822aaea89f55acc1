import { chebyshevCoefficients, chebyshevNodes, interlacedPoints } from '@sparseprop/numerics';
import { chopDegree, tailMagnitude } from '@sparseprop/numerics';
import { clenshaw } from '@sparseprop/numerics';
import { roundingNoise } from '@sparseprop/numerics';
import { SPLIT } from './adaptive-split.js';
import { ChebyshevFitError } from './chebyshev-fit-error.js';

/** First degree tried on a piece; doubled until resolved or `maxDegree`. */
export const START_DEGREE = 8;

/**
 * Sample `f` at `x = mid + half * node` and fail loudly on a non-finite value
 * (a model returning NaN must not become a silently wrong polynomial).
 */
export function sample(f: (x: number) => number, x: number, what: string): number {
  const y = f(x);
  if (!Number.isFinite(y)) throw new ChebyshevFitError(what, `the function is ${y} at ${x}`);
  return y;
}

/**
 * Fit `f` on `[lo, hi]` by one Chebyshev series: degree 8, 16, … up to
 * `maxDegree` until the last coefficients fall below `tolerance / 8` (or the
 * degree is `maxDegree`); then cut the series where the dropped terms sum to
 * at most `tolerance / 4` and verify it at the points interlaced with the
 * nodes (≤ `tolerance / 2`). Those points are the extrema of `T_{n+1}`, where
 * the interpolation error (the first neglected terms and their aliases)
 * peaks, so the verification is what accepts a piece. Each bound is raised
 * by the function's own rounding noise (see rounding-noise.ts), negligible
 * except where f is very steep.
 * @returns the coefficients of the cut series (length degree + 1), or
 *   {@link SPLIT} when `maxDegree` does not suffice.
 */
export function fitPiece(f: (x: number) => number, lo: number, hi: number, tolerance: number, maxDegree: number, what: string): Float64Array | typeof SPLIT {
  const mid = lo + (hi - lo) / 2, half = (hi - lo) / 2;
  for (let degree = Math.min(START_DEGREE, maxDegree); ; degree = Math.min(2 * degree, maxDegree)) {
    const nodes = chebyshevNodes(degree);
    const values = new Float64Array(degree + 1);
    for (let k = 0; k <= degree; k++) values[k] = sample(f, mid + half * nodes[k], what);
    const c = new Float64Array(degree + 1);
    chebyshevCoefficients(values, degree, c);
    const noise = roundingNoise(c, degree, mid, half);
    const full = degree >= maxDegree;
    // the verification decides; the tail only says when it is worth trying below maxDegree
    if (full || tailMagnitude(c, degree) <= tolerance / 8 + noise) {
      const kept = chopDegree(c.map(Math.abs), degree, tolerance / 4);
      if (verifies(f, c, kept, degree, mid, half, tolerance / 2 + noise, what)) return c.slice(0, kept + 1);
    }
    if (full) return SPLIT;
  }
}

/** True when the series cut after `kept` is within `bound` of `f` at the points interlaced with the degree-`degree` nodes. */
function verifies(f: (x: number) => number, c: Float64Array, kept: number, degree: number, mid: number, half: number, bound: number, what: string): boolean {
  const points = interlacedPoints(degree);
  for (let k = 0; k < points.length; k++) {
    if (Math.abs(clenshaw(c, 0, kept, points[k]) - sample(f, mid + half * points[k], what)) > bound) return false;
  }
  return true;
}
