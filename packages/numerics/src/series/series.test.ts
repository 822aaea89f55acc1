import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chebyshevCoefficients, chebyshevNodes, interlacedPoints } from './chebyshev-transform.js';
import { chopDegree, tailMagnitude } from './chop.js';
import { clenshaw, clenshawDerivative } from './clenshaw.js';
import { roundingNoise } from './rounding-noise.js';

/** T_j(x) = cos(j acos x) on [-1, 1]: an independent definition to check the recurrences against. */
const chebyshevT = (j: number, x: number) => Math.cos(j * Math.acos(x));

const coefficientsArbitrary = fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 1, maxLength: 30 }).map((a) => Float64Array.from(a));
const pointArbitrary = fc.double({ min: -1, max: 1, noNaN: true });

describe('Chebyshev series primitives', () => {
  it("Clenshaw's recurrence equals the direct sum of c_j cos(j acos x)", () => {
    fc.assert(
      fc.property(coefficientsArbitrary, pointArbitrary, (c, x) => {
        let direct = 0, scale = 0;
        for (let j = 0; j < c.length; j++) {
          direct += c[j] * chebyshevT(j, x);
          scale += Math.abs(c[j]);
        }
        // both sums are backward stable: a few ulps of sum |c_j| (acos/cos add ~1 ulp per term)
        expect(Math.abs(clenshaw(c, 0, c.length - 1, x) - direct)).toBeLessThanOrEqual(64 * Number.EPSILON * Math.max(1, scale) * c.length);
      }),
    );
  });

  it('the derivative recurrence equals the derivative of the direct sum (central difference)', () => {
    fc.assert(
      fc.property(coefficientsArbitrary, fc.double({ min: -0.9, max: 0.9, noNaN: true }), (c, x) => {
        const h = 1e-6;
        const numeric = (clenshaw(c, 0, c.length - 1, x + h) - clenshaw(c, 0, c.length - 1, x - h)) / (2 * h);
        let scale = 0;
        for (let j = 0; j < c.length; j++) scale += j ** 3 * Math.abs(c[j]);
        // central difference: truncation h^2 |f'''|/6 ≤ h^2 sum j^6 |c_j| / 6 (Markov), rounding ~ eps sum|c| / h
        const bound = (h * h * scale * c.length ** 3) / 6 + (1e-15 * c.length) / h + 1e-9;
        expect(Math.abs(clenshawDerivative(c, 0, c.length - 1, x) - numeric)).toBeLessThanOrEqual(bound);
      }),
    );
  });

  it('reads coefficients at an offset, so many series share one array', () => {
    const c = Float64Array.of(9, 9, 1, 2, 3, 9);
    expect(clenshaw(c, 2, 2, 0.3)).toBeCloseTo(1 + 2 * 0.3 + 3 * (2 * 0.09 - 1), 15);
    expect(clenshawDerivative(c, 2, 2, 0.3)).toBeCloseTo(2 + 3 * 4 * 0.3, 14);
  });

  it('interpolation at the Chebyshev nodes recovers a polynomial of the same degree exactly (to rounding)', () => {
    fc.assert(
      fc.property(coefficientsArbitrary, (c) => {
        const degree = c.length - 1;
        const nodes = chebyshevNodes(degree);
        const values = nodes.map((x) => clenshaw(c, 0, degree, x));
        const back = new Float64Array(degree + 1);
        chebyshevCoefficients(values, degree, back);
        // a DCT of length n+1 is orthogonal up to scaling: errors of a few ulps per term
        for (let j = 0; j <= degree; j++) expect(Math.abs(back[j] - c[j])).toBeLessThanOrEqual(1e-14 * (degree + 1));
      }),
    );
  });

  it('nodes lie strictly inside (-1, 1), descending, and interlace with the check points', () => {
    for (const degree of [1, 2, 7, 16]) {
      const nodes = chebyshevNodes(degree), points = interlacedPoints(degree);
      expect(nodes.length).toBe(degree + 1);
      expect(points.length).toBe(degree);
      for (let k = 0; k < degree; k++) {
        expect(nodes[k]).toBeGreaterThan(points[k]);
        expect(points[k]).toBeGreaterThan(nodes[k + 1]);
      }
      expect(nodes[0]).toBeLessThan(1);
      expect(nodes[degree]).toBeGreaterThan(-1);
    }
  });

  it('the tail is the largest of the last three magnitudes; the cut keeps the dropped sum within budget', () => {
    const c = Float64Array.of(1, 0.5, 1e-3, 1e-6, -4e-9, 2e-12, 0);
    expect(tailMagnitude(c, 6)).toBe(4e-9);
    const norms = c.map(Math.abs);
    expect(chopDegree(norms, 6, 1e-11)).toBe(4); // drops 2e-12 + 0
    expect(chopDegree(norms, 6, 1e-8)).toBe(3); // drops 4e-9 + 2e-12
    expect(chopDegree(norms, 6, 10)).toBe(0);
  });

  it('rounding noise is a few ulps for a gentle function and grows with the slope', () => {
    const gentle = Float64Array.of(0.5, 0.5); // x/2 + 1/2 on [-1, 1]
    expect(roundingNoise(gentle, 1, 0, 1)).toBeLessThan(1e-14);
    const steep = Float64Array.of(0, 1e4); // slope 1e4 / half on a piece of half-width 1
    expect(roundingNoise(steep, 1, 0, 1)).toBeGreaterThan(1e4 * Number.EPSILON);
  });
});
