/**
 * Chebyshev interpolation on `[-1, 1]` at the Chebyshev points of the first
 * kind (the roots of `T_{n+1}`), which never include the end points: a fitted
 * function is never sampled exactly at a threshold or a pole.
 */

/** The n+1 Chebyshev points of the first kind, `x_k = cos(pi (k + 1/2) / (n + 1))`, descending in (-1, 1). */
export function chebyshevNodes(degree: number): Float64Array {
  const count = degree + 1;
  const nodes = new Float64Array(count);
  for (let k = 0; k < count; k++) nodes[k] = Math.cos((Math.PI * (k + 0.5)) / count);
  return nodes;
}

/**
 * Interior points interlaced with the nodes of {@link chebyshevNodes}
 * (`cos(pi k / (n + 1))`, k = 1 … n): where an interpolant is farthest from
 * its samples, so the place to verify it.
 */
export function interlacedPoints(degree: number): Float64Array {
  const count = degree + 1;
  const points = new Float64Array(degree);
  for (let k = 1; k <= degree; k++) points[k - 1] = Math.cos((Math.PI * k) / count);
  return points;
}

/**
 * Coefficients `c_0 … c_n` of the interpolant `sum c_j T_j(x)` through
 * `values[k] = f(x_k)` at the nodes of {@link chebyshevNodes} (a DCT-II,
 * computed directly in O(n^2): fits happen once, at model creation).
 * Reads `values[start + k * stride]` so that rows and columns of a 2-D grid
 * transform in place; writes `out[outStart + j * outStride]`.
 */
export function chebyshevCoefficients(
  values: Float64Array,
  degree: number,
  out: Float64Array,
  start = 0,
  stride = 1,
  outStart = 0,
  outStride = 1,
): void {
  const count = degree + 1;
  // cos(pi j (2k + 1) / (2 count)) depends on j (2k+1) mod 4 count only: one table, exact angles
  const period = 4 * count;
  const table = cosineTable(period);
  for (let j = 0; j < count; j++) {
    let sum = 0;
    for (let k = 0; k < count; k++) sum += values[start + k * stride] * table[(j * (2 * k + 1)) % period];
    out[outStart + j * outStride] = ((j === 0 ? 1 : 2) * sum) / count;
  }
}

/**
 * The same transform as {@link chebyshevCoefficients} (dense, stride 1),
 * with each angle `pi j (k + 1/2) / (n + 1)` rounded directly instead of
 * reduced exactly through a table. The two differ in the last bits of the
 * coefficients only; the EIF phase tables were built and validated with
 * this rounding, and keep it so that EIF spike trains stay bit-identical
 * across releases. New code should use {@link chebyshevCoefficients}.
 */
export function chebyshevCoefficientsDirectAngles(values: ArrayLike<number>): Float64Array {
  const count = values.length;
  const c = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    let sum = 0;
    for (let k = 0; k < count; k++) sum += values[k] * Math.cos((Math.PI * j * (k + 0.5)) / count);
    c[j] = ((j === 0 ? 1 : 2) / count) * sum;
  }
  return c;
}

const cosineTables = new Map<number, Float64Array>();

/** cos(2 pi m / period) for m = 0 … period-1, cached per period. */
function cosineTable(period: number): Float64Array {
  let table = cosineTables.get(period);
  if (table === undefined) {
    table = new Float64Array(period);
    for (let m = 0; m < period; m++) table[m] = Math.cos((2 * Math.PI * m) / period);
    cosineTables.set(period, table);
  }
  return table;
}
