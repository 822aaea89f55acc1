import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applySignConstraints, clipGradientNorm, learningRateAt, Optimizer, signsOf } from './optimizers.js';

describe('Optimizer', () => {
  it('Adam follows its definition (bias-corrected moments) step by step', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 1, maxLength: 12 }), (gradients) => {
        const adam = new Optimizer(1, { kind: 'adam' });
        const p = Float64Array.of(0.5);
        let m = 0, v = 0, expected = 0.5;
        gradients.forEach((g, t) => {
          adam.step(p, Float64Array.of(g), 0.01);
          m = 0.9 * m + (1 - 0.9) * g;
          v = 0.999 * v + (1 - 0.999) * g * g;
          expected -= (0.01 * (m / (1 - 0.9 ** (t + 1)))) / (Math.sqrt(v / (1 - 0.999 ** (t + 1))) + 1e-8);
        });
        expect(p[0]).toBe(expected); // same operations in the same order
      }),
    );
  });

  it('SGD with momentum, and gradient descent on a quadratic converges', () => {
    const sgd = new Optimizer(2, { kind: 'sgd', beta1: 0.5 });
    const p = Float64Array.of(1, -2);
    for (let t = 0; t < 200; t++) sgd.step(p, Float64Array.of(2 * p[0], 2 * p[1]), 0.1);
    expect(Math.abs(p[0]) + Math.abs(p[1])).toBeLessThan(1e-12);
    const adam = new Optimizer(2);
    const q = Float64Array.of(1, -2);
    for (let t = 0; t < 3000; t++) adam.step(q, Float64Array.of(2 * q[0], 2 * q[1]), 0.01);
    expect(Math.abs(q[0]) + Math.abs(q[1])).toBeLessThan(1e-3); // Adam's steps stay ~lr: it hovers within lr of the minimum
  });

  it('state/restore resumes bit-identically', () => {
    const a = new Optimizer(3), b = new Optimizer(3);
    const pa = Float64Array.of(1, 2, 3), pb = Float64Array.of(1, 2, 3);
    const g = (t: number) => Float64Array.of(Math.sin(t), Math.cos(t), t);
    for (let t = 0; t < 5; t++) a.step(pa, g(t), 0.1);
    for (let t = 0; t < 2; t++) b.step(pb, g(t), 0.1);
    const c = new Optimizer(3);
    c.restore(b.state());
    for (let t = 2; t < 5; t++) c.step(pb, g(t), 0.1);
    expect(Array.from(pb)).toEqual(Array.from(pa));
  });

  it('rejects non-finite gradients and mismatched sizes without touching the parameters', () => {
    const adam = new Optimizer(2);
    const p = Float64Array.of(1, 2);
    expect(() => adam.step(p, Float64Array.of(1, NaN), 0.1)).toThrow(/gradient\[1\]/);
    expect(() => adam.step(p, Float64Array.of(1), 0.1)).toThrow(/gradient.length/);
    expect(() => adam.step(p, Float64Array.of(1, 1), 0)).toThrow(/learningRate/);
    expect(Array.from(p)).toEqual([1, 2]);
    expect(() => new Optimizer(2, { beta1: 1 })).toThrow(/beta1/);
  });
});

describe('clipping, sign constraints, schedules', () => {
  it('clips the joint norm and reports the norm before', () => {
    const a = Float64Array.of(3, 0), b = Float64Array.of(4);
    expect(clipGradientNorm([a, b], 1)).toBe(5);
    expect(Math.hypot(a[0], a[1], b[0])).toBeCloseTo(1, 15);
    expect(clipGradientNorm([a, b], 10)).toBeCloseTo(1, 15); // under the cap: untouched
    expect(clipGradientNorm([a, b], Infinity)).toBeCloseTo(1, 15);
    expect(() => clipGradientNorm([a], 0)).toThrow(/maxNorm/);
    expect(() => clipGradientNorm([a], NaN)).toThrow(/maxNorm/);
  });

  it('never lets a constrained weight change sign', () => {
    const w = Float64Array.of(-0.1, 0.2, 0, -0.3);
    const signs = signsOf(w);
    w.set([0.05, -0.1, 0.7, -0.2]);
    expect(applySignConstraints(w, signs)).toBe(2);
    expect(Array.from(w)).toEqual([0, 0, 0.7, -0.2]);
  });

  it('schedules', () => {
    expect(learningRateAt({ kind: 'constant', rate: 0.1 }, 7)).toBe(0.1);
    expect(learningRateAt({ kind: 'exponential', rate: 1, factor: 0.5 }, 3)).toBe(0.125);
    expect(learningRateAt({ kind: 'step', rate: 1, factor: 0.1, every: 10 }, 25)).toBeCloseTo(0.01, 15);
    expect(learningRateAt({ kind: 'cosine', rate: 1, minRate: 0, epochs: 10 }, 5)).toBeCloseTo(0.5, 15);
    expect(learningRateAt({ kind: 'cosine', rate: 1, minRate: 0.1, epochs: 10 }, 20)).toBeCloseTo(0.1, 15);
    expect(() => learningRateAt({ kind: 'constant', rate: 1 }, -1)).toThrow(/epoch/);
  });
});
