import { InvalidParameterError } from '@sparseprop/core';
import { LifModel } from '@sparseprop/model-lif';
import { modelIdentities } from '@sparseprop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QuadratureModel } from './quadrature-model.js';

/*
 * The generic tables checked against right-hand sides with closed forms:
 * the LIF (leaky: T grows like ln|V| below the reset) and a quadratic
 * F = V^2 + c (T stays bounded as V → -∞, so the lower inverse table is
 * replaced by Newton and phiMin is finite).
 */

const IEXT = 0.3;
const lifTable = new QuadratureModel({ rhs: (v) => -v + 1 + IEXT, vReset: 0, vPeak: 1, name: 'lif-by-quadrature' }, 4);
const lif = new LifModel(1, IEXT);

const C = 0.5, Q_RESET = -2, Q_PEAK = 10, SQRT_C = Math.sqrt(C);
const quadratic = new QuadratureModel({ rhs: (v) => v * v + C, vReset: Q_RESET, vPeak: Q_PEAK }, 1);
/** Closed forms for F = V^2 + c: T(V) = (atan(vPeak/√c) - atan(V/√c))/√c. */
const quadraticTime = (v: number) => (Math.atan(Q_PEAK / SQRT_C) - Math.atan(v / SQRT_C)) / SQRT_C;
const quadraticPeriod = quadraticTime(Q_RESET);
const quadraticPhase = (v: number) => 1 - quadraticTime(v) / quadraticPeriod;
const quadraticVoltage = (phi: number) => SQRT_C * Math.tan(Math.atan(Q_PEAK / SQRT_C) - SQRT_C * (1 - phi) * quadraticPeriod);

describe('QuadratureModel reproduces closed forms', () => {
  it('LIF right-hand side: omega, phase, voltage and ptc equal LifModel to 1e-13', () => {
    // tables fitted to 2^-47..2^-48 relative; the closed form rounds to a few ulps of O(1..10) values
    expect(Math.abs(lifTable.omega(0) / lif.omega(0) - 1)).toBeLessThan(1e-14);
    expect(lifTable.name).toBe('lif-by-quadrature');
    expect(lifTable.homogeneous).toBe(true);
    fc.assert(
      fc.property(fc.double({ min: -8, max: 0.9999999, noNaN: true }), fc.double({ min: -2, max: 0.5, noNaN: true }), fc.integer({ min: 0, max: 3 }), (phi, J, i) => {
        expect(Math.abs(lifTable.ptc(phi, J, i) - lif.ptc(phi, J, 0))).toBeLessThan(1e-13);
        const v = lif.voltage(phi, 0);
        expect(Math.abs(lifTable.voltage(phi, i) - v)).toBeLessThan(1e-13 * Math.max(1, Math.abs(v)));
        expect(Math.abs(lifTable.phase(v, i) - phi)).toBeLessThan(1e-13);
      }),
      { numRuns: 300 },
    );
  });

  it('LIF right-hand side far below the reset (table tail and its linear extension in ln|V|)', () => {
    for (const v of [-10, -1e4, -1e9, -1e17, -1e20, -1e100, -1e300]) {
      const phi = lif.phase(v, 0);
      // |phi| reaches 560 here; 1e-13 relative is a few ulps of it
      expect(Math.abs(lifTable.phase(v, 0) - phi), `V = ${v}`).toBeLessThan(1e-13 * Math.max(1, Math.abs(phi)));
    }
  });

  it('quadratic right-hand side: bounded time below the reset, finite phiMin, Newton inverse there', () => {
    expect(Math.abs(quadratic.omega(0) * quadraticPeriod - 1)).toBeLessThan(1e-14);
    for (const v of [-1e12, -1e6, -100, -5, -2, -1, 0, 1, 3, 9.5]) {
      expect(Math.abs(quadratic.phase(v, 0) - quadraticPhase(v)), `V = ${v}`).toBeLessThan(1e-13);
    }
    const lowest = quadraticPhase(-Number.MAX_VALUE);
    expect(Math.abs(quadratic.phiMin - lowest)).toBeLessThan(1e-13);
    fc.assert(
      fc.property(fc.double({ min: lowest + 0.01, max: 0.999999, noNaN: true }), fc.double({ min: -3, max: 1, noNaN: true }), (phi, J) => {
        const v = quadraticVoltage(phi);
        // dV/dphi = F/omega grows like V^2 toward -∞: compare relative to V and to F
        expect(Math.abs(quadratic.voltage(phi, 0) - v)).toBeLessThan(1e-12 * Math.max(1, v * v));
        expect(Math.abs(quadratic.ptc(phi, J, 0) - (v + J >= Q_PEAK ? 1 : quadraticPhase(v + J)))).toBeLessThan(1e-12);
      }),
      { numRuns: 200 },
    );
  });

  it('identities and derivatives hold for a generic right-hand side', () => {
    for (const model of [lifTable, quadratic]) {
      // phases from just above phiMin (-0.124 for the quadratic, -Infinity for the LIF) to near threshold
      const points = [[-0.1, -0.2], [-0.05, 0.3], [0.2, -1], [0.7, 0.1], [0.95, -0.5], [Math.max(-3, model.phiMin + 0.01), 0.2]].map(([phi, J]) => [phi, J, 0] as const);
      const report = modelIdentities(model, points, 1e-6);
      expect(report.ptcVersusMaps).toBe(0);
      expect(report.roundTrip).toBeLessThan(1e-13);
      // central differences, h = 1e-6: truncation ~h^2 f''' and rounding ~eps/h, both ≲ 1e-9 here
      expect(report.dPhi).toBeLessThan(1e-6);
      expect(report.dJ).toBeLessThan(1e-6);
    }
  });

  it('timeToPeak keeps its relative accuracy where it is tiny (exponential regime near the top)', () => {
    // F = 1 + e^(10 V): beyond V ≈ 1, T(V) ≈ e^(-10 V)/10 to relative e^(-10 V)
    const model = new QuadratureModel({ rhs: (v) => 1 + Math.exp(10 * v), vReset: -1, vPeak: 100 }, 1);
    for (const v of [2, 3, 3.5]) {
      const exact = (Math.log1p(Math.exp(-10 * v)) - Math.log1p(Math.exp(-1000))) / 10; // ∫ dV/(1 + e^{10V}) = -ln(1 + e^{-10V})/10
      expect(Math.abs(model.timeToPeak(v) / exact - 1), `V = ${v}`).toBeLessThan(1e-13);
    }
    expect(model.phase(model.table.vTop, 0)).toBe(1);
  });
});

