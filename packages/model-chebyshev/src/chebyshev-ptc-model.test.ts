import { InvalidParameterError, summarizeWeights, type WeightSummary } from '@sparseprop/core/plugin';
import { LifModel } from '@sparseprop/model-lif';
import { QifModel } from '@sparseprop/model-qif';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ChebyshevPtcModel } from './chebyshev-ptc-model.js';
import { ChebyshevFitError } from './fit/chebyshev-fit-error.js';
import { allowedError, ptcGridError } from './chebyshev.test-support.js';

const oneWeight = (J: number): WeightSummary => summarizeWeights([J]);
const range = (min: number, max: number): WeightSummary => ({ min, max, distinct: undefined });

describe('ChebyshevPtcModel over closed forms (LIF, QIF): fit error on a dense grid', () => {
  it('LIF, one weight: |ptc - exact| ≤ tolerance on 20001 phases over the fitted range', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.02, max: 2, noNaN: true }), fc.double({ min: -2, max: 0.5, noNaN: true }), fc.constantFrom(1e-12, 1e-9), (iext, J, tolerance) => {
        const base = new LifModel(1, iext);
        const model = new ChebyshevPtcModel(base, { weights: oneWeight(J), tolerance });
        expect(model.fitting).toBe('per-weight');
        const { excess, worst, at } = ptcGridError(model, base, J, model.phiLow, 1, tolerance);
        expect(excess, `worst ${worst} at ${at}`).toBeLessThanOrEqual(0);
      }),
      { numRuns: 40 },
    );
  });

  it('QIF, one weight: |ptc - exact| ≤ tolerance over (-pi, pi), where every phase is fitted', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 4, noNaN: true }), fc.double({ min: -2, max: 2, noNaN: true }), (iext, J) => {
        const base = new QifModel(1, iext);
        const model = new ChebyshevPtcModel(base, { weights: oneWeight(J) });
        expect(model.phiLow).toBe(-Math.PI);
        const { excess, worst, at } = ptcGridError(model, base, J, -Math.PI, Math.PI, 1e-12);
        expect(excess, `worst ${worst} at ${at}`).toBeLessThanOrEqual(0);
      }),
      { numRuns: 30 },
    );
  });

  it('several distinct weights: each is looked up and fitted (the first by the fast path, the rest by search)', () => {
    const base = new LifModel(1, 0.1);
    const weights = [-0.8, -0.3, -0.1, 0, 0.05, 0.2];
    const model = new ChebyshevPtcModel(base, { weights: summarizeWeights(weights) });
    expect(model.fitSummary).toMatchObject({ fitting: 'per-weight', weights: 6 });
    expect(model.fitSummary.largestDegree).toBeLessThanOrEqual(8);
    for (const J of weights) expect(ptcGridError(model, base, J, model.phiLow, 1, 1e-12, 5001).excess).toBeLessThanOrEqual(0);
  });

  it('the 2-D fit over a weight range meets the tolerance on a dense (phi, J) grid', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.02, max: 2, noNaN: true }), fc.double({ min: -4, max: -0.01, noNaN: true }), (iext, jMin) => {
        const base = new LifModel(1, iext);
        const model = new ChebyshevPtcModel(base, { weights: range(jMin, 0) });
        expect(model.fitting).toBe('range');
        for (let l = 0; l <= 40; l++) {
          const J = jMin * (l / 40);
          expect(ptcGridError(model, base, J, model.phiLow, 1, 1e-12, 501).excess).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: 12 },
    );
  });

  it('the 2-D fit across 0 (inhibitory and excitatory sides) meets the tolerance, QIF and LIF', () => {
    for (const base of [new LifModel(1, 0.3), new QifModel(1, 0.5)]) {
      const model = new ChebyshevPtcModel(base, { weights: range(-0.7, 0.4) });
      for (let l = 0; l <= 44; l++) {
        const J = -0.7 + (1.1 * l) / 44;
        expect(ptcGridError(model, base, J, model.phiLow, base.phiThreshold, 1e-12, 801).excess, `${base.name} J=${J}`).toBeLessThanOrEqual(0);
      }
    }
  });
});

