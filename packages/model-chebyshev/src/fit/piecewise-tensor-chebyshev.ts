import { clenshaw, clenshawDerivative } from '@sparseprop/numerics';
import { ABORT, SPLIT } from './adaptive-split.js';
import { ChebyshevFitError } from './chebyshev-fit-error.js';
import type { FitOptions } from './fit-options.js';
import { fitPatch, type Rectangle, type TensorSeries } from './fit-patch.js';

/** Deepest bisection per axis (as in 1-D: 2^-44 of the range is a few hundred ulps). */
const MAX_DEPTH = 44;
/** The lookup grid has at most 2^5 × 2^5 cells, each naming the deepest tree node that holds it whole. */
const MAX_GRID_DEPTH = 5;

/** Node kinds of the k-d tree. */
const LEAF = 0, SPLIT_X = 1, SPLIT_Y = 2;

interface Patch extends Rectangle {
  readonly series: TensorSeries;
}

/**
 * A function of two variables on a rectangle as tensor-product Chebyshev
 * patches on a k-d tree of bisections: a patch that needs more than
 * `maxDegree` along one axis is halved along that axis only, so a corner
 * singularity gets graded patches near it and large ones elsewhere.
 *
 * Evaluation: a grid cell gives the deepest tree node holding it, a short
 * descent finds the patch, then the `Q+1` values `T_q(y)` and a Clenshaw sum
 * in x whose coefficients are dot products with them — `(P+1)(Q+1)`
 * multiply-adds, no allocation (scratch arrays are reused).
 */
export class PiecewiseTensorChebyshev {
  private readonly xLo: number;
  private readonly yLo: number;
  private readonly gridScaleX: number;
  private readonly gridScaleY: number;
  private readonly gridLastX: number;
  private readonly gridLastY: number;
  private readonly gridWidth: number;
  /** Per grid cell: the tree node to start the descent from. */
  private readonly grid: Int32Array;
  /** Per node: LEAF, SPLIT_X or SPLIT_Y. */
  private readonly nodeKinds: Uint8Array;
  /** Per split node: the bisection point. */
  private readonly nodeSplits: Float64Array;
  /** Per split node: its left (lower) child; the right child follows it. Per leaf: its patch. */
  private readonly nodeTargets: Int32Array;
  private readonly xMids: Float64Array;
  private readonly xInverseHalfWidths: Float64Array;
  private readonly yMids: Float64Array;
  private readonly yInverseHalfWidths: Float64Array;
  private readonly offsets: Int32Array;
  /** Degree in x (P) of each patch. */
  readonly degreesX: Int32Array;
  /** Degree in y (Q) of each patch. */
  readonly degreesY: Int32Array;
  private readonly coefficients: Float64Array;
  /** Scratch: T_q(y) or T'_q(y). */
  private readonly basisY: Float64Array;
  /** Scratch: the x-series coefficients sum_q c[p][q] basisY[q]. */
  private readonly rows: Float64Array;

  private constructor(bounds: Rectangle, kinds: number[], splits: number[], targets: number[], patches: Patch[], depths: readonly [number, number]) {
    this.xLo = bounds.xLo;
    this.yLo = bounds.yLo;
    this.nodeKinds = Uint8Array.from(kinds);
    this.nodeSplits = Float64Array.from(splits);
    this.nodeTargets = Int32Array.from(targets);
    this.xMids = Float64Array.from(patches, (p) => p.xLo + (p.xHi - p.xLo) / 2);
    this.xInverseHalfWidths = Float64Array.from(patches, (p) => 2 / (p.xHi - p.xLo));
    this.yMids = Float64Array.from(patches, (p) => p.yLo + (p.yHi - p.yLo) / 2);
    this.yInverseHalfWidths = Float64Array.from(patches, (p) => 2 / (p.yHi - p.yLo));
    this.degreesX = Int32Array.from(patches, (p) => p.series.degreeX);
    this.degreesY = Int32Array.from(patches, (p) => p.series.degreeY);
    this.offsets = new Int32Array(patches.length);
    let total = 0, widest = 0;
    patches.forEach((p, k) => {
      this.offsets[k] = total;
      total += p.series.coefficients.length;
      widest = Math.max(widest, p.series.degreeX, p.series.degreeY);
    });
    this.coefficients = new Float64Array(total);
    patches.forEach((p, k) => this.coefficients.set(p.series.coefficients, this.offsets[k]));
    this.basisY = new Float64Array(widest + 1);
    this.rows = new Float64Array(widest + 1);

    const cellsX = 2 ** Math.min(depths[0], MAX_GRID_DEPTH), cellsY = 2 ** Math.min(depths[1], MAX_GRID_DEPTH);
    const width = bounds.xHi - bounds.xLo, height = bounds.yHi - bounds.yLo;
    this.gridScaleX = cellsX / width;
    this.gridScaleY = cellsY / height;
    this.gridLastX = cellsX - 1;
    this.gridLastY = cellsY - 1;
    this.gridWidth = cellsX;
    this.grid = new Int32Array(cellsX * cellsY);
    for (let cy = 0; cy < cellsY; cy++) {
      for (let cx = 0; cx < cellsX; cx++) {
        const cell = {
          xLo: bounds.xLo + (width * cx) / cellsX,
          xHi: bounds.xLo + (width * (cx + 1)) / cellsX,
          yLo: bounds.yLo + (height * cy) / cellsY,
          yHi: bounds.yLo + (height * (cy + 1)) / cellsY,
        };
        this.grid[cy * cellsX + cx] = this.deepestNodeHolding(cell);
      }
    }
  }

