import { InvalidParameterError, SpikeTrain } from '@sparseprop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Readout, type ReadoutKernel } from './readout.js';

const kernelOf = (kind: ReadoutKernel, tau: number) => (u: number) => (u < 0 ? 0 : kind === 'alpha' ? (u / tau) * Math.exp(-u / tau) : Math.exp(-u / tau));

/** A random sorted train of N neurons over [0, span) s, a readout with random weights. */
const caseArb = fc
  .record({
    n: fc.integer({ min: 1, max: 8 }),
    channels: fc.integer({ min: 1, max: 3 }),
    kernel: fc.constantFrom<ReadoutKernel>('exponential', 'alpha'),
    tau: fc.double({ min: 2e-3, max: 5e-2, noNaN: true }),
    times: fc.array(fc.noBias(fc.integer({ min: 0, max: 10_000_000 })).map((x) => x * 1e-8), { minLength: 1, maxLength: 30 }),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
  })
  .map(({ n, channels, kernel, tau, times, seed }) => {
    const sorted = [...times].sort((a, b) => a - b);
    const train = new SpikeTrain();
    for (const [s, t] of sorted.entries()) train.push(t, (s * 7 + seed) % n);
    const readout = new Readout({ channels, size: n, kernel, kernelTauSeconds: tau, grid: { startSeconds: 0.0013, stepSeconds: 0.0071, count: 17 } });
    for (let k = 0; k < readout.weights.length; k++) readout.weights[k] = Math.sin(seed + 3 * k);
    for (let c = 0; c < channels; c++) readout.bias[c] = Math.cos(seed + c);
    const target = Float64Array.from({ length: channels * 17 }, (_, k) => Math.sin(0.3 * k + seed));
    return { train, readout, target, kernel, tau, n, channels };
  });

/** L = ½ Σ (y − target)²: ∂L/∂y = y − target. */
function loss(readout: Readout, train: SpikeTrain, target: Float64Array): number {
  const y = readout.predict(train);
  let value = 0;
  for (let k = 0; k < y.length; k++) value += 0.5 * (y[k] - target[k]) ** 2;
  return value;
}

