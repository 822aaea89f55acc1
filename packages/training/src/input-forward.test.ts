import { SparseConnectivity } from '@sparseprop/core';
import { LifModel } from '@sparseprop/model-lif';
import { IndexedDaryHeap } from '@sparseprop/queue-heap';
import { describe, expect, it } from 'vitest';
import { simulateWithInputs } from './input-forward.js';

describe('simulateWithInputs', () => {
  it('spikes triggered by input kicks, one per input time, are not runaway excitation (more of them than neurons)', () => {
    const model = new LifModel(2, 0.2);
    const connectivity = SparseConnectivity.fromEdges(2, [0, 1], [1, 0], [-0.01, -0.01]);
    const count = 20; // > N: the old counter never reset between input times and threw here
    const inputs = {
      times: Float64Array.from({ length: count }, (_, q) => 1e-3 * (q + 1)),
      targets: Int32Array.from({ length: count }, (_, q) => q % 2),
      channels: new Int32Array(count),
      weights: Float64Array.of(5), // every kick reaches threshold: the target spikes at the input's time
    };
    const train = simulateWithInputs(model, new IndexedDaryHeap(2, 2), connectivity, Float64Array.of(0, 0), 0.01, inputs, { maxTimeSeconds: 0.0205 });
    expect(train.length).toBe(count);
    for (let s = 0; s < count; s++) {
      expect(train.times[s]).toBeCloseTo(1e-3 * (s + 1), 15);
      expect(train.neurons[s]).toBe(s % 2);
    }
  });

  it('rejects missing limits and mismatched sizes', () => {
    const model = new LifModel(2, 0.2);
    const connectivity = SparseConnectivity.fromEdges(2, [0], [1], [-0.1]);
    expect(() => simulateWithInputs(model, new IndexedDaryHeap(2, 2), connectivity, Float64Array.of(0, 0), 0.01, undefined, {})).toThrow(/maxSpikes or maxTimeSeconds/);
    expect(() => simulateWithInputs(model, new IndexedDaryHeap(3, 2), connectivity, Float64Array.of(0, 0), 0.01, undefined, { maxSpikes: 1 })).toThrow(/queue.size/);
  });
});
