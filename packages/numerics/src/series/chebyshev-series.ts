/**
 * Chebyshev series on [-1, 1]: `f(u) = sum_k c[k] T_k(u)` (c[0] is the plain
 * constant term, not halved). Hand-written: npm has no Chebyshev package.
 */

/** The m Chebyshev points of the first kind, `cos(pi (j + 1/2) / m)`, j = 0 … m-1 (descending). */
export function chebyshevPoints(m: number): Float64Array {
  const points = new Float64Array(m);
  for (let j = 0; j < m; j++) points[j] = Math.cos((Math.PI * (j + 0.5)) / m);
  return points;
}

/**
 * Coefficients of the degree m-1 interpolant through `values[j] = f(points[j])`
 * at the m first-kind points (a discrete cosine transform, O(m^2): tables are
 * built once).
 */
export function chebyshevCoefficients(values: ArrayLike<number>): Float64Array {
  const m = values.length;
  const c = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    let sum = 0;
    for (let j = 0; j < m; j++) sum += values[j] * Math.cos((Math.PI * k * (j + 0.5)) / m);
    c[k] = ((k === 0 ? 1 : 2) / m) * sum;
  }
  return c;
}

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

/**
 * Clenshaw's recurrence: the series `coef[offset … offset+length-1]` at `u`
 * in [-1, 1]. Allocation-free; rounding error about `eps * sum |c_k|`.
 */
export function clenshaw(coef: Float64Array, offset: number, length: number, u: number): number {
  const twoU = 2 * u;
  let b1 = 0, b2 = 0;
  for (let k = offset + length - 1; k > offset; k--) {
    const b0 = coef[k] + twoU * b1 - b2;
    b2 = b1;
    b1 = b0;
  }
  return coef[offset] + u * b1 - b2;
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
