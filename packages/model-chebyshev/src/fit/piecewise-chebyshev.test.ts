import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChebyshevFitError } from './chebyshev-fit-error.js';
import { resolveFitOptions } from './fit-options.js';
import { PiecewiseChebyshev } from './piecewise-chebyshev.js';
import { PiecewiseTensorChebyshev } from './piecewise-tensor-chebyshev.js';

/** Largest |fit - f| on `points` equally spaced points of [lo, hi], ends included. */
function maxError(fit: (x: number) => number, f: (x: number) => number, lo: number, hi: number, points = 20001): number {
  let worst = 0;
  for (let k = 0; k < points; k++) {
    const x = lo + ((hi - lo) * k) / (points - 1);
    worst = Math.max(worst, Math.abs(fit(x) - f(x)));
  }
  return worst;
}

describe('PiecewiseChebyshev: degree selection', () => {
  it('a polynomial of degree d (≤ maxDegree) is one piece of degree exactly d', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.double({ min: 0.1, max: 2, noNaN: true }), fc.double({ min: -3, max: 3, noNaN: true }), (d, a, shift) => {
        // a ((x - shift) / (1 + |shift|))^d + 1 stays within [1 - a, 1 + a] (rounding ~1e-16, far below
        // 1e-12) and its leading coefficient, a / (2^(d-1) (1 + |shift|)^d) ≥ 1.5e-5, far above it
        const scale = 1 + Math.abs(shift);
        const f = (x: number) => a * ((x - shift) / scale) ** d + 1;
        const fit = PiecewiseChebyshev.fit(f, -1, 1, resolveFitOptions({ maxDegree: 8 }), 'poly');
        expect(fit.pieceCount).toBe(1);
        expect(fit.degrees[0]).toBe(d);
        expect(maxError((x) => fit.value(x), f, -1, 1, 2001)).toBeLessThanOrEqual(1e-12);
      }),
      { numRuns: 40 },
    );
  });

  it('an entire function takes the lowest degree that meets the tolerance: more digits, more terms', () => {
    const degreeFor = (tolerance: number) => PiecewiseChebyshev.fit(Math.exp, -1, 1, resolveFitOptions({ tolerance, maxDegree: 32 }), 'exp').degrees[0];
    // |c_j| of exp on [-1, 1] is about 2 I_j(1) ≈ 1/(2^(j-1) j!): 1e-6 needs j ≈ 9, 1e-12 j ≈ 14
    expect(degreeFor(1e-6)).toBeLessThanOrEqual(10);
    expect(degreeFor(1e-12)).toBeGreaterThan(degreeFor(1e-6));
    expect(degreeFor(1e-12)).toBeLessThanOrEqual(15);
  });

  it('a function that needs more than maxDegree is split into pieces of degree ≤ maxDegree, graded toward a singular end', () => {
    // sqrt(1.000001 - x): branch point 1e-6 beyond the right end
    const f = (x: number) => Math.sqrt(1.000001 - x);
    const fit = PiecewiseChebyshev.fit(f, -1, 1, resolveFitOptions({ maxDegree: 12 }), 'sqrt');
    expect(fit.pieceCount).toBeGreaterThan(5);
    expect(Math.max(...fit.degrees)).toBeLessThanOrEqual(12);
    expect(maxError((x) => fit.value(x), f, -1, 1)).toBeLessThanOrEqual(1e-12);
    expect(maxError((x) => fit.value(x), f, 0.999, 1, 20001)).toBeLessThanOrEqual(1e-12);
  });

  it('the fit meets the tolerance on a dense grid for random smooth functions and tolerances', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 3, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }), fc.constantFrom(1e-6, 1e-9, 1e-12), (width, center, tolerance) => {
        // a pole at distance `width` from the real axis: Runge-like, hard for small widths
        const f = (x: number) => 1 / ((x - center) ** 2 + width * width);
        const fit = PiecewiseChebyshev.fit(f, -2, 2, resolveFitOptions({ tolerance, maxDegree: 16 }), 'runge');
        // ≤ tolerance plus the rounding noise of f itself (|f| up to 400, |f'| up to 5e3 here: ~1e-12 at most)
        const noise = 8 * Number.EPSILON * (1 / width ** 2 + 2 / width ** 3);
        expect(maxError((x) => fit.value(x), f, -2, 2, 4001)).toBeLessThanOrEqual(tolerance + noise);
      }),
      { numRuns: 30 },
    );
  });

  it('the derivative series matches the exact derivative', () => {
    const fit = PiecewiseChebyshev.fit(Math.sin, -2, 3, resolveFitOptions(), 'sin');
    // differentiation amplifies the fit error by about degree^2 / half-width: 1e-12 * 64 / 0.6 ~ 1e-10
    expect(maxError((x) => fit.derivative(x), Math.cos, -2, 3)).toBeLessThan(1e-9);
  });
});

