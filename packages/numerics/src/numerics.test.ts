import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adaptiveIntegrate } from './quadrature/adaptive-quadrature.js';
import { antiderivative, chebyshevBasis, valueAtLeft, valueAtRight } from './series/chebyshev-series.js';
import { chebyshevCoefficientsDirectAngles as chebyshevCoefficients, chebyshevNodes } from './series/chebyshev-transform.js';
import { clenshaw } from './series/clenshaw.js';
import { gaussLegendre, integrateWithRule } from './quadrature/gauss-legendre.js';
import { chebyshevToMonomial, evaluatePolynomial, evaluateWithDerivative, POLYNOMIAL_LENGTH } from './series/polynomial.js';

describe('numerics', () => {
  it('Gauss–Legendre with n points integrates polynomials of degree 2n - 1 exactly', () => {
    for (const n of [5, 15, 16]) {
      const rule = gaussLegendre(n);
      expect(rule.weights.reduce((a, b) => a + b, 0)).toBeCloseTo(2, 14);
      for (let degree = 0; degree < 2 * n; degree++) {
        const exact = degree % 2 === 0 ? 2 / (degree + 1) : 0;
        expect(Math.abs(integrateWithRule((x) => x ** degree, -1, 1, rule) - exact)).toBeLessThan(1e-14);
      }
    }
  });

  it('adaptive quadrature finds a narrow peak at one end of a long interval', () => {
    // ∫_0^1000 e^(-10 x) dx = (1 - e^-10000)/10
    const total = adaptiveIntegrate((x) => Math.exp(-10 * x), 0, 1000, 1e-13).reduce((s, p) => s + p.value, 0);
    expect(Math.abs(total * 10 - 1)).toBeLessThan(1e-13);
  });

  it('Chebyshev interpolation, antiderivative and end values agree with the function', () => {
    const f = (x: number) => Math.exp(0.7 * x) + Math.sin(3 * x);
    const F = (x: number) => Math.exp(0.7 * x) / 0.7 - Math.cos(3 * x) / 3;
    const points = chebyshevNodes(23);
    const c = chebyshevCoefficients(Array.from(points, f));
    const b = antiderivative(c);
    expect(Math.abs(valueAtRight(b) - valueAtLeft(b) - (F(1) - F(-1)))).toBeLessThan(1e-14);
    for (const u of [-0.9, -0.3, 0.25, 0.8]) {
      expect(Math.abs(clenshaw(c, 0, c.length - 1, u) - f(u))).toBeLessThan(1e-14);
      expect(Math.abs(clenshaw(b, 0, b.length - 1, u) - clenshaw(b, 0, b.length - 1, -1) - (F(u) - F(-1)))).toBeLessThan(1e-14);
    }
    const basis = new Float64Array(6);
    chebyshevBasis(0.3, basis, 6);
    expect(basis[5]).toBeCloseTo(Math.cos(5 * Math.acos(0.3)), 15);
  });

  it('monomial form evaluates the Chebyshev series it came from (Estrin and Horner)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: POLYNOMIAL_LENGTH, maxLength: POLYNOMIAL_LENGTH }), fc.double({ min: -1, max: 1, noNaN: true }), (raw, u) => {
        // a decaying series (rho = 8), as the fitted panels are
        const c = Float64Array.from(raw, (x, k) => x * 8 ** -k);
        const a = new Float64Array(POLYNOMIAL_LENGTH);
        chebyshevToMonomial(c, a, 0);
        const exact = clenshaw(c, 0, c.length - 1, u);
        expect(Math.abs(evaluatePolynomial(a, 0, u) - exact)).toBeLessThan(1e-15);
        const out = new Float64Array(2);
        evaluateWithDerivative(a, 0, u, out);
        expect(Math.abs(out[0] - exact)).toBeLessThan(1e-15);
      }),
    );
  });
});
