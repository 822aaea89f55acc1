import { composeSimulator, createContainer, InvalidParameterError, type KickEvents, registerPlugins, SparseConnectivity, SpikeTrain } from '@sparseprop/core';
import { lif, LifModel } from '@sparseprop/model-lif';
import { binaryHeap } from '@sparseprop/queue-heap';
import { calendarQueue } from '@sparseprop/queue-calendar';
import { explicitConnectivity, networkCase } from '@sparseprop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wasmEngine } from './plugin.js';
import { type KernelQueue, WasmExpKeySimulator } from './wasm-exp-key-simulator.js';

const withWasm = registerPlugins(createContainer(), lif, binaryHeap, wasmEngine);
const jsOnly = registerPlugins(createContainer(), lif, binaryHeap);
const withQueues = registerPlugins(createContainer(), lif, binaryHeap, calendarQueue);

/** Poisson-like kicks (seconds), deterministic from `seed`, over `[0, end)`, jumps from `weights`. */
function kicks(n: number, count: number, end: number, weights: number[], seed: number): KickEvents {
  let x = seed >>> 0 || 1;
  const next = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const times = Float64Array.from({ length: count }, () => next() * end).sort();
  return { times, targets: Int32Array.from({ length: count }, () => Math.floor(next() * n)), channels: Int32Array.from({ length: count }, () => Math.floor(next() * weights.length)), weights: Float64Array.from(weights) };
}

function record(simulator: { run(o: { maxTimeSeconds?: number; maxSpikes?: number; record: SpikeTrain }): unknown }, limits: { maxTimeSeconds?: number; maxSpikes?: number }): SpikeTrain {
  const train = new SpikeTrain();
  simulator.run({ ...limits, record: train });
  return train;
}

