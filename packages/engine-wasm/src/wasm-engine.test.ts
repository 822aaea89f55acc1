import {
  composeSimulator,
  createContainer,
  FixedOutDegreeConnectivity,
  InvalidParameterError,
  registerPlugins,
  RunawayExcitationError,
  SparseConnectivity,
  SpikeTrain,
  type SimulationConfig,
  type Simulator,
  UnknownPluginError,
} from '@sparseprop/core';
import { lif } from '@sparseprop/model-lif';
import { qif } from '@sparseprop/model-qif';
import { binaryHeap } from '@sparseprop/queue-heap';
import { compareSpikeTrains, EquivalenceTally, explicitConnectivity, networkCase } from '@sparseprop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wasmEngine } from './plugin.js';
import { BATCH_SPIKES, type KernelQueue, WasmExpKeySimulator, wasmUnsupportedReason } from './wasm-exp-key-simulator.js';

const container = registerPlugins(createContainer(), lif, qif, binaryHeap, wasmEngine);

type Case = Pick<SimulationConfig, 'n' | 'k' | 'j0' | 'iext' | 'seed' | 'targetCacheBytes' | 'connectivity'>;

/** The same network on the JS exponential-key engine and on the kernel (with its default queue for N, or the one named). */
function pair(c: Case, queue?: KernelQueue) {
  const js = composeSimulator({ ...c, engine: 'js' }, container);
  const wasm = composeSimulator({ ...c, engine: 'wasm' }, container);
  expect(js.simulator.kind).toBe('exp-key');
  expect(wasm.engine).toBe('wasm');
  if (queue === undefined || (wasm.simulator as WasmExpKeySimulator).queue === queue) return { js: js.simulator, wasm: wasm.simulator };
  return { js: js.simulator, wasm: new WasmExpKeySimulator(wasm.model, wasm.connectivity, { initialPhases: wasm.initialPhases }, queue) as Simulator };
}

function record(simulator: { run(o: { maxSpikes?: number; maxTimeSeconds?: number; record: SpikeTrain }): unknown }, limits: { maxSpikes?: number; maxTimeSeconds?: number }): SpikeTrain {
  const train = new SpikeTrain();
  simulator.run({ ...limits, record: train });
  return train;
}

/** Index of the first spike where the trains differ in neuron or in any bit of the time, or -1. */
function firstDifference(a: SpikeTrain, b: SpikeTrain): number {
  const an = a.neurons, bn = b.neurons, at = a.times, bt = b.times;
  for (let s = 0; s < Math.min(a.length, b.length); s++) if (an[s] !== bn[s] || !Object.is(at[s], bt[s])) return s;
  return a.length === b.length ? -1 : Math.min(a.length, b.length);
}

/**
 * Run both for `spikes` spikes: the same train bit for bit, the same clock
 * and phases after it; or, when strong excitation runs away, the same error.
 */
function expectSameRun(js: Simulator, wasm: Simulator, spikes: number): void {
  let jsTrain: SpikeTrain;
  try {
    jsTrain = record(js, { maxSpikes: spikes });
  } catch (error) {
    expect(error).toBeInstanceOf(RunawayExcitationError);
    expect(() => record(wasm, { maxSpikes: spikes })).toThrow(RunawayExcitationError);
    return;
  }
  expect(firstDifference(record(wasm, { maxSpikes: spikes }), jsTrain)).toBe(-1);
  expect(wasm.timeSeconds).toBe(js.timeSeconds);
  expect(wasm.phases()).toEqual(js.phases());
}

// synaptic weight J (voltage jump): inhibitory as in the reference network, or excitatory
// (then kicks can pin neurons at threshold, and strong ones run away)
const weight = fc.oneof(fc.double({ min: -1, max: -0.005, noNaN: true }), fc.double({ min: 0.005, max: 0.5, noNaN: true }));

