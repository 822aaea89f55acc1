import { chebyshevCoefficients, chebyshevNodes, interlacedPoints } from '@sparseprop/numerics';
import { chopDegree } from '@sparseprop/numerics';
import { roundingNoise } from '@sparseprop/numerics';
import { ABORT, SPLIT } from './adaptive-split.js';
import { sample, START_DEGREE } from './fit-piece.js';

/** A tensor-product Chebyshev series `sum_p sum_q c[p (Q+1) + q] T_p(x) T_q(y)` on one rectangle. */
export interface TensorSeries {
  /** Degree in x (P). */
  readonly degreeX: number;
  /** Degree in y (Q). */
  readonly degreeY: number;
  /** Coefficients, row-major: (P+1) rows of (Q+1). */
  readonly coefficients: Float64Array;
}

/** Rectangle `[xLo, xHi] × [yLo, yHi]`. */
export interface Rectangle {
  readonly xLo: number;
  readonly xHi: number;
  readonly yLo: number;
  readonly yHi: number;
}

/**
 * Fit `g` on one rectangle by a tensor-product Chebyshev series, raising
 * the degree of each axis (8, 16, … up to `maxDegree`) until the tail in
 * that direction — the largest of the last three row (or column) sums of
 * |c| — is below `tolerance / 8` (or the degree is full); cut each axis
 * where the dropped rows (or columns) sum to at most `tolerance / 4`, and
 * verify on the grid interlaced with the nodes (≤ `tolerance / 2`), which
 * decides; each bound raised by the rounding noise of the function
 * (rounding-noise.ts).
 * @returns the series; when both degrees are spent, {@link SPLIT} to halve
 *   x or {@link ABORT} to halve y (the axis with the larger tail).
 */
export function fitPatch(
  g: (x: number, y: number) => number,
  r: Rectangle,
  tolerance: number,
  maxDegree: number,
  what: string,
): TensorSeries | typeof SPLIT | typeof ABORT {
  const xMid = r.xLo + (r.xHi - r.xLo) / 2, xHalf = (r.xHi - r.xLo) / 2;
  const yMid = r.yLo + (r.yHi - r.yLo) / 2, yHalf = (r.yHi - r.yLo) / 2;
  const f = (u: number, v: number) => sample((x) => g(x, yMid + yHalf * v), xMid + xHalf * u, what);
  let nx = Math.min(START_DEGREE, maxDegree), ny = nx;
  for (;;) {
    const c = tensorCoefficients(f, nx, ny);
    const rowNorms = new Float64Array(nx + 1), columnNorms = new Float64Array(ny + 1);
    for (let p = 0; p <= nx; p++) {
      for (let q = 0; q <= ny; q++) {
        const a = Math.abs(c[p * (ny + 1) + q]);
        rowNorms[p] += a;
        columnNorms[q] += a;
      }
    }
    // rounding noise of the argument along each axis (a column of c is the x-series of one T_q(y), summed as |.|)
    const noise = roundingNoise(rowNorms, nx, xMid, xHalf) + roundingNoise(columnNorms, ny, yMid, yHalf);
    const bound = tolerance / 8 + noise;
    const xTail = lastThree(rowNorms, nx), yTail = lastThree(columnNorms, ny);
    const xSmall = xTail <= bound, ySmall = yTail <= bound;
    const xFull = nx >= maxDegree, yFull = ny >= maxDegree;
    // as in 1-D the verification decides; small tails (or full degrees) say when to try it
    if ((xSmall || xFull) && (ySmall || yFull)) {
      const series = cut(c, nx, ny, chopDegree(rowNorms, nx, tolerance / 4), chopDegree(columnNorms, ny, tolerance / 4));
      if (verifies(f, series, nx, ny, tolerance / 2 + noise)) return series;
    }
    // grow each axis whose tail is large; both when the tails were small but the check failed
    let grew = false;
    if (!xFull && (!xSmall || ySmall)) {
      nx = Math.min(2 * nx, maxDegree);
      grew = true;
    }
    if (!yFull && (!ySmall || xSmall)) {
      ny = Math.min(2 * ny, maxDegree);
      grew = true;
    }
    if (!grew) return yTail > xTail ? ABORT : SPLIT;
  }
}

/** Evaluate a tensor series at `(u, v)` in `[-1, 1]^2` (fit-time only: allocates). */
export function evaluateTensor(s: TensorSeries, u: number, v: number): number {
  let sum = 0;
  const tu = chebyshevValues(u, s.degreeX), tv = chebyshevValues(v, s.degreeY);
  for (let p = 0; p <= s.degreeX; p++) for (let q = 0; q <= s.degreeY; q++) sum += s.coefficients[p * (s.degreeY + 1) + q] * tu[p] * tv[q];
  return sum;
}

/** Coefficients of the interpolant through `f(u_k, v_l)` at the Chebyshev nodes, row-major (nx+1) × (ny+1). */
function tensorCoefficients(f: (u: number, v: number) => number, nx: number, ny: number): Float64Array {
  const u = chebyshevNodes(nx), v = chebyshevNodes(ny);
  const values = new Float64Array((nx + 1) * (ny + 1));
  for (let k = 0; k <= nx; k++) for (let l = 0; l <= ny; l++) values[k * (ny + 1) + l] = f(u[k], v[l]);
  const rows = new Float64Array(values.length);
  // transform every row (along v), then every column (along u)
  for (let k = 0; k <= nx; k++) chebyshevCoefficients(values, ny, rows, k * (ny + 1), 1, k * (ny + 1), 1);
  const c = new Float64Array(values.length);
  for (let q = 0; q <= ny; q++) chebyshevCoefficients(rows, nx, c, q, ny + 1, q, ny + 1);
  return c;
}

function lastThree(norms: Float64Array, degree: number): number {
  let tail = 0;
  for (let j = Math.max(0, degree - 2); j <= degree; j++) tail = Math.max(tail, norms[j]);
  return tail;
}

function cut(c: Float64Array, nx: number, ny: number, degreeX: number, degreeY: number): TensorSeries {
  const coefficients = new Float64Array((degreeX + 1) * (degreeY + 1));
  for (let p = 0; p <= degreeX; p++) for (let q = 0; q <= degreeY; q++) coefficients[p * (degreeY + 1) + q] = c[p * (ny + 1) + q];
  return { degreeX, degreeY, coefficients };
}

function verifies(f: (u: number, v: number) => number, s: TensorSeries, nx: number, ny: number, bound: number): boolean {
  const u = interlacedPoints(nx), v = interlacedPoints(ny);
  for (let k = 0; k < u.length; k++) for (let l = 0; l < v.length; l++) if (Math.abs(evaluateTensor(s, u[k], v[l]) - f(u[k], v[l])) > bound) return false;
  return true;
}

function chebyshevValues(x: number, degree: number): Float64Array {
  const t = new Float64Array(degree + 1);
  t[0] = 1;
  if (degree > 0) t[1] = x;
  for (let j = 2; j <= degree; j++) t[j] = 2 * x * t[j - 1] - t[j - 2];
  return t;
}