describe('input events through composition', () => {
  const connectivity = SparseConnectivity.fromEdges(3, [0, 1, 2], [1, 2, 0], [-0.1, -0.1, 0.05]);
  const events = kicks(3, 50, 0.05, [0.2, -0.3], 7);

  it('engine "auto" picks the kernel for LIF with input events, else the JS exp-key engine; engines without inputs decline, saying why', () => {
    const composed = composeSimulator({ n: 3, k: 1, connectivity, iext: 1.2, inputEvents: events }, withWasm);
    expect(composed.engine).toBe('wasm');
    expect(record(composed.simulator, { maxTimeSeconds: 0.05 }).length).toBeGreaterThan(0);
    expect(composeSimulator({ n: 3, k: 1, connectivity, iext: 1.2, inputEvents: events }, jsOnly).engine).toBe('exp-key');
    expect(() => composeSimulator({ n: 3, k: 1, connectivity, iext: 1.2, inputEvents: events, engine: 'time' }, withWasm)).toThrow(/takes no external input events.*got "time"/);
    expect(() => composeSimulator({ n: 3, k: 1, connectivity, iext: 1.2, inputEvents: events, expKeys: false }, withWasm)).toThrow(/phase: it takes no external input events/);
  });

  it('the JS exp-key engine with input events gives the kernel\'s train bit for bit (same arithmetic, same order), on both kernel queues and JS queues', () => {
    fc.assert(
      fc.property(networkCase({ maxN: 200, j0: [0.05, 1.5] }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.array(fc.double({ min: -0.6, max: 0.6, noNaN: true }), { minLength: 1, maxLength: 3 }), fc.constantFrom<KernelQueue>('heap32', 'calendar'), fc.constantFrom('binary', 'calendar'), (c, seed, weights, kernelQueue, jsQueue) => {
        const connectivity = explicitConnectivity(c);
        const inputEvents = kicks(c.n, 4 * c.n, 0.06, weights, seed);
        const config = { n: c.n, k: c.k, iext: c.iext, seed: c.seed, connectivity, inputEvents };
        const outcome = (simulator: { run(o: { maxTimeSeconds: number; record: SpikeTrain }): unknown }) => {
          try {
            // in two runs: the second continues with the inputs the first left
            const train = record(simulator, { maxTimeSeconds: 0.03 });
            const rest = record(simulator, { maxTimeSeconds: 0.06 });
            return { neurons: [...train.neurons, ...rest.neurons], times: [...train.times, ...rest.times] };
          } catch (error) {
            return { error: (error as Error).constructor.name };
          }
        };
        const js = composeSimulator({ ...config, engine: 'exp-key', queue: jsQueue }, withQueues);
        const wasm = composeSimulator({ ...config, engine: 'wasm' }, withWasm);
        const kernel = new WasmExpKeySimulator(wasm.model, connectivity, { tau: wasm.network.tau, initialPhases: wasm.initialPhases }, kernelQueue, inputEvents);
        expect(outcome(kernel)).toEqual(outcome(js.simulator));
      }),
      { numRuns: 80 },
    );
  });

  it('bad input events are refused before any engine is asked, naming the field', () => {
    const bad = { ...events, targets: Int32Array.from(events.targets, (i, q) => (q === 3 ? 5 : i)) };
    expect(() => composeSimulator({ n: 3, k: 1, connectivity, iext: 1.2, inputEvents: bad }, withWasm)).toThrow(InvalidParameterError);
    expect(() => composeSimulator({ n: 3, k: 1, connectivity, iext: 1.2, inputEvents: bad }, withWasm)).toThrow(/inputEvents\.targets\[3\]/);
  });

  it('without input events the kernel gives the same spikes as before (the engine conformance suites cover it; here: with an empty list too)', () => {
    const none = composeSimulator({ n: 3, k: 1, connectivity, iext: 1.2, initialPhases: Float64Array.of(0.1, 0.5, 0.9) }, withWasm);
    const empty = composeSimulator({ n: 3, k: 1, connectivity, iext: 1.2, initialPhases: Float64Array.of(0.1, 0.5, 0.9), inputEvents: { times: new Float64Array(0), targets: new Int32Array(0), channels: new Int32Array(0), weights: new Float64Array(0) } }, withWasm);
    const a = record(none.simulator, { maxSpikes: 200 }), b = record(empty.simulator, { maxSpikes: 200 });
    expect(Array.from(b.times)).toEqual(Array.from(a.times));
    expect(Array.from(b.neurons)).toEqual(Array.from(a.neurons));
  });
});

describe('disposed simulators hand their kernel instance on', () => {
  it('a simulator on a reused instance gives the run of one on a fresh instance, bit for bit (any earlier size, queue, inputs)', () => {
    fc.assert(
      fc.property(networkCase({ maxN: 300, j0: [0.05, 1] }), networkCase({ maxN: 300, j0: [0.05, 1] }), fc.constantFrom<KernelQueue>('heap32', 'calendar'), fc.constantFrom<KernelQueue>('heap32', 'calendar'), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (first, second, q1, q2, seed) => {
        const build = (c: typeof first, queue: KernelQueue, withInputs: boolean) => {
          const connectivity = explicitConnectivity(c);
          const model = new LifModel(c.n, c.iext ?? 1.2);
          const events = withInputs ? kicks(c.n, 3 * c.n, 0.05, [0.1, -0.2, 0.4], seed) : undefined;
          return new WasmExpKeySimulator(model, connectivity, { tau: 0.01 }, queue, events);
        };
        // a run's spikes, or its error (strong excitation may run away: then both must)
        const outcome = (simulator: WasmExpKeySimulator) => {
          try {
            const train = record(simulator, { maxTimeSeconds: 0.05 });
            return { neurons: Array.from(train.neurons), times: Array.from(train.times) };
          } catch (error) {
            return { error: (error as Error).message };
          }
        };
        // held (not disposed): the second simulator's instance is fresh
        const held = build(first, q1, true);
        outcome(held);
        const fresh = outcome(build(second, q2, seed % 2 === 0));
        held.dispose();
        // the next one takes the disposed instance
        expect(outcome(build(second, q2, seed % 2 === 0))).toEqual(fresh);
        expect(() => held.run({ maxSpikes: 1 })).toThrow(/disposed/);
      }),
      { numRuns: 40 },
    );
  });
});
