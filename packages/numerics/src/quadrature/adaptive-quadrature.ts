import { gaussLegendre, integrateWithRule } from './gauss-legendre.js';

/** One accepted piece of an adaptive integration. */
export interface QuadraturePiece {
  readonly a: number;
  readonly b: number;
  /** ∫_a^b f. */
  readonly value: number;
  /** Estimated absolute error of `value`. */
  readonly error: number;
}

const RULE = gaussLegendre(15);
/** Width of the first pieces (dimensionless voltage); later pieces double. */
const FIRST_PIECE = 1 / 16;

function piece(f: (x: number) => number, a: number, b: number): QuadraturePiece {
  const whole = integrateWithRule(f, a, b, RULE);
  const mid = (a + b) / 2;
  const halves = integrateWithRule(f, a, mid, RULE) + integrateWithRule(f, mid, b, RULE);
  // the halves are far more accurate than the whole, so their difference bounds the halves' error generously
  return { a, b, value: halves, error: Math.abs(halves - whole) };
}

/**
 * Globally adaptive Gauss–Legendre quadrature of a smooth integrand (QUADPACK's
 * QAG strategy): start from `initialPieces` equal pieces (at most 1/16 wide,
 * then doubling in width toward b), split the piece with
 * the largest error estimate until the summed error is below
 * `relativeTolerance` times the integral, and return the pieces in order of `a`.
 * Starting from many narrow pieces keeps a peak near the start of a long
 * interval from hiding between the rule's nodes (features far out in a long
 * interval must be wider than the doubling pieces there).
 * @throws Error when `maxPieces` pieces do not reach the tolerance (the caller turns it into a parameter error).
 */
export function adaptiveIntegrate(f: (x: number) => number, a: number, b: number, relativeTolerance: number, initialPieces = 16, maxPieces = 4000): QuadraturePiece[] {
  const pieces: QuadraturePiece[] = [];
  const width = Math.min((b - a) / initialPieces, FIRST_PIECE);
  let left = a;
  for (let s = 0; left < b; s++) {
    // equal pieces, but at most FIRST_PIECE 2^s wide: a long interval (an EIF cut-off at 1e6)
    // would otherwise put no node where 1/F lives, near the start
    const right = Math.min(b, left + width * 2 ** Math.max(0, s - initialPieces + 1));
    pieces.push(piece(f, left, right));
    left = right;
  }
  for (;;) {
    let total = 0, totalError = 0, worst = 0;
    for (let s = 0; s < pieces.length; s++) {
      total += pieces[s].value;
      totalError += pieces[s].error;
      if (pieces[s].error > pieces[worst].error) worst = s;
    }
    if (totalError <= relativeTolerance * Math.abs(total)) break;
    if (pieces.length >= maxPieces) throw new Error(`adaptive quadrature did not converge with ${maxPieces} pieces`);
    const w = pieces[worst], mid = (w.a + w.b) / 2;
    pieces.splice(worst, 1, piece(f, w.a, mid), piece(f, mid, w.b));
  }
  return pieces;
}
