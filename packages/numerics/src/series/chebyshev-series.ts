/**
 * Operations on Chebyshev series on [-1, 1]: `f(u) = sum_k c[k] T_k(u)`
 * (c[0] is the plain constant term, not halved). Interpolation is in
 * `chebyshev-transform.ts`, evaluation in `clenshaw.ts`. Hand-written: npm
 * has no Chebyshev package.
 */

/**
 * Coefficients of the antiderivative `G` of the series `c` with `G` having
 * no constant term (length c.length + 1), from
 * `∫T_0 = T_1`, `∫T_1 = T_2/4`, `∫T_k = T_{k+1}/(2(k+1)) - T_{k-1}/(2(k-1))`.
 */
export function antiderivative(c: ArrayLike<number>): Float64Array {
  const n = c.length;
  const at = (k: number) => (k < n ? c[k] : 0);
  const b = new Float64Array(n + 1);
  b[1] = at(0) - at(2) / 2;
  for (let k = 2; k <= n; k++) b[k] = (at(k - 1) - at(k + 1)) / (2 * k);
  return b;
}

/** `sum_k c[k] T_k(1)`: the series at the right end. */
export function valueAtRight(c: ArrayLike<number>): number {
  let sum = 0;
  for (let k = c.length - 1; k >= 0; k--) sum += c[k];
  return sum;
}

/** `sum_k c[k] T_k(-1)`: the series at the left end. */
export function valueAtLeft(c: ArrayLike<number>): number {
  let sum = 0;
  for (let k = c.length - 1; k >= 0; k--) sum += k % 2 === 0 ? c[k] : -c[k];
  return sum;
}

/** `out[m] = T_m(x)` for m = 0 … count-1 (three-term recurrence, allocation-free). */
export function chebyshevBasis(x: number, out: Float64Array, count: number): void {
  out[0] = 1;
  if (count > 1) out[1] = x;
  for (let m = 2; m < count; m++) out[m] = 2 * x * out[m - 1] - out[m - 2];
}

/** `sum_m coef[offset + m] basis[m]`, m = 0 … count-1. */
export function dotBasis(coef: Float64Array, offset: number, basis: Float64Array, count: number): number {
  let sum = 0;
  for (let m = 0; m < count; m++) sum += coef[offset + m] * basis[m];
  return sum;
}
