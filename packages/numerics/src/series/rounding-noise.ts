/**
 * How well a function can be known in floating point at all: its argument
 * is rounded to within an ulp, so `f(x)` is uncertain by about
 * `eps (|x| |f'(x)| + |f(x)|)`. Where the PTC is steep (EIF under strong
 * inhibition near threshold: ∂ptc/∂phi ≈ 2e4) that exceeds any absolute
 * tolerance of 1e-12, and no fit — nor the base model itself — can do
 * better. Fits accept this much on top of the tolerance.
 */

/** Safety factor over one rounding of the argument and one of the value. */
const ROUNDING_FACTOR = 4;

/**
 * Noise floor of a function on `[mid - half, mid + half]` from its Chebyshev
 * coefficients `c[start + j * stride]`, j = 0 … degree: |f| ≤ sum |c_j| and
 * |f'| ≤ sum j^2 |c_j| / half (Markov's bound, |T_j'| ≤ j^2).
 */
export function roundingNoise(c: Float64Array, degree: number, mid: number, half: number, start = 0, stride = 1): number {
  let size = 0, slope = 0;
  for (let j = 0; j <= degree; j++) {
    const a = Math.abs(c[start + j * stride]);
    size += a;
    slope += j * j * a;
  }
  return ROUNDING_FACTOR * Number.EPSILON * ((Math.abs(mid) + half) * (slope / half) + size);
}
