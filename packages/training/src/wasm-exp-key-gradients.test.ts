import { FixedOutDegreeConnectivity, InvalidParameterError, RunawayExcitationError, SparseConnectivity, type SpikeTrain } from '@sparseprop/core/plugin';
import { LifModel } from '@sparseprop/model-lif';
import { IndexedDaryHeap } from '@sparseprop/queue-heap';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convergedDifference } from './gradient-check.test-support.js';
import { CASE_TAU, type ExpKeyCase, expKeyCaseArb, expKeyCaseNetwork, sameBits } from './exp-key-cases.test-support.js';
import type { InputEvents } from './input-events.js';
import { simulateWithInputs } from './input-forward.js';
import { spikeTimeGradients, type SpikeTimeGradients, type TrainingNetwork } from './spike-time-gradients.js';
import { wasmGradientsUnsupportedReason } from './wasm-exp-key-gradients.js';

const TAU = CASE_TAU;
type Case = ExpKeyCase;
const caseArb = expKeyCaseArb;

function build(c: Case, weightsOverride?: Float64Array, inputWeightsOverride?: Float64Array) {
  const network = expKeyCaseNetwork(c, weightsOverride, inputWeightsOverride);
  const { model, connectivity, initialPhases, inputs } = network;
  let train: SpikeTrain | undefined;
  try {
    train = simulateWithInputs(model, new IndexedDaryHeap(c.n, 2), connectivity, initialPhases, TAU, inputs, { maxSpikes: c.spikes });
  } catch (error) {
    if (!(error instanceof RunawayExcitationError)) throw error; // excitation re-fired a neuron at one instant: no train
  }
  return { network, train, connectivity: connectivity as SparseConnectivity };
}

function expectSame(wasm: SpikeTimeGradients, js: SpikeTimeGradients): void {
  // bit-identical: the module computes the JS path's expressions in the same order, with the host's exp and log
  expect(sameBits(wasm.weights, js.weights)).toBe(true);
  expect(sameBits(wasm.initialPhases, js.initialPhases)).toBe(true);
  expect(sameBits(wasm.inputWeights, js.inputWeights)).toBe(true);
  expect(Object.is(wasm.uniformWeight, js.uniformWeight)).toBe(true);
  expect(Object.is(wasm.maxReplayDeviation, js.maxReplayDeviation)).toBe(true);
}

