import { composeSimulator, createContainer, registerPlugins, SparseConnectivity, SpikeTrain } from '@sparseprop/core';
import { randomInitialPhases } from '@sparseprop/core/plugin';
import { lif } from '@sparseprop/model-lif';
import { qif } from '@sparseprop/model-qif';
import { binaryHeap, IndexedDaryHeap } from '@sparseprop/queue-heap';
import { explicitConnectivity, networkCase } from '@sparseprop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convergedDifference, sameSampleSides } from './gradient-check.test-support.js';
import type { InputEvents } from './input-events.js';
import { simulateWithInputs } from './input-forward.js';
import { rateRegularizer } from './rate-regularizer.js';
import { Readout, type ReadoutKernel } from './readout.js';
import { readoutMse } from './readout-mse.js';
import { spikeTimeGradients } from './spike-time-gradients.js';

const container = registerPlugins(createContainer(), lif, qif, binaryHeap);
const TAU = 0.01;
const SPIKES = 80;

/** A random network with inputs, a readout and targets; the loss of a run and its exact gradients. */
function setUp(model: string, c: { n: number; k: number; iext: number; eta: number; seed: number; j0: number; explicit: boolean }, kernel: ReadoutKernel) {
  const composed = composeSimulator({ model, n: c.n, k: c.k, iext: c.iext, eta: c.eta, seed: c.seed, frame: 'time', queue: 'binary', tau: TAU }, container);
  const initialPhases = randomInitialPhases(composed.model, composed.plugin, c.seed + 1);
  const connectivity = explicitConnectivity(c) as SparseConnectivity;
  let state = c.seed + 12345;
  const uniform = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const span = 0.03;
  const count = 4 * c.n;
  const inputs: InputEvents = {
    times: Float64Array.from({ length: count }, () => uniform() * span).sort(),
    targets: Int32Array.from({ length: count }, () => Math.floor(uniform() * c.n)),
    channels: Int32Array.from({ length: count }, () => Math.floor(uniform() * 2)),
    weights: Float64Array.of(0.2, -0.15),
  };
  const run = (conn: SparseConnectivity, weights: Float64Array) =>
    simulateWithInputs(composed.model, new IndexedDaryHeap(c.n, 2), conn, initialPhases, TAU, { ...inputs, weights }, { maxSpikes: SPIKES });
  const readout = new Readout({ channels: 2, size: c.n, kernel, kernelTauSeconds: 0.004, grid: { startSeconds: 0, stepSeconds: 0.0005, count: 80 } });
  for (let k = 0; k < readout.weights.length; k++) readout.weights[k] = Math.sin(c.seed + k);
  const target = Float64Array.from({ length: 160 }, (_, k) => 0.5 * Math.sin(0.1 * k));
  return { composed, initialPhases, connectivity, inputs, run, readout, target };
}

const caseArb = (model: string) => networkCase({ maxN: 30, drive: model === 'lif' ? [0.05, 1.5] : [0.02, 1], j0: [0.1, 1], explicit: true, heterogeneous: true });

