import { composeSimulator, createContainer, registerPlugins, SpikeTrain } from '@sparseprop/core';
import { WasmExpKeySimulator } from '@sparseprop/engine-wasm';
import { lif } from '@sparseprop/model-lif';
import { thirtyTwoAryHeap } from '@sparseprop/queue-heap';
import { describe, expect, it } from 'vitest';

const container = registerPlugins(createContainer(), lif, thirtyTwoAryHeap);

// In a 32-ary heap, slot p's first child is 32 p + 1: for p > 2^26 that
// overflows int32 arithmetic, so both heaps test for a leaf first. N just
// above 2^26 puts leaves there: without the test the kernel reads outside its
// memory and traps (it did at N = 1e8). About 3 GB and 10-25 s on a quiet machine.
const N = 2 ** 26 + 1_000_000;
// On a loaded one (load ~10 on 2 cores, the run at nice 10) it took 39 s (median of 10 runs) and up to
// 83 s: 120 s left a 1.4x margin, and a test must not fail by time alone. 300 s is 3.6x the slowest.
const TIMEOUT_MS = 300_000;

describe('a network with heap slots beyond 2^26 (32-ary heaps)', () => {
  it('the kernel and the JS engine with the 32-ary heap give the same spikes', () => {
    const spikes = 2000;
    // one composition (JS engine, 32-ary heap); the kernel runs the same model, network and phases with its
    // 32-ary heap (its default queue at this N is the calendar)
    const js = composeSimulator({ n: N, k: 100, seed: 1, engine: 'js', queue: '32-ary' }, container);
    const kernel = new WasmExpKeySimulator(js.model, js.connectivity, { initialPhases: js.initialPhases }, 'heap32');
    const trains = [kernel, js.simulator].map((simulator) => {
      const train = new SpikeTrain(spikes);
      simulator.run({ maxSpikes: spikes, record: train });
      return train;
    });
    expect(trains[0].length).toBe(spikes);
    expect(Array.from(trains[0].neurons)).toEqual(Array.from(trains[1].neurons));
    expect(Array.from(trains[0].times)).toEqual(Array.from(trains[1].times));
  }, TIMEOUT_MS);
});