describe('the WebAssembly exponential-key gradients', () => {
  it('equal the JS exponential-key path bit for bit (explicit LIF networks, E/I weights, inputs, segment budgets)', () => {
    let segmented = 0, withInputs = 0, reachingThreshold = 0, runaway = 0;
    fc.assert(
      fc.property(caseArb, fc.oneof(fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 1, max: 2 ** 20 })), fc.integer({ min: -1000, max: 1000 }), (c, budget, phase) => {
        const { network, train } = build(c);
        if (train === undefined) {
          runaway++;
          return;
        }
        const dL = Float64Array.from({ length: train.length }, (_, s) => Math.sin(s + phase));
        const js = spikeTimeGradients(network, train, dL, { path: 'exp-key' });
        const wasm = spikeTimeGradients(network, train, dL);
        expect(wasm.path).toBe('wasm-exp-key');
        expect(js.path).toBe('exp-key');
        expectSame(wasm, js);
        // segmented (tape budget of `budget` bytes: down to 2 K events per segment) against the whole tape
        const cut = spikeTimeGradients(network, train, dL, { path: 'wasm-exp-key', tapeBudgetBytes: budget });
        const cutJs = spikeTimeGradients(network, train, dL, { path: 'exp-key', tapeBudgetBytes: budget });
        expect(cut.segments).toBe(cutJs.segments);
        expectSame(cut, js);
        expectSame(cutJs, js); // the JS driver too (a lone segment used to skip its taped replay)
        if (cut.segments > 1) segmented++;
        if (c.inputCount > 0) withInputs++;
        for (let s = 1; s < train.length; s++) if (train.times[s] === train.times[s - 1]) reachingThreshold++;
      }),
      { numRuns: 250 },
    );
    expect(segmented).toBeGreaterThanOrEqual(60);
    expect(withInputs).toBeGreaterThanOrEqual(60);
    expect(reachingThreshold).toBeGreaterThan(0); // some kicks reached threshold: spikes at one instant
    expect(runaway).toBeLessThan(15);
  });

  it('equal the JS path across exponential-key rescalings (runs beyond 177 membrane time constants)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 2 ** 31 - 1 }), fc.integer({ min: 64, max: 4096 }), (n, seed, budget) => {
        const c: Case = { n, degree: 2, drive: 1.1, excitatory: 0, scale: 0.05, inputCount: 200, channels: 2, seed, spikes: 900 * n };
        const { network, train } = build(c);
        if (train === undefined) throw new Error('no excitation here: no runaway');
        // F = exp(t/tau) passes 2^256 (the rescaling threshold) at t/tau = 177: at least two rescalings
        expect(train.times[train.length - 1] / TAU).toBeGreaterThan(2 * 178);
        const dL = Float64Array.from({ length: train.length }, (_, s) => Math.cos(s));
        const js = spikeTimeGradients(network, train, dL, { path: 'exp-key' });
        expectSame(spikeTimeGradients(network, train, dL, { path: 'wasm-exp-key' }), js);
        expectSame(spikeTimeGradients(network, train, dL, { path: 'wasm-exp-key', tapeBudgetBytes: budget }), js);
      }),
      { numRuns: 10 },
    );
  });

  it('equal central differences of the simulator for single synapses and input weights', () => {
    let checkedSynapses = 0, checkedInputs = 0;
    fc.assert(
      fc.property(caseArb, fc.nat(), (c0, pick) => {
        const c = { ...c0, n: Math.max(c0.n, 3), degree: Math.max(c0.degree, 1), spikes: Math.min(c0.spikes, 60), excitatory: 0 };
        const { network, train, connectivity } = build(c);
        if (train === undefined) throw new Error('no excitation here: no runaway');
        fc.pre(train.length > 0 && connectivity.post.length > 0);
        const coefficients = Float64Array.from({ length: train.length }, (_, s) => Math.sin(3 * s + pick));
        const gradients = spikeTimeGradients(network, train, coefficients, { path: 'wasm-exp-key' });
        expect(gradients.maxReplayDeviation).toBeLessThan(1e-12); // the replay recomputes the forward's times to rounding (seconds)
        const loss = (t: SpikeTrain) => {
          let value = 0;
          for (let s = 0; s < t.length; s++) value += coefficients[s] * t.times[s];
          return value;
        };
        // L rounds by a few ulps of every spike time, amplified along the chain of ≤ 60 spikes (≤ ~1e3):
        // 1e-13 Σ|c_s| (1 + t_max) seconds bounds it (as in spike-time-gradients.test.ts)
        const rounding = 1e-13 * coefficients.reduce((a, x) => a + Math.abs(x), 0) * (1 + train.times[train.length - 1]);
        const synapse = pick % connectivity.post.length;
        const moved = (d: number) => {
          const w = connectivity.weight.slice();
          w[synapse] += d;
          return build(c, w).train!;
        };
        const fd = convergedDifference(train, moved, loss, 1e-6, rounding);
        if (fd !== undefined) {
          checkedSynapses++;
          expect(Math.abs(gradients.weights![synapse] - fd.estimate)).toBeLessThanOrEqual(fd.bound);
        }
        if (network.inputs !== undefined) {
          const channel = pick % c.channels;
          const shifted = (d: number) => {
            const w = network.inputs!.weights.slice();
            w[channel] += d;
            return build(c, undefined, w).train!;
          };
          const fdInput = convergedDifference(train, shifted, loss, 1e-6, rounding);
          if (fdInput !== undefined) {
            checkedInputs++;
            expect(Math.abs(gradients.inputWeights![channel] - fdInput.estimate)).toBeLessThanOrEqual(fdInput.bound);
          }
        }
      }),
      { numRuns: 80 },
    );
    expect(checkedSynapses).toBeGreaterThanOrEqual(30);
    expect(checkedInputs).toBeGreaterThanOrEqual(10);
  });

  it('falls back to JS for a procedural network, saying why; path "wasm-exp-key" refuses it with a typed error', () => {
    const c: Case = { n: 30, degree: 5, drive: 1.5, excitatory: 0, scale: 0.3, inputCount: 0, channels: 1, seed: 11, spikes: 50 };
    const { network } = build(c);
    const connectivity = new FixedOutDegreeConnectivity({ n: 30, k: 5, weight: -0.1, seed: 3 });
    const procedural: TrainingNetwork = { ...network, connectivity };
    const train = simulateWithInputs(network.model, new IndexedDaryHeap(30, 2), connectivity, network.initialPhases, TAU, undefined, { maxSpikes: 50 });
    const dL = new Float64Array(train.length).fill(1);
    const auto = spikeTimeGradients(procedural, train, dL);
    expect(auto.path).toBe('exp-key');
    expect(auto.wasmFallbackReason).toMatch(/procedural/);
    expect(() => spikeTimeGradients(procedural, train, dL, { path: 'wasm-exp-key' })).toThrow(InvalidParameterError);
    expect(() => spikeTimeGradients(procedural, train, dL, { path: 'wasm-exp-key' })).toThrow(/procedural/);
  });

  it('names why a network is beyond the WebAssembly path (sizes past its 32-bit indices) before any work', () => {
    const c: Case = { n: 5, degree: 2, drive: 1.5, excitatory: 0, scale: 0.3, inputCount: 0, channels: 1, seed: 2, spikes: 10 };
    const { connectivity } = build(c);
    expect(wasmGradientsUnsupportedReason(connectivity, 10, undefined)).toBeUndefined();
    expect(wasmGradientsUnsupportedReason(undefined, 10, undefined)).toMatch(/procedural/);
    expect(wasmGradientsUnsupportedReason(connectivity, 2 ** 31, undefined)).toMatch(/2147483648 spikes exceed/);
    const many = { post: { length: 2 ** 31 } } as unknown as SparseConnectivity; // only the count is read
    expect(wasmGradientsUnsupportedReason(many, 10, undefined)).toMatch(/2147483648 synapses exceed/);
    const inputs = { times: { length: 2 ** 30 } } as unknown as InputEvents;
    expect(wasmGradientsUnsupportedReason(connectivity, 10, inputs)).toMatch(/input events exceed/);
  });

  it('times its phases with the given clock (a CPU-time clock for benchmarks on shared machines)', () => {
    const c: Case = { n: 20, degree: 5, drive: 1.5, excitatory: 0, scale: 0.3, inputCount: 10, channels: 2, seed: 9, spikes: 40 };
    const { network, train } = build(c);
    const dL = new Float64Array(train!.length).fill(1);
    for (const path of ['wasm-exp-key', 'exp-key'] as const) {
      let ticks = 0;
      const g = spikeTimeGradients(network, train!, dL, { path, clock: () => ticks++ }); // one millisecond per reading
      const readings = ticks;
      expect(readings).toBeGreaterThanOrEqual(4); // the phases were timed with this clock, not performance.now
      for (const seconds of [g.replaySeconds, g.backwardSeconds]) expect(Math.abs(seconds * 1000 - Math.round(seconds * 1000))).toBeLessThan(1e-9); // whole ticks
      expect(g.replaySeconds).toBeGreaterThan(0);
      expect(g.backwardSeconds).toBeGreaterThan(0);
      expect(g.overheadSeconds).toBeLessThanOrEqual(g.replaySeconds + g.backwardSeconds);
    }
  });

  it('accepts a tape budget beyond wasm32 memory (capped at what fits; same bits)', () => {
    const c: Case = { n: 50, degree: 10, drive: 2, excitatory: 0.1, scale: 0.5, inputCount: 100, channels: 3, seed: 5, spikes: 300 };
    const { network, train } = build(c);
    if (train === undefined) throw new Error('this case does not run away');
    const dL = Float64Array.from({ length: train.length }, (_, s) => 1 / (1 + s));
    const huge = spikeTimeGradients(network, train, dL, { tapeBudgetBytes: 2 ** 40 });
    expect(huge.path).toBe('wasm-exp-key');
    expectSame(huge, spikeTimeGradients(network, train, dL, { path: 'exp-key' }));
  });
});