describe('readout MSE through the network: exact gradients equal central differences of the simulator', () => {
  it('for a recurrent synapse and an input weight (LIF, QIF; exponential and alpha kernels)', () => {
    let checked = 0;
    fc.assert(
      fc.property(
        fc.constantFrom('lif', 'qif').chain((model) => fc.tuple(fc.constant(model), caseArb(model))),
        fc.constantFrom<ReadoutKernel>('exponential', 'alpha'),
        fc.nat(),
        ([model, c], kernel, pick) => {
          const { composed, initialPhases, connectivity, inputs, run, readout, target } = setUp(model, c, kernel);
          fc.pre(connectivity.post.length > 0);
          const train = run(connectivity, inputs.weights);
          fc.pre(train.length === SPIKES);
          const burnIn = 0.005;
          const loss = readoutMse(readout, train, target, burnIn);
          const gradients = spikeTimeGradients({ model: composed.model, connectivity, initialPhases, tau: TAU, inputs }, train, loss.dLossDTimes);
          const lossOf = (t: SpikeTrain) => readoutMse(readout, t, target, burnIn).value;
          // L ~ 1: its rounding ~1e-14, amplified by the chain of ≤ 80 spikes (≤ 1e3): 1e-11
          const rounding = 1e-11 * (1 + loss.value);
          const synapse = pick % connectivity.post.length;
          const pre: number[] = [];
          for (let j = 0; j < c.n; j++) for (let s = connectivity.rowStart[j]; s < connectivity.rowStart[j + 1]; s++) pre.push(j);
          const moved = (d: number) => {
            const w = Array.from(connectivity.weight);
            w[synapse] += d;
            return SparseConnectivity.fromEdges(c.n, pre, Array.from(connectivity.post), w);
          };
          // the exponential kernel jumps at 0: refuse perturbations that move a spike across a sample time (the alpha kernel is continuous)
          const branch = kernel === 'exponential' ? (a: SpikeTrain, b: SpikeTrain) => sameSampleSides(a, b, readout.grid.startSeconds, readout.grid.stepSeconds) : undefined;
          const dSynapse = convergedDifference(train, (d) => run(moved(d), inputs.weights), lossOf, 1e-6, rounding, branch);
          const channel = pick % 2;
          const dInput = convergedDifference(
            train,
            (d) => {
              const w = inputs.weights.slice();
              w[channel] += d;
              return run(connectivity, w);
            },
            lossOf,
            1e-6,
            rounding,
            branch,
          );
          if (dSynapse !== undefined) {
            checked++;
            expect(Math.abs(gradients.weights![synapse] - dSynapse.estimate)).toBeLessThanOrEqual(dSynapse.bound);
          }
          if (dInput !== undefined) expect(Math.abs(gradients.inputWeights![channel] - dInput.estimate)).toBeLessThanOrEqual(dInput.bound);
        },
      ),
      { numRuns: 40 },
    );
    expect(checked).toBeGreaterThanOrEqual(20); // the exponential kernel's jumps (a spike crossing a sample) refuse some
  });

  it('for the rate regulariser (LIF, QIF)', () => {
    let checked = 0;
    fc.assert(
      fc.property(
        fc.constantFrom('lif', 'qif').chain((model) => fc.tuple(fc.constant(model), caseArb(model))),
        fc.nat(),
        ([model, c], pick) => {
          const { composed, initialPhases, connectivity, inputs, run } = setUp(model, c, 'alpha');
          const train = run(connectivity, inputs.weights);
          fc.pre(train.length === SPIKES);
          const options = { size: c.n, targetRateHz: 50, strength: 1e-3, kernelTauSeconds: 0.005, startSeconds: 0.002, endSeconds: train.times[SPIKES - 1], stepSeconds: 3e-4 };
          const loss = rateRegularizer(train, options);
          const gradients = spikeTimeGradients({ model: composed.model, connectivity, initialPhases, tau: TAU, inputs }, train, loss.dLossDTimes);
          const channel = pick % 2;
          const fd = convergedDifference(
            train,
            (d) => {
              const w = inputs.weights.slice();
              w[channel] += d;
              return run(connectivity, w);
            },
            (t) => rateRegularizer(t, options).value,
            1e-6,
            1e-11 * (1 + loss.value),
            (a, b) => sameSampleSides(a, b, options.startSeconds, options.stepSeconds), // ν̂ jumps when a spike crosses a sample time
          );
          if (fd === undefined) return;
          checked++;
          expect(Math.abs(gradients.inputWeights![channel] - fd.estimate)).toBeLessThanOrEqual(fd.bound);
        },
      ),
      { numRuns: 30 },
    );
    expect(checked).toBeGreaterThanOrEqual(12);
  });
});

describe('readoutMse and rateRegularizer values', () => {
  it('MSE is 0 on its own prediction, normalised MSE is 1 for predicting the mean', () => {
    const train = new SpikeTrain();
    for (let s = 0; s < 50; s++) train.push(s * 1e-3, s % 5);
    const readout = new Readout({ channels: 1, size: 5, kernelTauSeconds: 0.005, grid: { startSeconds: 0, stepSeconds: 1e-3, count: 60 } });
    readout.weights.set([1, -1, 0.5, 2, 0]);
    const own = readout.predict(train);
    expect(readoutMse(readout, train, own).value).toBe(0);
    const flat = new Readout({ channels: 1, size: 5, kernelTauSeconds: 0.005, grid: readout.grid });
    const target = Float64Array.from({ length: 60 }, (_, g) => Math.sin(g));
    let mean = 0;
    for (const x of target) mean += x / 60;
    flat.bias[0] = mean;
    expect(readoutMse(flat, train, target).normalized).toBeCloseTo(1, 12);
    expect(() => readoutMse(flat, train, target, 1)).toThrow(/burnInSeconds/);
    expect(() => readoutMse(flat, train, new Float64Array(3))).toThrow(/target.length/);
  });

  it('the filtered rate matches count / duration for a regular train far from the window edges', () => {
    const train = new SpikeTrain();
    for (let s = 0; s < 2000; s++) train.push(s * 1e-3, 0); // 1000 Hz for 2 s
    const { rates } = rateRegularizer(train, { size: 1, targetRateHz: 0, strength: 1, kernelTauSeconds: 0.01, startSeconds: 0.5, endSeconds: 1.5, stepSeconds: 1.234567e-4 });
    // a periodic train filtered by e^{-u/τ}/τ averages exactly 1/period = 1000 Hz over whole periods; sampled at a step
    // incommensurate with the period, the Riemann sum of this sawtooth (jumps of 1/10 of its mean) errs by ~1/G ≈ 1e-4
    expect(Math.abs(rates[0] - 1000) / 1000).toBeLessThan(1e-3);
  });
});
