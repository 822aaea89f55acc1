import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LifVoltageDynamics } from './lif-voltage.js';

describe('LifVoltageDynamics', () => {
  const lif = new LifVoltageDynamics(0.2);

  it('free evolution solves dV/dt = -V + I (checked by a central difference) and composes over time', () => {
    fc.assert(
      fc.property(fc.double({ min: -2, max: 0.99, noNaN: true }), fc.double({ min: -1.5, max: 3, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), fc.double({ min: 0, max: 5, noNaN: true }), (v0, iext, a, b) => {
        const current = 1 + iext;
        const h = 1e-5;
        const derivative = (lif.freeVoltage(v0, a + 3 * h, iext) - lif.freeVoltage(v0, a + h, iext)) / (2 * h); // at a + 2h
        // central difference: truncation O(h^2) ~ 1e-10, rounding ~ 1e-16/1e-5 ~ 1e-11 per unit of |V| + |I|
        expect(Math.abs(derivative - (current - lif.freeVoltage(v0, a + 2 * h, iext)))).toBeLessThan(1e-8 * (1 + Math.abs(v0) + Math.abs(current)));
        // composition: a few ulps of O(|V| + |I|)
        expect(Math.abs(lif.freeVoltage(lif.freeVoltage(v0, a, iext), b, iext) - lif.freeVoltage(v0, a + b, iext))).toBeLessThan(1e-14 * (1 + Math.abs(v0) + Math.abs(current)));
      }),
    );
    expect(lif.freeVoltage(0.3, 0, 0.5)).toBe(0.3);
  });

  it('time to threshold: reaches exactly 1 there, +Infinity when I ≤ 1, 0 at or above threshold', () => {
    fc.assert(
      fc.property(fc.double({ min: -2, max: 0.999, noNaN: true }), fc.double({ min: 0.001, max: 3, noNaN: true }), (v0, iext) => {
        const t = lif.timeToThreshold(v0, iext);
        expect(t).toBeGreaterThan(0);
        // V(t) = 1 to rounding: the log and exp each contribute an ulp, scaled by (I - v0)
        expect(Math.abs(lif.freeVoltage(v0, t, iext) - 1)).toBeLessThan(1e-14 * (2 + iext - v0));
      }),
    );
    expect(lif.timeToThreshold(0.5, 0)).toBe(Infinity);
    expect(lif.timeToThreshold(0.5, -1)).toBe(Infinity);
    expect(lif.timeToThreshold(1, -1)).toBe(0);
    expect(lif.timeToThreshold(0, 1)).toBe(Math.log(2));
  });

  it('with I ≤ 1 a voltage below threshold never reaches it by drift, however long and however close (no rounding to 1)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1 - 1e-6, max: 1, maxExcluded: true, noNaN: true }), fc.double({ min: 0, max: 1e-15, noNaN: true }), fc.double({ min: 1e-3, max: 1e3, noNaN: true }), (v0, below, dt) => {
        const iext = -below; // 1 + iext is 1, or a few ulps under it
        const v = lif.freeVoltage(v0, dt, iext);
        expect(v).toBeLessThan(1);
        expect(v).toBeGreaterThanOrEqual(Math.min(v0, 1 + iext) - 1e-15); // relaxes towards I, within rounding
        expect(lif.timeToThreshold(v, iext)).toBe(Infinity);
      }),
    );
    // 1 - 1e-10 relaxing towards I = 1 for 40 tau: exactly 1 - 4e-28, which rounds to 1 without the guard
    expect(lif.freeVoltage(1 - 1e-10, 40, 0)).toBe(1 - 2 ** -53);
    // I > 1 still crosses
    expect(lif.freeVoltage(1 - 1e-10, 40, 1e-3)).toBeGreaterThan(1);
  });

  it('rejects a reset at or above threshold', () => {
    expect(() => new LifVoltageDynamics(1)).toThrow(/vReset must be a finite number < 1/);
    expect(() => new LifVoltageDynamics(Number.NaN)).toThrow(/vReset/);
  });
});
