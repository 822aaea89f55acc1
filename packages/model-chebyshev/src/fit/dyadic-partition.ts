import type { DyadicPiece } from './adaptive-split.js';

/**
 * Deepest uniform lookup table: 2^10 cells (4 KiB). Pieces deeper than this
 * (graded toward a singular end point) are found by a short scan inside
 * their cell.
 */
const MAX_TABLE_DEPTH = 10;

/**
 * Finds the piece of a dyadic subdivision that contains `x`, in O(1): a
 * uniform table of cells at the depth of the deepest piece (capped), each
 * naming its piece; a cell holding several deeper pieces names the first
 * and is scanned. Allocation-free.
 */
export class DyadicPartition {
  /** Left end of the partitioned interval. */
  readonly lo: number;
  /** Right end of the partitioned interval. */
  readonly hi: number;
  /** Number of pieces. */
  readonly count: number;
  /** Right end of each piece. */
  private readonly pieceHi: Float64Array;
  /** Per cell: piece index (≥ 0), or -(first piece + 1) when several pieces share the cell. */
  private readonly cells: Int32Array;
  private readonly cellScale: number;
  private readonly lastCell: number;

  constructor(lo: number, hi: number, pieces: readonly DyadicPiece<unknown>[]) {
    this.lo = lo;
    this.hi = hi;
    this.count = pieces.length;
    this.pieceHi = Float64Array.from(pieces, (p) => p.hi);
    let deepest = 0;
    for (const p of pieces) deepest = Math.max(deepest, p.depth);
    const depth = Math.min(deepest, MAX_TABLE_DEPTH);
    const cellCount = 2 ** depth;
    this.cells = new Int32Array(cellCount).fill(0x7fffffff);
    pieces.forEach((p, k) => {
      if (p.depth <= depth) {
        const span = 2 ** (depth - p.depth);
        this.cells.fill(k, p.index * span, (p.index + 1) * span);
      } else {
        const cell = Math.floor(p.index / 2 ** (p.depth - depth));
        if (this.cells[cell] === 0x7fffffff) this.cells[cell] = -(k + 1);
      }
    });
    this.cellScale = cellCount / (hi - lo);
    this.lastCell = cellCount - 1;
  }

  /** Index of the piece containing `x` (clamped to the first or last piece outside `[lo, hi]`). */
  locate(x: number): number {
    let cell = ((x - this.lo) * this.cellScale) | 0;
    if (cell > this.lastCell) cell = this.lastCell;
    else if (cell < 0) cell = 0;
    let piece = this.cells[cell];
    if (piece < 0) {
      piece = -piece - 1;
      const last = this.count - 1;
      while (piece < last && x >= this.pieceHi[piece]) piece++;
    }
    return piece;
  }
}
