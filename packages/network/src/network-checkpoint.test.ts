import { RunawayExcitationError, SpikeTrain } from '@sparseprop/core';
import { NetworkSimulator } from '@sparseprop/core/plugin';
import { calendarQueue } from '@sparseprop/queue-calendar';
import { thirtyTwoAryHeap } from '@sparseprop/queue-heap';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomNetwork, randomNetworkSpec } from './random-network.test-support.js';

/** Run to `maxSpikes` or `maxTimeSeconds`; undefined when the network runs away (nothing to compare then). */
function runTo(sim: NetworkSimulator, limits: { maxSpikes?: number; maxTimeSeconds?: number }, train: SpikeTrain): boolean {
  try {
    sim.run({ ...limits, record: train });
    return true;
  } catch (error) {
    if (error instanceof RunawayExcitationError) return false;
    throw error;
  }
}

describe('the network engine saves and restores its exact state (checkpoints)', () => {
  it('continues bit for bit from a state saved at a spike count or a time: delays, heap deliveries, inputs, step currents, refractoriness', () => {
    let compared = 0, cutByTime = 0;
    fc.assert(
      fc.property(randomNetworkSpec, fc.nat(), fc.boolean(), fc.constantFrom(thirtyTwoAryHeap, calendarQueue), (spec, cutSeed, byTime, queue) => {
        const network = randomNetwork(spec);
        const full = new SpikeTrain();
        if (!runTo(new NetworkSimulator(network, queue.create(network.size)), { maxSpikes: 800, maxTimeSeconds: 0.3 }, full) || full.length < 4) return;
        const cut = 1 + (cutSeed % (full.length - 2));
        const first = new NetworkSimulator(network, queue.create(network.size));
        const head = new SpikeTrain();
        if (byTime) {
          cutByTime++;
          first.run({ maxTimeSeconds: (full.times[cut - 1] + full.times[cut]) / 2, record: head });
        } else first.run({ maxSpikes: cut, record: head });
        const state = first.saveState();
        // the saved state is a copy; time-bounded: a network gone silent under endless input never reaches 5 spikes
        first.run({ maxSpikes: 5, maxTimeSeconds: 0.3 });
        const resumed = new NetworkSimulator(network, queue.create(network.size));
        resumed.restoreState(state);
        const tail = new SpikeTrain();
        resumed.run({ maxSpikes: full.length - head.length, maxTimeSeconds: 0.3, record: tail });
        expect(head.length + tail.length).toBe(full.length);
        for (let s = 0; s < full.length; s++) {
          const [t, j] = s < head.length ? [head.times[s], head.neurons[s]] : [tail.times[s - head.length], tail.neurons[s - head.length]];
          if (!Object.is(t, full.times[s]) || j !== full.neurons[s]) expect.fail(`spike ${s} (cut at ${head.length}${byTime ? ' by time' : ''}): resumed (${t}, ${j}), uninterrupted (${full.times[s]}, ${full.neurons[s]})`);
        }
        compared++;
      }),
      { numRuns: 40 },
    );
    expect(compared).toBeGreaterThan(20);
    expect(cutByTime).toBeGreaterThan(5);
  });

  it('refuses a state of another engine or of another size, naming what is wrong', () => {
    fc.assert(
      fc.property(randomNetworkSpec, (spec) => {
        const network = randomNetwork(spec);
        const sim = new NetworkSimulator(network, thirtyTwoAryHeap.create(network.size));
        const state = sim.saveState();
        expect(() => sim.restoreState({ ...state, engine: 'time' })).toThrow(/state\.engine/);
        expect(() => sim.restoreState({ ...state, arrays: { ...state.arrays, v: new Float64Array(network.size + 1) } })).toThrow(/state\.arrays\.v/);
        expect(() => sim.restoreState({ ...state, arrays: { ...state.arrays, inputsConsumed: new Float64Array(network.inputs.length + 1) } })).toThrow(/inputsConsumed/);
      }),
      { numRuns: 10 },
    );
  });
});