describe('PiecewiseChebyshev: failures are loud', () => {
  it('a jump is reported as not smooth, naming the function and where', () => {
    const step = (x: number) => (x < 0.3 ? 0 : 1);
    expect(() => PiecewiseChebyshev.fit(step, -1, 1, resolveFitOptions(), 'the step')).toThrow(ChebyshevFitError);
    expect(() => PiecewiseChebyshev.fit(step, -1, 1, resolveFitOptions({ maxPieces: 1 << 20 }), 'the step')).toThrow(/cannot fit the step: not smooth near \[0\.2999/);
  });

  it('too few pieces for the tolerance names maxPieces and what to raise', () => {
    const f = (x: number) => Math.sqrt(1.000001 - x);
    expect(() => PiecewiseChebyshev.fit(f, -1, 1, resolveFitOptions({ maxPieces: 3 }), 'sqrt')).toThrow(/needs more than maxPieces = 3 pieces; raise the tolerance, maxDegree or maxPieces/);
  });

  it('a NaN or infinite sample is an error, not a polynomial', () => {
    expect(() => PiecewiseChebyshev.fit((x) => (x > 0.5 ? Number.NaN : x), -1, 1, resolveFitOptions(), 'f')).toThrow(/cannot fit f: the function is NaN at 0\.[5-9]/);
    expect(() => PiecewiseChebyshev.fit((x) => 1 / 0 + x, -1, 1, resolveFitOptions(), 'g')).toThrow(/Infinity/);
  });

  it('options out of range name the option, the value and the range', () => {
    expect(() => resolveFitOptions({ tolerance: 0 })).toThrow(/tolerance must be a number in \[1e-14, 0\.01\].*got 0/);
    expect(() => resolveFitOptions({ tolerance: Number.NaN })).toThrow(/tolerance/);
    expect(() => resolveFitOptions({ maxDegree: 3 })).toThrow(/maxDegree must be an integer in \[4, 256\], got 3/);
    expect(() => resolveFitOptions({ maxDegree: 8.5 })).toThrow(/maxDegree/);
    expect(() => resolveFitOptions({ maxPieces: 0 })).toThrow(/maxPieces/);
  });
});

describe('PiecewiseTensorChebyshev', () => {
  it('a tensor polynomial is one patch of its exact degrees', () => {
    const g = (x: number, y: number) => 1 + x ** 3 * y - 2 * y ** 5 + x * y ** 2;
    const fit = PiecewiseTensorChebyshev.fit(g, { xLo: -1, xHi: 2, yLo: 0, yHi: 1 }, resolveFitOptions({ maxDegree: 16 }), 'poly');
    expect(fit.patchCount).toBe(1);
    expect(fit.degreesX[0]).toBe(3);
    expect(fit.degreesY[0]).toBe(5);
  });

  it('meets the tolerance on a dense grid and splits only the axis that needs it', () => {
    // singular at (x, y) = (1.001, ·): hard in x only
    const g = (x: number, y: number) => Math.log(1.001 - x) * (1 + y * y);
    const fit = PiecewiseTensorChebyshev.fit(g, { xLo: -1, xHi: 1, yLo: -1, yHi: 1 }, resolveFitOptions({ maxDegree: 16 }), 'log');
    expect(fit.patchCount).toBeGreaterThan(1);
    for (let p = 0; p < fit.patchCount; p++) expect(fit.degreesY[p]).toBe(2);
    let worst = 0;
    for (let k = 0; k <= 400; k++) {
      for (let l = 0; l <= 40; l++) {
        const x = -1 + (2 * k) / 400, y = -1 + (2 * l) / 40;
        worst = Math.max(worst, Math.abs(fit.value(x, y) - g(x, y)));
      }
    }
    // |g| ≤ 14 and |∂g/∂x| ≤ 2000 here: rounding noise ≤ 8 eps (2000 + 14) ≈ 4e-12
    expect(worst).toBeLessThanOrEqual(1e-12 + 4e-12);
  });

  it('partial derivatives match the exact ones', () => {
    const g = (x: number, y: number) => Math.exp(x * y) + Math.sin(x);
    const fit = PiecewiseTensorChebyshev.fit(g, { xLo: -1, xHi: 1, yLo: 0, yHi: 2 }, resolveFitOptions({ maxDegree: 24 }), 'g');
    let dx = 0, dy = 0;
    for (let k = 0; k <= 50; k++) {
      for (let l = 0; l <= 50; l++) {
        const x = -1 + (2 * k) / 50, y = (2 * l) / 50;
        dx = Math.max(dx, Math.abs(fit.derivativeX(x, y) - (y * Math.exp(x * y) + Math.cos(x))));
        dy = Math.max(dy, Math.abs(fit.derivativeY(x, y) - x * Math.exp(x * y)));
      }
    }
    // derivative error ≈ degree^2 × fit error / half-width ≈ 400 × 1e-12
    expect(dx).toBeLessThan(1e-9);
    expect(dy).toBeLessThan(1e-9);
  });
});
