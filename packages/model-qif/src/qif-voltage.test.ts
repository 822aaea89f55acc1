import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QifVoltageDynamics } from './qif-voltage.js';

const qif = new QifVoltageDynamics();

describe('QifVoltageDynamics', () => {
  it('free evolution solves dV/dt = V^2 + I for I > 0, I = 0 and I < 0 (central difference) and composes', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -3, max: 3, noNaN: true }),
        fc.constantFrom(-2, -0.25, 0, 0.5, 2),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        (v0, iext, a, b) => {
          const T = qif.timeToThreshold(v0, iext);
          fc.pre(a + b + 1e-3 < T); // stay before the blow-up
          const h = 1e-6;
          const v = qif.freeVoltage(v0, a + 2 * h, iext);
          const derivative = (qif.freeVoltage(v0, a + 3 * h, iext) - qif.freeVoltage(v0, a + h, iext)) / (2 * h);
          // central difference: truncation h^2 V''' and rounding ulp(V)/h, both scaled by V^3 near a blow-up
          const scale = 1 + v * v + Math.abs(v) ** 3;
          expect(Math.abs(derivative - (v * v + iext))).toBeLessThan(1e-5 * scale);
          // composition: relative rounding of tan/tanh over the step, amplified like V^2 near a blow-up
          const composed = qif.freeVoltage(qif.freeVoltage(v0, a, iext), b, iext);
          const direct = qif.freeVoltage(v0, a + b, iext);
          expect(Math.abs(composed - direct)).toBeLessThan(1e-12 * (1 + direct * direct));
        },
      ),
    );
  });

  it('time to threshold: the voltage blows up there and is finite just before; +Infinity where it never does', () => {
    for (const [v0, iext] of [[0, 1], [-5, 4], [0.5, 0], [3, -1], [-Infinity, 2]]) {
      const T = qif.timeToThreshold(v0, iext);
      expect(Number.isFinite(T)).toBe(true);
      expect(qif.freeVoltage(v0, T * (1 - 1e-9), iext)).toBeGreaterThan(1e6);
      expect(qif.freeVoltage(v0, T * (1 + 1e-9), iext)).toBe(Infinity);
    }
    expect(qif.timeToThreshold(-Infinity, 1)).toBeCloseTo(Math.PI, 15); // the free period pi / sqrt(I)
    expect(qif.timeToThreshold(0.5, -1)).toBe(Infinity); // below the unstable point: decays to rest -1
    expect(qif.timeToThreshold(-0.1, 0)).toBe(Infinity);
    expect(qif.freeVoltage(-Infinity, 1, 0)).toBe(-1); // -1/t
    expect(qif.freeVoltage(-Infinity, 50, -1)).toBeCloseTo(-1, 12); // relaxes to rest -a
    expect(qif.freeVoltage(1, 7, -1)).toBe(1); // the unstable fixed point
  });
});