describe('QuadratureModel rejects what it cannot represent', () => {
  it('F ≤ 0 inside [vReset, vPeak] (no tonic firing) names rhs and the point', () => {
    expect(() => new QuadratureModel({ rhs: (v) => -v + 0.5, vReset: 0, vPeak: 1 }, 1)).toThrow(InvalidParameterError);
    expect(() => new QuadratureModel({ rhs: (v) => -v + 0.5, vReset: 0, vPeak: 1 }, 1)).toThrow(/rhs must be F\(V\) > 0/);
  });

  it('F ≤ 0 below the reset, where inhibition takes V, is rejected too', () => {
    expect(() => new QuadratureModel({ rhs: (v) => 1 + v, vReset: 0, vPeak: 1 }, 1)).toThrow(/below vReset/);
  });

  it('NaN from the right-hand side, bad voltages and sizes are rejected', () => {
    expect(() => new QuadratureModel({ rhs: () => Number.NaN, vReset: 0, vPeak: 1 }, 1)).toThrow(/rhs/);
    expect(() => new QuadratureModel({ rhs: (v) => 2 - v, vReset: 1, vPeak: 1 }, 1)).toThrow(/vPeak must be a finite number > vReset = 1, got 1/);
    expect(() => new QuadratureModel({ rhs: (v) => 2 - v, vReset: 0, vPeak: Infinity }, 1)).toThrow(/vPeak/);
    expect(() => new QuadratureModel({ rhs: (v) => 2 - v, vReset: Number.NaN, vPeak: 1 }, 1)).toThrow(/vReset/);
    expect(() => new QuadratureModel({ rhs: (v) => 2 - v, vReset: 0, vPeak: 1 }, 1.5)).toThrow(/n must be an integer ≥ 1/);
    expect(() => new QuadratureModel({ rhs: 3 as unknown as (v: number) => number, vReset: 0, vPeak: 1 }, 1)).toThrow(/rhs must be a function/);
  });
});
