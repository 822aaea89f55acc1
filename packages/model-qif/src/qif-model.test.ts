import { InvalidParameterError } from '@sparseprop/core';
import { modelIdentities } from '@sparseprop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QifModel } from './qif-model.js';

const PI = Math.PI;

/** One classical RK4 step of the scalar ODE x' = f(x). */
function rk4Step(f: (x: number) => number, x: number, h: number): number {
  const k1 = f(x), k2 = f(x + (h / 2) * k1), k3 = f(x + (h / 2) * k2), k4 = f(x + h * k3);
  return x + (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
}

/**
 * Time for x' = f(x) (f > 0) to go from `from` to `to` by RK4 with step h;
 * the crossing step is bisected on its length so the root keeps RK4's O(h^4).
 */
function rk4TimeTo(f: (x: number) => number, from: number, to: number, h: number): number {
  let x = from, t = 0;
  while (rk4Step(f, x, h) < to) {
    x = rk4Step(f, x, h);
    t += h;
  }
  let lo = 0, hi = h;
  for (let it = 0; it < 60; it++) {
    const mid = (lo + hi) / 2;
    if (rk4Step(f, x, mid) < to) lo = mid;
    else hi = mid;
  }
  return t + (lo + hi) / 2;
}

/**
 * Free period of dV/dt = V^2 + I integrated independently of the model's
 * phase map: in the Ermentrout–Kopell variable theta with V = tan(theta/2),
 * theta' = (1 - cos theta) + I (1 + cos theta), which is smooth across the
 * spike, from theta = -pi to pi.
 */
function thetaNeuronPeriod(I: number, steps: number): number {
  const f = (theta: number) => 1 - Math.cos(theta) + I * (1 + Math.cos(theta));
  // `steps` steps over the expected period pi/sqrt(I)
  return rk4TimeTo(f, -PI, PI, PI / Math.sqrt(I) / steps);
}

describe('QifModel', () => {
  it('ptc equals phase(voltage(phi) + J) and the derivatives match central differences', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.01, max: 10, noNaN: true }),
        fc.array(fc.tuple(fc.double({ min: -PI + 0.01, max: PI - 0.01, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true })), { minLength: 1, maxLength: 20 }),
        (iext, points) => {
          const model = new QifModel(1, iext);
          const report = modelIdentities(model, points.map(([phi, J]) => [phi, J, 0] as const), 1e-6);
          // Two closed forms of one function: tan(phi/2) + J/sqrt(I) versus
          // (sqrt(I) tan(phi/2) + J)/sqrt(I) differ by a few ulps of |tan| + |J/sqrt(I)|
          // ≤ 1/tan(0.005) + 20 ≈ 220, i.e. ≲ 1e-13 before atan, whose slope is ≤ 1
          // (measured: ≤ 4.4e-16 over 2000 samples). 1e-12 leaves a 10x margin on the bound.
          expect(report.ptcVersusMaps).toBeLessThan(1e-12);
          expect(report.roundTrip).toBeLessThan(1e-12);
          // Central differences with h = 1e-6: rounding ~eps |ptc| / h ≈ 7e-10 dominates
          // (truncation h^2 f'''/6 ≲ 1e-10 for |c| ≤ 20); measured ≤ 2.7e-10. 1e-8 is a 10x margin.
          expect(report.dPhi).toBeLessThan(1e-8);
          expect(report.dJ).toBeLessThan(1e-8);
        },
      ),
    );
  });

  it('the closed-form derivatives equal their defining formulas at u = tan(phi/2)', () => {
    const model = new QifModel(1, 0.25); // sqrt(I) = 0.5
    const u = Math.tan(0.3), c = -0.2 / 0.5;
    expect(model.dPtcDPhi(0.6, -0.2, 0)).toBeCloseTo((1 + u * u) / (1 + (u + c) ** 2), 14);
    expect(model.dPtcDJ(0.6, -0.2, 0)).toBeCloseTo(2 / (0.5 * (1 + (u + c) ** 2)), 14);
  });

  it('the PTC is monotone in phase and kick and stays in [-pi, pi]', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1e-3, max: 1e3, noNaN: true }),
        fc.double({ min: -PI, max: PI, noNaN: true }),
        fc.double({ min: -PI, max: PI, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        (iext, a, b, J1, J2) => {
          const model = new QifModel(1, iext);
          const [p, q] = a <= b ? [a, b] : [b, a];
          const [j, k] = J1 <= J2 ? [J1, J2] : [J2, J1];
          expect(model.ptc(p, j, 0)).toBeLessThanOrEqual(model.ptc(q, j, 0));
          expect(model.ptc(p, j, 0)).toBeLessThanOrEqual(model.ptc(p, k, 0));
          expect(Math.abs(model.ptc(p, j, 0))).toBeLessThanOrEqual(PI);
        },
      ),
    );
  });

  it('a finite kick below threshold never reaches it: QIF neurons spike only by drift', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 10, noNaN: true }), fc.double({ min: -PI, max: PI - 1e-6, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true }), (iext, phi, J) => {
        // V = sqrt(I) tan(phi/2) ≤ 2e6 sqrt(I) and J/sqrt(I) ≤ 1e3: the argument of atan stays
        // far below 1e16, where 2 atan rounds to pi
        expect(new QifModel(1, iext).ptc(phi, J, 0)).toBeLessThan(PI);
      }),
    );
  });

  it('threshold and reset: exact phases, infinite voltages, never NaN', () => {
    const model = new QifModel(1, 0.1);
    expect(model.phase(Infinity, 0)).toBe(PI);
    expect(model.phase(-Infinity, 0)).toBe(-PI);
    expect(model.voltage(PI, 0)).toBe(Infinity);
    expect(model.voltage(-PI, 0)).toBe(-Infinity);
    expect(model.voltage(0, 0)).toBe(0);
    // at threshold V = +inf stays +inf and at reset -inf stays -inf, whatever the kick
    for (const J of [-1e300, -3, 0, 3, 1e300]) {
      expect(model.ptc(PI, J, 0)).toBe(PI);
      expect(model.ptc(-PI, J, 0)).toBe(-PI);
    }
    // phases a rounding error beyond the ends must not wrap around tan's period
    expect(model.ptc(PI + 1e-15, -0.1, 0)).toBe(PI);
    expect(model.ptc(-PI - 1e-15, 0.1, 0)).toBe(-PI);
    // a kick of 1e300 saturates to the threshold: the neuron spikes now (it is 1e-300 from +inf)
    expect(model.ptc(0, 1e300, 0)).toBe(PI);
    expect(model.dPtcDPhi(PI, -0.1, 0)).toBe(1);
    expect(model.dPtcDJ(PI, -0.1, 0)).toBe(0);
  });

  it('no member returns NaN for any non-NaN input, however extreme', () => {
    const extreme = fc.oneof(
      fc.double({ min: -10, max: 10, noNaN: true }),
      fc.constantFrom(-Infinity, Infinity, -1e308, 1e308, PI, -PI, PI + 4.440892098500626e-16 /* next double above pi */),
    );
    fc.assert(
      fc.property(fc.double({ min: 1e-12, max: 1e12, noNaN: true }), extreme, fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(-Infinity, Infinity)), (iext, phi, J) => {
        const model = new QifModel(1, iext);
        const values = [model.ptc(phi, J, 0), model.dPtcDPhi(phi, J, 0), model.dPtcDJ(phi, J, 0), model.voltage(phi, 0), model.phase(J, 0)];
        for (const v of values) expect(Number.isNaN(v)).toBe(false);
        expect(Math.abs(model.ptc(phi, J, 0))).toBeLessThanOrEqual(PI);
        expect(model.dPtcDPhi(phi, J, 0)).toBeGreaterThanOrEqual(0);
        expect(model.dPtcDJ(phi, J, 0)).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  it('the free period 2 pi/omega matches the ODE integrated in the theta variable', () => {
    for (const iext of [0.01, 0.1, 1, 10, 100]) {
      const model = new QifModel(1, iext);
      // RK4 with 2e4 steps per period of a smooth ODE (theta' ≤ 2 max(1, I), derivatives
      // bounded alike): truncation ~(h theta'_max)^4 ≲ 1e-13 relative, plus 2e4 roundings
      // of ~1e-16 (measured ≤ 5e-13): 1e-10 is a 200x margin
      const period = (2 * PI) / model.omega(0);
      expect(Math.abs(period - thetaNeuronPeriod(iext, 2e4)) / period).toBeLessThan(1e-10);
      expect(period).toBeCloseTo(PI / Math.sqrt(iext), 12);
    }
  });

  it('phase differences are travel times of dV/dt = V^2 + I integrated in V by RK4', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 5, noNaN: true }), fc.double({ min: -3, max: 2, noNaN: true }), fc.double({ min: 0.1, max: 2, noNaN: true }), (iext, va, span) => {
        const model = new QifModel(1, iext);
        const vb = va + span;
        const predicted = (model.phase(vb, 0) - model.phase(va, 0)) / model.omega(0);
        // |V| ≤ 4 so V' ≤ 16 + I ≤ 21: h = 1e-4 keeps h V'_max ≤ 2e-3, RK4's local error
        // ~(2e-3)^5 per step ~3e-14 over ≤ 2e4 steps, plus their roundings (measured ≤ 4e-12):
        // 1e-10 absolute is a 25x margin
        const measured = rk4TimeTo((v) => v * v + iext, va, vb, 1e-4);
        expect(Math.abs(predicted - measured)).toBeLessThan(1e-10);
      }),
      { numRuns: 30 },
    );
  });

  it('heterogeneous drives give each neuron its own omega and PTC', () => {
    const drive = new Float64Array([0.1, 0.2, 0.4]);
    const model = new QifModel(3, drive);
    expect(model.homogeneous).toBe(false);
    for (let i = 0; i < 3; i++) {
      const single = new QifModel(1, drive[i]);
      expect(single.homogeneous).toBe(true);
      expect(model.omega(i)).toBe(single.omega(0));
      expect(model.ptc(0.3, -0.1, i)).toBe(single.ptc(0.3, -0.1, 0));
      expect(model.voltage(0.3, i)).toBe(single.voltage(0.3, 0));
      expect(model.dPtcDJ(0.3, -0.1, i)).toBe(single.dPtcDJ(0.3, -0.1, 0));
    }
  });

  it('computes omega and the kick constant with the C anchor operations', () => {
    // omega = 2.0*sqrt(iext); ptc = 2 atan(tan(x*0.5) + c) with c = J*2.0/omega
    const model = new QifModel(1, 0.1);
    const omega = 2.0 * Math.sqrt(0.1), J = -1 / Math.sqrt(100);
    expect(model.omega(0)).toBe(omega);
    expect(model.ptc(0.7, J, 0)).toBe(2.0 * Math.atan(Math.tan(0.7 * 0.5) + (J * 2.0) / omega));
  });

  it('rejects drives without tonic firing and bad sizes, naming the parameter', () => {
    expect(() => new QifModel(10, 0)).toThrow(InvalidParameterError);
    expect(() => new QifModel(10, -0.5)).toThrow(/iext must be a finite number ≥ 2\.2250738585072014e-308 \(2\^-1022\) for qif \(QIF fires tonically only for I = iext > 0/);
    expect(() => new QifModel(10, Number.POSITIVE_INFINITY)).toThrow(/iext must be/);
    expect(() => new QifModel(10, Number.NaN)).toThrow(/iext must be/);
    expect(() => new QifModel(2, new Float64Array([0.1, Number.NaN]))).toThrow(/iext of neuron 1/);
    expect(() => new QifModel(3, new Float64Array([0.1, 0.2]))).toThrow(/drive.length must be equal to n = 3, got 2/);
    expect(() => new QifModel(0, 0.1)).toThrow(/n must be an integer ≥ 1/);
    expect(() => new QifModel(2.5, 0.1)).toThrow(InvalidParameterError);
  });
});

describe('QIF drive range', () => {
  it.each([5e-324, 1e-310, 2 ** -1022 * (1 - 2 ** -52), 0, -1])('refuses the subnormal or non-positive drive %d, naming iext and the range', (iext) => {
    expect(() => new QifModel(4, iext)).toThrow(/^iext must be a finite number ≥ 2\.2250738585072014e-308 \(2\^-1022\) for qif/);
    expect(() => new QifModel(2, Float64Array.of(1, iext))).toThrow(/^iext of neuron 1 must be/);
  });

  it.each([2 ** -1022, 1e-300, 1e300])('keeps full precision at the normal drive %d: one free period is pi / sqrt(iext)', (iext) => {
    const model = new QifModel(1, iext);
    // omega = 2 sqrt(iext): a correctly rounded sqrt and an exact doubling, at any normal scale
    expect(model.omega(0)).toBe(2 * Math.sqrt(iext));
    expect((2 * Math.PI) / model.omega(0) / (Math.PI / Math.sqrt(iext))).toBeCloseTo(1, 15);
  });
});
