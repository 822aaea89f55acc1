/**
 * Panel polynomials in monomial form `sum_j a[j] u^j`, u in [-1, 1].
 *
 * Tables are fitted as Chebyshev series and stored as monomials because
 * Estrin's scheme evaluates a monomial polynomial with a dependency chain of
 * about log2(n) multiply-adds instead of Clenshaw's n (about twice as fast
 * here). The change of basis is safe for these series: when the Chebyshev
 * coefficients decay like rho^-k with rho ≥ 7 (what the 2^-48 fits imply),
 * `sum |a_j| ≤ c_0 / (1 - (1 + sqrt 2)/rho)`, so rounding stays ≈ 1.5 eps c_0.
 */

/** Coefficients per panel polynomial (degree 17). Estrin below is unrolled for this length. */
export const POLYNOMIAL_LENGTH = 18;

/** `TO_MONOMIAL[k * L + j]`: coefficient of u^j in the Chebyshev polynomial T_k. */
const TO_MONOMIAL = (() => {
  const L = POLYNOMIAL_LENGTH;
  const m = new Float64Array(L * L);
  m[0] = 1;
  m[L + 1] = 1;
  for (let k = 2; k < L; k++) {
    for (let j = 0; j < L; j++) {
      const fromTwoU = j > 0 ? 2 * m[(k - 1) * L + j - 1] : 0;
      m[k * L + j] = fromTwoU - m[(k - 2) * L + j];
    }
  }
  return m;
})();

/** Write the monomial coefficients of the Chebyshev series `c` (length ≤ POLYNOMIAL_LENGTH) to `out[offset …]`. */
export function chebyshevToMonomial(c: ArrayLike<number>, out: Float64Array, offset: number): void {
  const L = POLYNOMIAL_LENGTH;
  for (let j = 0; j < L; j++) {
    let sum = 0;
    for (let k = j; k < c.length; k++) sum += c[k] * TO_MONOMIAL[k * L + j];
    out[offset + j] = sum;
  }
}

/** The degree-17 polynomial at `a[o …]` evaluated at u by Estrin's scheme. Allocation-free. */
export function evaluatePolynomial(a: Float64Array, o: number, u: number): number {
  const u2 = u * u, u4 = u2 * u2, u8 = u4 * u4, u16 = u8 * u8;
  const p0 = a[o] + a[o + 1] * u, p1 = a[o + 2] + a[o + 3] * u;
  const p2 = a[o + 4] + a[o + 5] * u, p3 = a[o + 6] + a[o + 7] * u;
  const p4 = a[o + 8] + a[o + 9] * u, p5 = a[o + 10] + a[o + 11] * u;
  const p6 = a[o + 12] + a[o + 13] * u, p7 = a[o + 14] + a[o + 15] * u;
  const p8 = a[o + 16] + a[o + 17] * u;
  const q0 = p0 + p1 * u2, q1 = p2 + p3 * u2, q2 = p4 + p5 * u2, q3 = p6 + p7 * u2;
  return q0 + q1 * u4 + (q2 + q3 * u4) * u8 + p8 * u16;
}

/** The polynomial and its derivative at u (Horner), into `out[0]`, `out[1]`. For table building. */
export function evaluateWithDerivative(a: Float64Array, o: number, u: number, out: Float64Array): void {
  let value = a[o + POLYNOMIAL_LENGTH - 1], slope = 0;
  for (let j = o + POLYNOMIAL_LENGTH - 2; j >= o; j--) {
    slope = slope * u + value;
    value = value * u + a[j];
  }
  out[0] = value;
  out[1] = slope;
}
