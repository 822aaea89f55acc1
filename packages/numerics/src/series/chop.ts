/**
 * Deciding when a Chebyshev series has resolved a function, and how short it
 * can be cut. For a function analytic near the interval the coefficients
 * decay geometrically, so the last few bound the rest; the absolute error of
 * dropping terms is at most the sum of their magnitudes (|T_j| ≤ 1).
 */

/** Terms inspected at the tail: three, so that a series of an even or odd function (every other term 0) is judged on at least one nonzero term. */
const TAIL_TERMS = 3;

/** Largest |c_j| among the last `TAIL_TERMS` (3) of `degree + 1` coefficients read at `start + j * stride`. */
export function tailMagnitude(c: Float64Array, degree: number, start = 0, stride = 1): number {
  let tail = 0;
  for (let j = Math.max(0, degree - TAIL_TERMS + 1); j <= degree; j++) tail = Math.max(tail, Math.abs(c[start + j * stride]));
  return tail;
}

/**
 * Smallest degree m such that the magnitudes `norms[m+1 … degree]` sum to at
 * most `budget`: the truncation error of cutting the series after m.
 */
export function chopDegree(norms: Float64Array, degree: number, budget: number): number {
  let dropped = 0;
  let m = degree;
  while (m > 0 && dropped + norms[m] <= budget) {
    dropped += norms[m];
    m--;
  }
  return m;
}
