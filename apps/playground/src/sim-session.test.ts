import { composeSimulator, type SimulationConfig, SpikeTrain } from '@sparseprop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createPlaygroundContainer } from './plugins.js';
import { RasterSampler, SimSession } from './sim-session.js';

const container = createPlaygroundContainer();

function uninterrupted(config: SimulationConfig, options: { maxSpikes?: number; maxTimeSeconds?: number }): SpikeTrain {
  const train = new SpikeTrain();
  composeSimulator(config, container).simulator.run({ ...options, record: train });
  return train;
}

/** Run a session to its stop condition in chunks of the given sizes (cycled). */
function sliced(config: SimulationConfig, limits: { spikes?: number; durationSeconds?: number }, chunks: number[], binSeconds = 0.002) {
  const session = new SimSession(composeSimulator(config, container).simulator, limits, 100, binSeconds, 1 << 20);
  let rasterPoints = 0, binned = 0, c = 0;
  while (!session.done) {
    session.advance(chunks[c++ % chunks.length]);
    const drained = session.drain();
    rasterPoints += drained.times.length;
    for (const count of drained.binCounts) binned += count;
  }
  return { session, rasterPoints, binned };
}

// every engine the page can pick: the kernel, the JS exp-key/phase/time frames with several queues
const CONFIGS: { name: string; config: SimulationConfig }[] = [
  { name: 'LIF, wasm kernel', config: { n: 2000, k: 50, engine: 'wasm' } },
  { name: 'LIF, JS exp-key, pairing', config: { n: 2000, k: 50, engine: 'js', queue: 'pairing' } },
  { name: 'QIF, JS phase frame', config: { n: 2000, k: 50, model: 'qif' } },
  { name: 'LIF eta = 0.4, JS time frame', config: { n: 2000, k: 50, eta: 0.4 } },
];

describe('SimSession: a run in slices is the run in one piece', () => {
  for (const { name, config } of CONFIGS) {
    it(`${name}: any chunking gives the same spikes, bit for bit`, () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 1000 }), fc.array(fc.integer({ min: 1, max: 3000 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 1, max: 6000 }), (seed, chunks, spikes) => {
          const whole = uninterrupted({ ...config, seed }, { maxSpikes: spikes });
          const { session, binned } = sliced({ ...config, seed }, { spikes }, chunks);
          const { store } = session;
          expect(store.count).toBe(spikes);
          expect(Array.from(store.neurons.subarray(0, spikes))).toEqual(Array.from(whole.neurons));
          expect(Array.from(store.times.subarray(0, spikes))).toEqual(Array.from(whole.times));
          expect(session.counters().spikes).toBe(spikes);
          expect(binned).toBeLessThanOrEqual(spikes); // the open bin is still counting
        }),
        { numRuns: 8 },
      );
    });
  }

  it('a duration limit stops where an uninterrupted run with maxTimeSeconds stops', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0.005, max: 0.1, noNaN: true }), fc.integer({ min: 1, max: 2000 }), (seed, duration, chunk) => {
        const config = { n: 1000, k: 40, seed };
        const whole = new SpikeTrain();
        const simulator = composeSimulator(config, container).simulator;
        simulator.run({ maxTimeSeconds: duration, record: whole });
        const { session } = sliced(config, { durationSeconds: duration }, [chunk]);
        expect(session.store.count).toBe(whole.length);
        expect(Array.from(session.store.times.subarray(0, whole.length))).toEqual(Array.from(whole.times));
        expect(session.counters().simSeconds).toBe(simulator.timeSeconds); // the clock stops where the uninterrupted one does
      }),
      { numRuns: 10 },
    );
  });

  it('rate bins count every spike in the bin its time falls in; the raster gets every sampled neuron\'s spikes', () => {
    const binSeconds = 0.001;
    const { session, rasterPoints } = sliced({ n: 3000, k: 60, seed: 5 }, { spikes: 20_000 }, [777]);
    const { store } = session;
    const sampler = new RasterSampler(3000, 100);
    let expectedPoints = 0;
    for (let s = 0; s < store.count; s++) if (sampler.rowOf(store.neurons[s]) >= 0) expectedPoints++;
    expect(rasterPoints).toBe(expectedPoints);
    expect(expectedPoints).toBeGreaterThan(0);

    const again = new SimSession(composeSimulator({ n: 3000, k: 60, seed: 5 }, container).simulator, { spikes: 20_000 }, 100, binSeconds, 1 << 20);
    const counts = new Map<number, number>();
    let first = -1;
    while (!again.done) {
      again.advance(1234);
      const drained = again.drain();
      if (first < 0) first = drained.firstBin;
      drained.binCounts.forEach((count, b) => counts.set(drained.firstBin + b, count));
    }
    const expected = new Map<number, number>();
    for (let s = 0; s < store.count; s++) {
      const b = Math.floor(store.times[s] / binSeconds);
      expected.set(b, (expected.get(b) ?? 0) + 1);
    }
    const lastComplete = Math.max(...counts.keys());
    for (let b = first; b <= lastComplete; b++) expect(counts.get(b) ?? -1).toBe(expected.get(b) ?? 0);
  });

  it('keeps at most the record cap for download and still counts every spike', () => {
    const session = new SimSession(composeSimulator({ n: 1000, k: 40 }, container).simulator, { spikes: 5000 }, 50, 0.002, 1234);
    while (!session.done) session.advance(999);
    expect(session.store.count).toBe(1234);
    expect(session.counters()).toMatchObject({ spikes: 5000, recorded: 1234, neurons: 1000 });
  });
});

describe('RasterSampler', () => {
  it('gives each of min(N, rows) rows exactly one neuron, evenly spaced', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 1, max: 3000 }), (n, maxRows) => {
        const sampler = new RasterSampler(n, maxRows);
        expect(sampler.rows).toBe(Math.min(n, maxRows));
        const seen = new Int32Array(sampler.rows).fill(-1);
        for (let i = 0; i < n; i++) {
          const row = sampler.rowOf(i);
          if (row < 0) continue;
          expect(seen[row]).toBe(-1);
          seen[row] = i;
        }
        for (let r = 0; r < sampler.rows; r++) {
          expect(seen[r]).toBe(Math.ceil((r * n) / sampler.rows));
        }
      }),
      { numRuns: 40 },
    );
  });
});