  /** Fit `g` on `bounds` to `options.tolerance` (absolute); `what` names it in errors. */
  static fit(g: (x: number, y: number) => number, bounds: Rectangle, options: FitOptions, what: string): PiecewiseTensorChebyshev {
    const kinds: number[] = [], splits: number[] = [], targets: number[] = [], patches: Patch[] = [];
    let deepestX = 0, deepestY = 0;
    // node slots are allocated before their subtree is fitted, children in adjacent pairs
    const pending: { node: number; rect: Rectangle; depthX: number; depthY: number }[] = [{ node: 0, rect: bounds, depthX: 0, depthY: 0 }];
    kinds.push(LEAF), splits.push(0), targets.push(0);
    while (pending.length > 0) {
      const { node, rect, depthX, depthY } = pending.pop()!;
      const result = fitPatch(g, rect, options.tolerance, options.maxDegree, what);
      if (result !== SPLIT && result !== ABORT) {
        kinds[node] = LEAF;
        targets[node] = patches.length;
        patches.push({ ...rect, series: result });
        deepestX = Math.max(deepestX, depthX);
        deepestY = Math.max(deepestY, depthY);
        continue;
      }
      const alongX = result === SPLIT;
      if ((alongX ? depthX : depthY) >= MAX_DEPTH) {
        throw new ChebyshevFitError(what, `not smooth near [${rect.xLo}, ${rect.xHi}] × [${rect.yLo}, ${rect.yHi}] at this tolerance (bisected ${MAX_DEPTH} times); raise the tolerance, or check the model for a jump or noise above the tolerance`);
      }
      if (patches.length + pending.length + 2 > options.maxPieces) {
        throw new ChebyshevFitError(what, `needs more than maxPieces = ${options.maxPieces} patches; raise the tolerance, maxDegree or maxPieces`);
      }
      const mid = alongX ? rect.xLo + (rect.xHi - rect.xLo) / 2 : rect.yLo + (rect.yHi - rect.yLo) / 2;
      const left = kinds.length;
      kinds[node] = alongX ? SPLIT_X : SPLIT_Y;
      splits[node] = mid;
      targets[node] = left;
      kinds.push(LEAF, LEAF), splits.push(0, 0), targets.push(0, 0);
      const lower = alongX ? { ...rect, xHi: mid } : { ...rect, yHi: mid };
      const upper = alongX ? { ...rect, xLo: mid } : { ...rect, yLo: mid };
      const next = { depthX: depthX + (alongX ? 1 : 0), depthY: depthY + (alongX ? 0 : 1) };
      pending.push({ node: left + 1, rect: upper, ...next }, { node: left, rect: lower, ...next });
    }
    return new PiecewiseTensorChebyshev(bounds, kinds, splits, targets, patches, [deepestX, deepestY]);
  }

  /** Number of patches. */
  get patchCount(): number {
    return this.degreesX.length;
  }