describe.each(['heap32', 'calendar'] as const)('the WebAssembly kernel with its %s queue gives the JS engine’s spike train, bit for bit', (queue) => {
  it('on random networks: N, K, coupling (inhibitory and excitatory), drive, seed, memoised or generated targets', () => {
    fc.assert(
      fc.property(networkCase({ maxN: 400, explicit: false }), weight, fc.boolean(), fc.integer({ min: 1, max: 3000 }), (c, w, memoise, spikes) => {
        // the procedural network of docs/algorithm.md §5 with any weight: as an explicit FixedOutDegreeConnectivity
        const connectivity = new FixedOutDegreeConnectivity({ n: c.n, k: c.k, weight: w, seed: c.seed, cacheBytes: memoise ? 2 ** 26 : 0 });
        const network = { n: c.n, k: c.k, iext: c.iext, seed: c.seed, connectivity };
        const { js, wasm } = pair(network, queue);
        expectSameRun(js, wasm, spikes);
      }),
      { numRuns: 60 },
    );
  });

  it('on explicit networks: random degrees and weights (inhibitory, or of both signs), empty rows', () => {
    fc.assert(
      fc.property(networkCase({ maxN: 300, explicit: true }), fc.boolean(), fc.integer({ min: 1, max: 3000 }), (c, mixedSigns, spikes) => {
        let connectivity = explicitConnectivity(c);
        if (mixedSigns && connectivity instanceof SparseConnectivity) {
          // flip every third weight to a small excitatory one
          const pre: number[] = [], post: number[] = [], weight: number[] = [];
          for (let j = 0; j < c.n; j++) {
            for (let s = connectivity.rowStart[j]; s < connectivity.rowStart[j + 1]; s++) {
              pre.push(j);
              post.push(connectivity.post[s]);
              weight.push(s % 3 === 0 ? -0.2 * connectivity.weight[s] : connectivity.weight[s]);
            }
          }
          connectivity = SparseConnectivity.fromEdges(c.n, pre, post, weight);
        }
        const { js, wasm } = pair({ n: c.n, k: c.k, iext: c.iext, seed: c.seed, connectivity }, queue);
        expectSameRun(js, wasm, spikes);
      }),
      { numRuns: 50 },
    );
  });

  it('across runs split at random spike counts and times, through many output batches', () => {
    fc.assert(
      fc.property(fc.integer({ min: 50, max: 3000 }), fc.integer({ min: 0, max: 1000 }), fc.array(fc.integer({ min: 0, max: 2 * BATCH_SPIKES }), { minLength: 1, maxLength: 4 }), fc.double({ min: 0, max: 0.05, noNaN: true }), (n, seed, pieces, dt) => {
        const { js, wasm } = pair({ n, k: Math.min(50, n - 1), seed }, queue);
        for (const spikes of pieces) {
          expect(firstDifference(record(wasm, { maxSpikes: spikes }), record(js, { maxSpikes: spikes }))).toBe(-1);
          const until = js.timeSeconds + dt; // a time limit falling between spikes
          expect(firstDifference(record(wasm, { maxTimeSeconds: until }), record(js, { maxTimeSeconds: until }))).toBe(-1);
          expect(wasm.timeSeconds).toBe(js.timeSeconds);
        }
      }),
      { numRuns: 25 },
    );
  });

  it('through the exact 2^-256 rescalings of a long run', () => {
    // the global factor exceeds 2^256 after 256 ln 2 omega of phase: about 1.3 s here
    const { js, wasm } = pair({ n: 50, k: 10, seed: 3 }, queue);
    const a = record(js, { maxTimeSeconds: 8 }), b = record(wasm, { maxTimeSeconds: 8 });
    expect((wasm as WasmExpKeySimulator).rescalings).toBeGreaterThanOrEqual(4);
    expect(firstDifference(b, a)).toBe(-1);
    expect(wasm.phases()).toEqual(js.phases());
  });

  it('after setPhases, and reports progress and streams spikes as the JS engine does', () => {
    const { js, wasm } = pair({ n: 300, k: 30, seed: 9 }, queue);
    const phases = new Float64Array(300).map((_, i) => (i * 0.61803398875) % 1);
    js.setPhases(phases);
    wasm.setPhases(phases);
    const calls = (simulator: typeof js) => {
      const progress: number[] = [], streamed: number[] = [];
      const summary = simulator.run({ maxSpikes: 10_000, progressEvery: 3000, onProgress: (s) => progress.push(s), onSpike: (t, j) => streamed.push(t, j) });
      return { progress, streamed, spikes: summary.spikes, end: summary.endSeconds };
    };
    const a = calls(js), b = calls(wasm);
    expect(b.progress).toEqual([3000, 6000, 9000]);
    expect(b).toEqual(a);
  });
});

describe('the calendar kernel growing its memory during a run', () => {
  it('streams the same spikes after the near heap grows linear memory mid-batch (views of the old buffer are detached)', () => {
    // 5000 neurons a hair apart in phase share one calendar bucket: when it opens, during the first
    // batch, all of them enter the near heap (1024 entries at first), which grows linear memory
    const n = 5000;
    const phases = Float64Array.from({ length: n }, (_, i) => 0.5 + i * 1e-13);
    const c = { n, k: 20, seed: 3, initialPhases: phases };
    const js = composeSimulator({ ...c, engine: 'js' }, container).simulator;
    const wasm = composeSimulator({ ...c, engine: 'wasm' }, container);
    const kernel = new WasmExpKeySimulator(wasm.model, wasm.connectivity, { initialPhases: phases }, 'calendar');
    const before = (kernel as unknown as { kernel: { memory: { buffer: ArrayBuffer } } }).kernel.memory.buffer;
    const a = record(kernel, { maxSpikes: 3000 });
    const after = (kernel as unknown as { kernel: { memory: { buffer: ArrayBuffer } } }).kernel.memory.buffer;
    expect(after, 'the scenario must make the kernel grow its memory during the run').not.toBe(before);
    expect(firstDifference(a, record(js, { maxSpikes: 3000 }))).toBe(-1);
  });
});