describe('ChebyshevPtcModel: excitatory kicks and the exact fallback', () => {
  it('from phi*(J) = phase(1 - J) up, a LIF kick reaches threshold: exactly phiThreshold, zero derivatives', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.02, max: 2, noNaN: true }), fc.double({ min: 0.01, max: 0.9, noNaN: true }), fc.boolean(), (iext, J, asRange) => {
        const base = new LifModel(1, iext);
        const model = new ChebyshevPtcModel(base, { weights: asRange ? range(-0.5, J) : oneWeight(J) });
        const boundary = base.phase(1 - J, 0);
        // a range fit uses phi*(J) fitted to tolerance/16 (a few 1e-14 here): exact threshold from
        // 1e-12 above the true boundary, within tolerance of it in between
        const margin = asRange ? 1e-12 : 0;
        expect(Math.abs(model.ptc(boundary, J, 0) - 1)).toBeLessThanOrEqual(1e-12);
        for (let k = 0; k <= 100; k++) {
          const phi = Math.min(1, boundary + margin + ((1 - boundary) * k) / 100);
          expect(model.ptc(phi, J, 0)).toBe(1);
          expect(model.dPtcDPhi(phi, J, 0)).toBe(0);
          expect(model.dPtcDJ(phi, J, 0)).toBe(0);
        }
        // just below: sub-threshold, within tolerance of the exact value (which tends to 1 there)
        for (const below of [1e-3, 1e-6, 1e-9]) {
          const phi = boundary - below * (boundary - model.phiLow);
          const y = model.ptc(phi, J, 0);
          expect(y).toBeLessThanOrEqual(1);
          expect(Math.abs(y - base.ptc(phi, J, 0))).toBeLessThanOrEqual(allowedError(base, phi, J, 1e-12));
        }
      }),
      { numRuns: 30 },
    );
  });

  it('a kick that takes every fitted phase over threshold needs no fit and still answers exactly', () => {
    const base = new LifModel(1, 0.1);
    // from phiLow = -1 the LIF voltage is 1.1 (1 - e^2.4) ≈ -11: a kick of 13 always reaches 1
    const model = new ChebyshevPtcModel(base, { weights: oneWeight(13) });
    expect(model.fitSummary.pieces).toBe(0);
    expect(model.ptc(-0.5, 13, 0)).toBe(1);
    expect(model.ptc(-3, 13, 0)).toBe(base.ptc(-3, 13, 0));
  });

  it('below phiLow, for weights that were not fitted, and at phiThreshold under inhibition, the base answers exactly', () => {
    const base = new LifModel(1, 0.1);
    const model = new ChebyshevPtcModel(base, { weights: oneWeight(-0.1) });
    for (const phi of [-1.0000001, -5, -40]) {
      expect(model.ptc(phi, -0.1, 0)).toBe(base.ptc(phi, -0.1, 0));
      expect(model.dPtcDPhi(phi, -0.1, 0)).toBe(base.dPtcDPhi(phi, -0.1, 0));
    }
    for (const J of [-0.2, -0.10000001, 0.3]) expect(model.ptc(0.5, J, 0)).toBe(base.ptc(0.5, J, 0));
    expect(model.ptc(1, -0.1, 0)).toBe(base.ptc(1, -0.1, 0));
    expect(model.ptc(1, -0.1, 0)).toBeLessThan(1);
  });

  it('with no weights to fit, every call is the base model', () => {
    const base = new QifModel(1, 1);
    for (const weights of [undefined, summarizeWeights([])]) {
      const model = new ChebyshevPtcModel(base, { weights });
      expect(model.fitting).toBe('none');
      expect(model.ptc(0.3, -0.2, 0)).toBe(base.ptc(0.3, -0.2, 0));
    }
  });

  it('voltage, phase and omega are the base model’s', () => {
    const base = new LifModel(1, 0.25);
    const model = new ChebyshevPtcModel(base, { weights: oneWeight(-0.1) });
    expect(model.name).toBe('chebyshev:lif');
    expect(model.omega(0)).toBe(base.omega(0));
    for (const phi of [-2, 0, 0.4, 1]) expect(model.voltage(phi, 0)).toBe(base.voltage(phi, 0));
    for (const v of [-3, 0, 0.9, 1, 2]) expect(model.phase(v, 0)).toBe(base.phase(v, 0));
    expect([model.phiThreshold, model.phiReset, model.phiMin, model.vThreshold, model.vReset]).toEqual([1, 0, -Infinity, 1, 0]);
  });
});

