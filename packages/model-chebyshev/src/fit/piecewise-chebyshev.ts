import { clenshaw, clenshawDerivative } from '@sparseprop/numerics';
import { splitAdaptively } from './adaptive-split.js';
import { DyadicPartition } from './dyadic-partition.js';
import { fitPiece } from './fit-piece.js';
import type { FitOptions } from './fit-options.js';

/**
 * A function of one variable on `[lo, hi]` as Chebyshev series on dyadic
 * pieces (one piece when one series of degree ≤ `maxDegree` suffices; graded
 * pieces toward a singular end point otherwise). Evaluation: an O(1) piece
 * lookup, then Clenshaw's recurrence; no allocation.
 */
export class PiecewiseChebyshev {
  /** Left end of the fitted interval. */
  readonly lo: number;
  /** Right end of the fitted interval. */
  readonly hi: number;
  private readonly partition: DyadicPartition;
  /** All pieces' coefficients, back to back. */
  private readonly coefficients: Float64Array;
  private readonly offsets: Int32Array;
  /** Polynomial degree of each piece. */
  readonly degrees: Int32Array;
  /** Centre of each piece. */
  private readonly mids: Float64Array;
  /** 2 / width of each piece: maps the piece onto [-1, 1]. */
  private readonly inverseHalfWidths: Float64Array;

  private constructor(lo: number, hi: number, partition: DyadicPartition, series: readonly Float64Array[], ends: readonly (readonly [number, number])[]) {
    this.lo = lo;
    this.hi = hi;
    this.partition = partition;
    const count = series.length;
    this.offsets = new Int32Array(count);
    this.degrees = new Int32Array(count);
    this.mids = new Float64Array(count);
    this.inverseHalfWidths = new Float64Array(count);
    let total = 0;
    for (let p = 0; p < count; p++) {
      this.offsets[p] = total;
      this.degrees[p] = series[p].length - 1;
      total += series[p].length;
      const [a, b] = ends[p];
      this.mids[p] = a + (b - a) / 2;
      this.inverseHalfWidths[p] = 2 / (b - a);
    }
    this.coefficients = new Float64Array(total);
    for (let p = 0; p < count; p++) this.coefficients.set(series[p], this.offsets[p]);
  }

  /**
   * Fit `f` on `[lo, hi]` (lo < hi) to `options.tolerance` (absolute).
   * @param what names the function in a {@link ChebyshevFitError}.
   */
  static fit(f: (x: number) => number, lo: number, hi: number, options: FitOptions, what: string): PiecewiseChebyshev {
    const pieces = splitAdaptively(lo, hi, (a, b) => fitPiece(f, a, b, options.tolerance, options.maxDegree, what), options.maxPieces, what)!;
    return new PiecewiseChebyshev(
      lo,
      hi,
      new DyadicPartition(lo, hi, pieces),
      pieces.map((p) => p.payload),
      pieces.map((p) => [p.lo, p.hi] as const),
    );
  }

  /** Number of pieces. */
  get pieceCount(): number {
    return this.degrees.length;
  }

  /** Value at `x` in `[lo, hi]` (outside, the nearest piece's polynomial continues). */
  value(x: number): number {
    const p = this.partition.locate(x);
    return clenshaw(this.coefficients, this.offsets[p], this.degrees[p], (x - this.mids[p]) * this.inverseHalfWidths[p]);
  }

  /** Derivative at `x` in `[lo, hi]`. */
  derivative(x: number): number {
    const p = this.partition.locate(x);
    const scale = this.inverseHalfWidths[p];
    return scale * clenshawDerivative(this.coefficients, this.offsets[p], this.degrees[p], (x - this.mids[p]) * scale);
  }
}
