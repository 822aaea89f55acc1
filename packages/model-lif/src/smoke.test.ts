import { describe, expect, it } from 'vitest';
import { createContainer, composeSimulator, SpikeTrain } from '@sparseprop/core';
import { registerHeapQueues } from '@sparseprop/queue-binary';
import { registerLif } from './index.js';

describe('smoke', () => {
  it('runs', () => {
    const c = registerHeapQueues(registerLif(createContainer()));
    const { simulator } = composeSimulator({ n: 1000, k: 100 }, c);
    const rec = new SpikeTrain();
    const s = simulator.run({ maxSpikes: 10000, record: rec });
    console.log(s);
    const r = composeSimulator({ n: 1000, k: 100, reference: true }, c).simulator;
    const rec2 = new SpikeTrain();
    r.run({ maxSpikes: 10000, record: rec2 });
    let maxd = 0; let same = true;
    for (let q = 0; q < 10000; q++) { if (rec.neurons[q] !== rec2.neurons[q]) { same = false; console.log('diff at', q); break; } maxd = Math.max(maxd, Math.abs(rec.times[q] - rec2.times[q])); }
    console.log(same, maxd);
    expect(same).toBe(true);
  });
});
