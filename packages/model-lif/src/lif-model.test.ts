import { InvalidParameterError } from '@sparseprop/core';
import { modelIdentities } from '@sparseprop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LifModel } from './lif-model.js';

/**
 * Free period of dV/dt = -V + I from 0 to 1 by classical RK4; the crossing
 * step is bisected on its length so the root keeps RK4's O(h^4) accuracy.
 */
function rk4Period(I: number, h: number): number {
  const f = (x: number) => -x + I;
  const step = (v: number, dt: number) => {
    const k1 = f(v), k2 = f(v + (dt / 2) * k1), k3 = f(v + (dt / 2) * k2), k4 = f(v + dt * k3);
    return v + (dt / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
  };
  let v = 0, t = 0;
  while (step(v, h) < 1) {
    v = step(v, h);
    t += h;
  }
  let lo = 0, hi = h;
  for (let it = 0; it < 60; it++) {
    const mid = (lo + hi) / 2;
    if (step(v, mid) < 1) lo = mid;
    else hi = mid;
  }
  return t + (lo + hi) / 2;
}

describe('LifModel', () => {
  it('ptc equals phase(voltage(phi) + J) and the derivatives match central differences', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        fc.array(fc.tuple(fc.double({ min: -3, max: 1, noNaN: true }), fc.double({ min: -1, max: 0.5, noNaN: true })), { minLength: 1, maxLength: 20 }),
        (iext, points) => {
          const model = new LifModel(1, iext);
          const report = modelIdentities(model, points.map(([phi, J]) => [phi, J, 0] as const), 1e-6);
          // two closed forms of the same function: a few ulps of the O(1..10) phases involved
          expect(report.ptcVersusMaps).toBeLessThan(1e-11);
          expect(report.roundTrip).toBeLessThan(1e-11);
          // central differences with h = 1e-6 have truncation error ~h^2 f''' ~ 1e-12 and
          // rounding error ~eps/h ~ 1e-10 relative; 1e-6 leaves room for large curvature near threshold
          expect(report.dPhi).toBeLessThan(1e-6);
          expect(report.dJ).toBeLessThan(1e-6);
        },
      ),
    );
  });

  it('a kick that reaches threshold gives exactly the threshold phase and zero derivatives', () => {
    const model = new LifModel(1, 0.1);
    expect(model.ptc(0.5, 1, 0)).toBe(1);
    expect(model.ptc(0.99, 0.2, 0)).toBe(1);
    expect(model.dPtcDPhi(0.5, 1, 0)).toBe(0);
    expect(model.dPtcDJ(0.5, 1, 0)).toBe(0);
    expect(model.phase(1.5, 0)).toBe(1);
    expect(Number.isNaN(model.ptc(0.5, 1e6, 0))).toBe(false);
  });

  it('the free period 1/omega matches the ODE dV/dt = -V + I integrated by RK4', () => {
    for (const iext of [0.01, 0.1, 1, 10]) {
      const model = new LifModel(1, iext);
      // RK4 global error ~h^4 = 1e-12 per unit time at h = 1e-3, plus the rounding of
      // ~period/h = up to 5e3 steps (~1e-12): 1e-10 relative is a 100x margin
      const period = 1 / model.omega(0);
      expect(Math.abs(period - rk4Period(1 + iext, 1e-3)) / period).toBeLessThan(1e-10);
    }
  });

  it('the voltage follows the ODE solution V(t) = I (1 - exp(-t)) along the phase', () => {
    const model = new LifModel(1, 0.3);
    for (const t of [0, 0.1, 0.5, 1.2]) {
      expect(model.voltage(model.omega(0) * t, 0)).toBeCloseTo(1.3 * (1 - Math.exp(-t)), 14);
    }
  });

  it('heterogeneous drives give each neuron its own omega', () => {
    const drive = new Float64Array([0.1, 0.2, 0.4]);
    const model = new LifModel(3, drive);
    expect(model.homogeneous).toBe(false);
    for (let i = 0; i < 3; i++) {
      const single = new LifModel(1, drive[i]);
      expect(model.omega(i)).toBe(single.omega(0));
      expect(model.ptc(0.3, -0.1, i)).toBe(single.ptc(0.3, -0.1, 0));
    }
  });

  it('rejects drives without tonic firing, naming the parameter', () => {
    expect(() => new LifModel(10, 0)).toThrow(InvalidParameterError);
    expect(() => new LifModel(10, -0.5)).toThrow(/iext must be a number in \[0\.000001, 1000\] for lif \(LIF fires only for iext > 0/);
    expect(() => new LifModel(2, new Float64Array([0.1, Number.NaN]))).toThrow(/iext of neuron 1/);
  });
});
