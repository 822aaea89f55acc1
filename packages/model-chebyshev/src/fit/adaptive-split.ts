import { ChebyshevFitError } from './chebyshev-fit-error.js';

/** One piece of a dyadic subdivision of `[lo, hi]`: the `index`-th of the 2^`depth` equal parts. */
export interface DyadicPiece<T> {
  readonly lo: number;
  readonly hi: number;
  readonly depth: number;
  readonly index: number;
  readonly payload: T;
}

/** Returned by a piece attempt: bisect this piece and try both halves. */
export const SPLIT: unique symbol = Symbol('split');
/** Returned by a piece attempt: give up this whole subdivision (the caller splits another axis). */
export const ABORT: unique symbol = Symbol('abort');

/**
 * Deepest bisection: a piece 2^-44 of the interval is a few hundred ulps
 * wide; a function still unresolved there is not smooth at this tolerance
 * (a jump, a pole, or noise in the sampled function above the tolerance).
 */
const MAX_DEPTH = 44;

/**
 * Cover `[lo, hi]` by dyadic pieces, bisecting every piece on which
 * `attempt` returns {@link SPLIT}. Depth first, left to right, so the pieces
 * come out sorted and contiguous (a bisection point is both neighbours' end).
 * @returns the pieces, or undefined when an attempt returned {@link ABORT}.
 * @throws ChebyshevFitError beyond `maxPieces` pieces or {@link MAX_DEPTH}.
 */
export function splitAdaptively<T>(
  lo: number,
  hi: number,
  attempt: (lo: number, hi: number) => T | typeof SPLIT | typeof ABORT,
  maxPieces: number,
  what: string,
): DyadicPiece<T>[] | undefined {
  const pieces: DyadicPiece<T>[] = [];
  // stack of pending pieces, right halves pushed first so the left is done first
  const stack: { lo: number; hi: number; depth: number; index: number }[] = [{ lo, hi, depth: 0, index: 0 }];
  while (stack.length > 0) {
    const piece = stack.pop()!;
    const result = attempt(piece.lo, piece.hi);
    if (result === ABORT) return undefined;
    if (result !== SPLIT) {
      pieces.push({ ...piece, payload: result });
      continue;
    }
    if (piece.depth >= MAX_DEPTH) {
      throw new ChebyshevFitError(what, `not smooth near [${piece.lo}, ${piece.hi}] at this tolerance (bisected ${MAX_DEPTH} times); raise the tolerance, or check the model for a jump or noise above the tolerance`);
    }
    if (pieces.length + stack.length + 2 > maxPieces) {
      throw new ChebyshevFitError(what, `needs more than maxPieces = ${maxPieces} pieces; raise the tolerance, maxDegree or maxPieces`);
    }
    const mid = piece.lo + (piece.hi - piece.lo) / 2;
    const depth = piece.depth + 1;
    stack.push({ lo: mid, hi: piece.hi, depth, index: 2 * piece.index + 1 });
    stack.push({ lo: piece.lo, hi: mid, depth, index: 2 * piece.index });
  }
  return pieces;
}
