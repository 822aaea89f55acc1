/**
 * Clenshaw's recurrence for a Chebyshev series `sum_{j=0}^{n} c_j T_j(x)`
 * stored at `c[offset … offset + degree]`, for `x` in `[-1, 1]`: n
 * multiply-adds, no allocation, backward stable.
 */
export function clenshaw(c: Float64Array, offset: number, degree: number, x: number): number {
  const x2 = 2 * x;
  let b1 = 0, b2 = 0;
  for (let k = offset + degree; k > offset; k--) {
    const b0 = x2 * b1 - b2 + c[k];
    b2 = b1;
    b1 = b0;
  }
  return x * b1 - b2 + c[offset];
}

/**
 * d/dx of the series of {@link clenshaw}, without a stored derivative series:
 * `d T_j / dx = j U_{j-1}(x)`, so the derivative is the second-kind series
 * `sum_{m=0}^{n-1} (m+1) c_{m+1} U_m(x)`, summed by the same recurrence
 * (for `U` the final step is `b_0` itself).
 */
export function clenshawDerivative(c: Float64Array, offset: number, degree: number, x: number): number {
  const x2 = 2 * x;
  let b1 = 0, b2 = 0;
  for (let m = degree - 1; m >= 0; m--) {
    const b0 = x2 * b1 - b2 + (m + 1) * c[offset + m + 1];
    b2 = b1;
    b1 = b0;
  }
  return b1;
}