describe('Readout', () => {
  it('predict equals the direct sum Σ_i w Σ_s κ(t_g − t_s) + b', () => {
    fc.assert(
      fc.property(caseArb, ({ train, readout, kernel, tau, n, channels }) => {
        const y = readout.predict(train);
        const kappa = kernelOf(kernel, tau);
        const G = readout.grid.count;
        for (let c = 0; c < channels; c++) {
          for (let g = 0; g < G; g++) {
            let direct = readout.bias[c], magnitude = Math.abs(readout.bias[c]);
            for (let s = 0; s < train.length; s++) {
              const term = readout.weights[c * n + train.neurons[s]] * kappa(readout.sampleTime(g) - train.times[s]);
              direct += term;
              magnitude += Math.abs(term);
            }
            // the recursion multiplies ≤ 30 decay factors per term: ≤ ~100 ulps of the summed magnitudes
            expect(Math.abs(y[c * G + g] - direct)).toBeLessThanOrEqual(1e-13 * (1 + magnitude));
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('traces are the features predict weights: y = Σ_i w_i traces_i + b', () => {
    fc.assert(
      fc.property(caseArb, ({ train, readout, n, channels }) => {
        const y = readout.predict(train), traces = readout.traces(train), G = readout.grid.count;
        for (let c = 0; c < channels; c++) {
          for (let g = 0; g < G; g++) {
            let sum = readout.bias[c], magnitude = Math.abs(readout.bias[c]);
            for (let i = 0; i < n; i++) {
              sum += readout.weights[c * n + i] * traces[i * G + g];
              magnitude += Math.abs(readout.weights[c * n + i] * traces[i * G + g]);
            }
            expect(Math.abs(y[c * G + g] - sum)).toBeLessThanOrEqual(1e-13 * (1 + magnitude)); // per-neuron vs per-channel recursions: ~100 ulps
          }
        }
      }),
      { numRuns: 100 },
    );
  });

  it('backward gives ∂L/∂t_s, ∂L/∂w, ∂L/∂b equal to central differences', () => {
    let checked = 0;
    fc.assert(
      fc.property(caseArb, fc.nat(), ({ train, readout, target }, pick) => {
        const y = readout.predict(train);
        const dLdY = y.map((v, k) => v - target[k]);
        const g = readout.backward(train, dLdY);
        const h = 1e-7;
        // a spike time: move it, keeping the order (skip when a neighbour or a sample time is within 2h: κ_exp jumps there)
        const s = pick % train.length;
        const t = train.times[s];
        const near = (x: number) => Math.abs(x - t) < 2 * h;
        let blocked = (s > 0 && near(train.times[s - 1])) || (s + 1 < train.length && near(train.times[s + 1]));
        for (let q = 0; q < readout.grid.count; q++) if (near(readout.sampleTime(q))) blocked = true;
        if (!blocked) {
          const moved = (d: number) => {
            const m = new SpikeTrain();
            for (let r = 0; r < train.length; r++) m.push(train.times[r] + (r === s ? d : 0), train.neurons[r]);
            return loss(readout, m, target);
          };
          const fine = (moved(h / 2) - moved(-h / 2)) / h, coarse = (moved(h) - moved(-h)) / (2 * h);
          // truncation ~ |coarse − fine|; rounding: L ~ 1e2 carries ~1e-14, divided by h
          const bound = 2 * Math.abs(coarse - fine) + (1e-14 * (1 + Math.abs(loss(readout, train, target)))) / h;
          expect(Math.abs(g.dLossDTimes[s] - fine)).toBeLessThanOrEqual(bound + 1e-9 * Math.abs(fine));
          checked++;
        }
        // L is quadratic in w and b: the central difference is exact up to rounding
        const k = pick % readout.weights.length;
        const w0 = readout.weights[k];
        readout.weights[k] = w0 + 1e-4;
        const plus = loss(readout, train, target);
        readout.weights[k] = w0 - 1e-4;
        const minus = loss(readout, train, target);
        readout.weights[k] = w0;
        expect(Math.abs(g.weightGradient[k] - (plus - minus) / 2e-4)).toBeLessThanOrEqual(1e-8 * (1 + Math.abs(g.weightGradient[k])));
        const c = pick % readout.channels;
        const b0 = readout.bias[c];
        readout.bias[c] = b0 + 1e-4;
        const bPlus = loss(readout, train, target);
        readout.bias[c] = b0 - 1e-4;
        const bMinus = loss(readout, train, target);
        readout.bias[c] = b0;
        expect(Math.abs(g.biasGradient[c] - (bPlus - bMinus) / 2e-4)).toBeLessThanOrEqual(1e-8 * (1 + Math.abs(g.biasGradient[c])));
      }),
      { numRuns: 150 },
    );
    expect(checked).toBeGreaterThan(100);
  });

  it('rejects bad settings and trains, naming them', () => {
    const grid = { startSeconds: 0, stepSeconds: 1e-3, count: 10 };
    expect(() => new Readout({ channels: 0, size: 2, kernelTauSeconds: 0.01, grid })).toThrow(/channels/);
    expect(() => new Readout({ channels: 1, size: 2, kernelTauSeconds: 0, grid })).toThrow(/kernelTauSeconds/);
    expect(() => new Readout({ channels: 1, size: 2, kernelTauSeconds: 0.01, grid: { ...grid, stepSeconds: -1 } })).toThrow(/grid.stepSeconds/);
    expect(() => new Readout({ channels: 1, size: 2, kernel: 'box' as ReadoutKernel, kernelTauSeconds: 0.01, grid })).toThrow(InvalidParameterError);
    const readout = new Readout({ channels: 1, size: 2, kernelTauSeconds: 0.01, grid });
    const bad = new SpikeTrain();
    bad.push(0.002, 0);
    bad.push(0.001, 1);
    expect(() => readout.predict(bad)).toThrow(/train.times\[1\]/);
    const outside = new SpikeTrain();
    outside.push(0.001, 2);
    expect(() => readout.predict(outside)).toThrow(/train neuron 0/);
    expect(() => readout.backward(outside, new Float64Array(3))).toThrow(/dLossDY.length/);
  });
});