describe('the kernel against the O(N) reference simulator', () => {
  // as in model-lif's equivalence tests: times within 1e-9 of max(1 s, t) (a
  // worst-case sum of per-step roundings is ~2e-12; inhibitory LIF contracts
  // errors), and a parting of the trains accepted only at an exact tie, which
  // rounding decides (compareSpikeTrains); most runs must match in full
  it('matches it spike for spike, up to rounding ties, on random inhibitory networks', () => {
    const tally = new EquivalenceTally();
    fc.assert(
      fc.property(networkCase({ maxN: 300, explicit: false }), (c) => {
        const network = { n: c.n, k: c.k, j0: c.j0, iext: c.iext, seed: c.seed };
        const reference = composeSimulator({ ...network, reference: true }, container).simulator;
        const wasm = composeSimulator({ ...network, engine: 'wasm' }, container).simulator;
        const cmp = compareSpikeTrains(record(wasm, { maxSpikes: 1000 }), record(reference, { maxSpikes: 1000 }));
        expect(cmp.compared).toBe(1000);
        expect(tally.accept(cmp), JSON.stringify(cmp)).toBe(true);
        expect(cmp.maxRelativeTimeError).toBeLessThan(1e-9);
      }),
      { numRuns: 30 },
    );
    expect(tally.fullFraction).toBeGreaterThanOrEqual(0.6);
  });
});

describe('choosing and refusing the engine', () => {
  it('auto picks the kernel for LIF on the procedural network, and the JS engines otherwise', () => {
    const base = { n: 100, k: 10 };
    expect(composeSimulator(base, container).engine).toBe('wasm');
    expect(composeSimulator({ ...base, queue: 'binary' }, container).engine).toBe('exp-key');
    expect(composeSimulator({ ...base, expKeys: false }, container).engine).toBe('phase');
    expect(composeSimulator({ ...base, frame: 'time' }, container).engine).toBe('time');
    expect(composeSimulator({ ...base, model: 'qif' }, container).engine).toBe('phase');
    expect(composeSimulator({ ...base, eta: 0.3 }, container).engine).toBe('time');
    expect(composeSimulator({ ...base, reference: true }, container).engine).toBe('reference');
    const explicit = explicitConnectivity({ n: 100, k: 10, j0: 1, iext: 1, seed: 1, eta: 0, explicit: true });
    expect(composeSimulator({ ...base, connectivity: explicit }, container).engine).toBe('wasm');
    const custom = { size: 100, maxOutDegree: 0, targetsOf: () => 0 }; // a user's own Connectivity class
    expect(composeSimulator({ ...base, connectivity: custom }, container).engine).toBe('exp-key');
    expect(composeSimulator(base, registerPlugins(createContainer(), lif, binaryHeap)).engine).toBe('exp-key');
  });

  it('engine "wasm" on what it cannot run is a typed error naming the parameter and why', () => {
    const base = { n: 100, k: 10 };
    const refusal = (config: SimulationConfig) => {
      try {
        composeSimulator({ ...base, engine: 'wasm', ...config }, container);
      } catch (error) {
        return error;
      }
      throw new Error('expected a refusal');
    };
    expect(refusal({ model: 'qif' })).toMatchObject({ parameter: 'engine', message: expect.stringMatching(/model qif/) });
    expect(refusal({ eta: 0.5 })).toBeInstanceOf(InvalidParameterError);
    expect(refusal({ queue: 'binary' })).toMatchObject({ parameter: 'engine', message: expect.stringMatching(/names a queue \(binary\)/) });
    expect(refusal({ frame: 'time' })).toMatchObject({ parameter: 'engine', message: expect.stringMatching(/time frame/) });
    expect(refusal({ reference: true })).toMatchObject({ parameter: 'engine', message: expect.stringMatching(/reference: true/) });
    expect(refusal({ engine: 'gpu' })).toBeInstanceOf(UnknownPluginError);
  });

  it('says when N does not fit the kernel’s 4 GiB address space, before allocating', () => {
    const model = composeSimulator({ n: 100, k: 10, engine: 'js' }, container).model;
    const huge = new FixedOutDegreeConnectivity({ n: 300_000_000, k: 100, weight: -0.1, seed: 1 });
    const hugeModel = Object.create(model, { size: { value: huge.size } }) as typeof model; // same model, N = 3e8
    expect(wasmUnsupportedReason(hugeModel, huge)).toMatch(/4\.\d\d GiB of WebAssembly memory, above its 4 GiB/);
    expect(wasmUnsupportedReason(model, new FixedOutDegreeConnectivity({ n: 100, k: 10, weight: -0.1, seed: 1 }))).toBeUndefined();
  });

  it('rejects out-of-range initial phases with the neuron and the range', () => {
    const { wasm } = pair({ n: 20, k: 5, seed: 1 });
    const phases = new Float64Array(20).fill(0.5);
    phases[7] = 1.5;
    expect(() => wasm.setPhases(phases)).toThrow(/phase of neuron 7/);
    expect(() => new WasmExpKeySimulator(composeSimulator({ n: 20, k: 5, engine: 'js' }, container).model, new FixedOutDegreeConnectivity({ n: 21, k: 5, weight: -0.1, seed: 1 }), {})).toThrow(InvalidParameterError);
  });
});