  /** Value at `(x, y)` inside the rectangle. */
  value(x: number, y: number): number {
    const p = this.locate(x, y);
    this.chebyshevBasisY((y - this.yMids[p]) * this.yInverseHalfWidths[p], this.degreesY[p]);
    this.rowSums(p);
    return clenshaw(this.rows, 0, this.degreesX[p], (x - this.xMids[p]) * this.xInverseHalfWidths[p]);
  }

  /** ∂/∂x at `(x, y)`. */
  derivativeX(x: number, y: number): number {
    const p = this.locate(x, y);
    this.chebyshevBasisY((y - this.yMids[p]) * this.yInverseHalfWidths[p], this.degreesY[p]);
    this.rowSums(p);
    const scale = this.xInverseHalfWidths[p];
    return scale * clenshawDerivative(this.rows, 0, this.degreesX[p], (x - this.xMids[p]) * scale);
  }

  /** ∂/∂y at `(x, y)`. */
  derivativeY(x: number, y: number): number {
    const p = this.locate(x, y);
    const scale = this.yInverseHalfWidths[p];
    this.chebyshevBasisDerivativeY((y - this.yMids[p]) * scale, this.degreesY[p]);
    this.rowSums(p);
    return scale * clenshaw(this.rows, 0, this.degreesX[p], (x - this.xMids[p]) * this.xInverseHalfWidths[p]);
  }

  /** The patch holding `(x, y)`: grid cell, then descent (points on a split go up). */
  private locate(x: number, y: number): number {
    let cx = ((x - this.xLo) * this.gridScaleX) | 0;
    let cy = ((y - this.yLo) * this.gridScaleY) | 0;
    cx = cx < 0 ? 0 : cx > this.gridLastX ? this.gridLastX : cx;
    cy = cy < 0 ? 0 : cy > this.gridLastY ? this.gridLastY : cy;
    const kinds = this.nodeKinds, splits = this.nodeSplits, targets = this.nodeTargets;
    let node = this.grid[cy * this.gridWidth + cx];
    for (let kind = kinds[node]; kind !== LEAF; kind = kinds[node]) {
      node = targets[node] + ((kind === SPLIT_X ? x : y) >= splits[node] ? 1 : 0);
    }
    return targets[node];
  }

  /** The deepest node whose rectangle holds `cell` whole (fit time). */
  private deepestNodeHolding(cell: Rectangle): number {
    let node = 0;
    for (let kind = this.nodeKinds[node]; kind !== LEAF; kind = this.nodeKinds[node]) {
      const split = this.nodeSplits[node];
      const [lo, hi] = kind === SPLIT_X ? [cell.xLo, cell.xHi] : [cell.yLo, cell.yHi];
      if (hi <= split) node = this.nodeTargets[node];
      else if (lo >= split) node = this.nodeTargets[node] + 1;
      else break;
    }
    return node;
  }

  /** basisY[q] = T_q(v), q = 0 … degree, by the three-term recurrence (stable on [-1, 1]). */
  private chebyshevBasisY(v: number, degree: number): void {
    const t = this.basisY;
    t[0] = 1;
    if (degree > 0) t[1] = v;
    for (let q = 2; q <= degree; q++) t[q] = 2 * v * t[q - 1] - t[q - 2];
  }

  /** basisY[q] = T'_q(v) = q U_{q-1}(v), q = 0 … degree. */
  private chebyshevBasisDerivativeY(v: number, degree: number): void {
    const t = this.basisY;
    // U_{-1} = 0, U_0 = 1, U_{m+1} = 2 v U_m - U_{m-1}
    let uPrevious = 0, u = 1;
    t[0] = 0;
    for (let q = 1; q <= degree; q++) {
      t[q] = q * u;
      const next = 2 * v * u - uPrevious;
      uPrevious = u;
      u = next;
    }
  }

  /** rows[p] = sum_q c[p][q] basisY[q] for one patch. */
  private rowSums(patch: number): void {
    const c = this.coefficients, t = this.basisY, rows = this.rows;
    const width = this.degreesY[patch] + 1;
    let k = this.offsets[patch];
    for (let p = 0, last = this.degreesX[patch]; p <= last; p++) {
      let sum = 0;
      for (let q = 0; q < width; q++) sum += c[k + q] * t[q];
      rows[p] = sum;
      k += width;
    }
  }
}