describe('ChebyshevPtcModel: derivatives', () => {
  // differentiating a fit multiplies its error by about degree^2 / (piece half-width): at most
  // 64 / 0.05 × 1e-12 ≈ 1.3e-9 for the pieces here, so 1e-8 relative to max(1, |d|) is the bound
  const DERIVATIVE_TOLERANCE = 1e-8;

  it('per weight: dPtcDPhi from the derivative series; dPtcDJ from the base (no J in a 1-D fit)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.02, max: 2, noNaN: true }), fc.double({ min: -1, max: 0.3, noNaN: true }), (iext, J) => {
        const base = new LifModel(1, iext);
        const model = new ChebyshevPtcModel(base, { weights: oneWeight(J) });
        const end = Math.min(1, base.phase(1 - J, 0));
        for (let k = 0; k < 400; k++) {
          const phi = model.phiLow + ((end - model.phiLow) * k) / 400;
          const exact = base.dPtcDPhi(phi, J, 0);
          expect(Math.abs(model.dPtcDPhi(phi, J, 0) - exact)).toBeLessThanOrEqual(DERIVATIVE_TOLERANCE * Math.max(1, Math.abs(exact)));
          expect(model.dPtcDJ(phi, J, 0)).toBe(base.dPtcDJ(phi, J, 0));
        }
      }),
      { numRuns: 20 },
    );
  });

  it('2-D: both partial derivatives from the surface (with the moving threshold boundary on the excitatory side)', () => {
    for (const base of [new LifModel(1, 0.2), new QifModel(1, 0.3)]) {
      const model = new ChebyshevPtcModel(base, { weights: range(-0.6, 0.3) });
      for (let l = 0; l <= 30; l++) {
        const J = -0.6 + (0.9 * l) / 30;
        const end = Math.min(base.phiThreshold, base.phase(base.vThreshold - J, 0));
        for (let k = 0; k < 200; k++) {
          const phi = model.phiLow + ((end - model.phiLow) * k) / 200;
          const dPhi = base.dPtcDPhi(phi, J, 0), dJ = base.dPtcDJ(phi, J, 0);
          expect(Math.abs(model.dPtcDPhi(phi, J, 0) - dPhi), `${base.name} (${phi}, ${J})`).toBeLessThanOrEqual(DERIVATIVE_TOLERANCE * Math.max(1, Math.abs(dPhi)));
          expect(Math.abs(model.dPtcDJ(phi, J, 0) - dJ), `${base.name} (${phi}, ${J})`).toBeLessThanOrEqual(DERIVATIVE_TOLERANCE * Math.max(1, Math.abs(dJ)));
        }
      }
    }
  });
});

describe('ChebyshevPtcModel: bad input', () => {
  it('rejects a heterogeneous base, naming the drive', () => {
    const base = new LifModel(3, new Float64Array([0.1, 0.2, 0.3]));
    expect(() => new ChebyshevPtcModel(base, { weights: oneWeight(-0.1) })).toThrow(InvalidParameterError);
    expect(() => new ChebyshevPtcModel(base)).toThrow(/drive must be one drive for all neurons: chebyshev:lif fits one PTC/);
  });

  it('rejects phiLow outside [phiMin, phiThreshold), non-finite weights and an impossible fitting mode', () => {
    const base = new QifModel(1, 1);
    expect(() => new ChebyshevPtcModel(base, { phiLow: -4 })).toThrow(/phiLow must be a finite phase in \[phiMin, phiThreshold\)/);
    expect(() => new ChebyshevPtcModel(base, { phiLow: Math.PI })).toThrow(/phiLow/);
    expect(() => new ChebyshevPtcModel(base, { weights: { min: Number.NaN, max: 0, distinct: undefined } })).toThrow(/weights must be a finite range/);
    expect(() => new ChebyshevPtcModel(base, { weights: { min: -1, max: 0, distinct: Float64Array.of(-1, Number.POSITIVE_INFINITY) } })).toThrow(/weights\.distinct/);
    expect(() => new ChebyshevPtcModel(base, { weights: range(-1, 0), fitting: 'per-weight' })).toThrow(/fitting must be "range" or "auto"/);
    expect(() => new ChebyshevPtcModel(base, { weights: range(-1, 0), fitting: 'spline' as 'range' })).toThrow(/fitting must be "auto", "per-weight" or "range"/);
    expect(() => new ChebyshevPtcModel(base, { weights: oneWeight(-1), tolerance: 1 })).toThrow(/tolerance must be a number in/);
    expect(() => new ChebyshevPtcModel(base, { weights: oneWeight(-1), maxDegree: 1000 })).toThrow(/maxDegree must be an integer in \[4, 256\]/);
  });

  it('a budget too small for the tolerance fails with a ChebyshevFitError naming the weight', () => {
    const base = new LifModel(1, 0.02);
    expect(() => new ChebyshevPtcModel(base, { weights: oneWeight(-0.1), maxPieces: 2 })).toThrow(ChebyshevFitError);
    expect(() => new ChebyshevPtcModel(base, { weights: oneWeight(-0.1), maxPieces: 2 })).toThrow(/cannot fit ptc\(phi, J = -0\.1\) of lif on \[-1, 1\]: needs more than maxPieces = 2/);
  });
});
