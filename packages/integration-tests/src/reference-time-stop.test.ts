import { composeSimulator, createContainer, registerPlugins, SpikeTrain } from '@sparseprop/core';
import { lif } from '@sparseprop/model-lif';
import { qif } from '@sparseprop/model-qif';
import { describe, expect, it } from 'vitest';

const container = registerPlugins(createContainer(), lif, qif);

describe('the O(N) reference stopped at a time limit', () => {
  for (const model of ['lif', 'qif']) {
    it(`${model}: continues bit for bit as if it had never stopped, and reports the state at the limit`, () => {
      const config = { model, n: 300, k: 20, seed: 4, reference: true };
      const whole = composeSimulator(config, container).simulator;
      const full = new SpikeTrain();
      whole.run({ maxSpikes: 2000, record: full });

      const split = composeSimulator(config, container).simulator;
      const parts = new SpikeTrain();
      // stop between two spikes, many times over, then finish by spike count
      for (const s of [10, 11, 500, 1234]) {
        const limit = (full.times[s - 1] + full.times[s]) / 2;
        split.run({ maxTimeSeconds: limit, record: parts });
        expect(split.timeSeconds).toBe(limit);
        expect(parts.length).toBe(s);
      }
      split.run({ maxSpikes: 2000 - parts.length, record: parts });
      expect(Array.from(parts.neurons)).toEqual(Array.from(full.neurons));
      expect(Array.from(parts.times)).toEqual(Array.from(full.times)); // every bit

      // the phases reported at a time limit are the last spike's, advanced to the limit
      const probe = composeSimulator(config, container).simulator;
      probe.run({ maxSpikes: 100 });
      const atSpike = probe.phases(), spikeTime = probe.timeSeconds;
      const limit = (full.times[99] + full.times[100]) / 2;
      probe.run({ maxTimeSeconds: limit });
      const atLimit = probe.phases();
      const omega = composeSimulator(config, container).model.omega(0);
      const advance = ((limit - spikeTime) / 0.01) * omega; // tau defaults to 0.01 s
      for (let i = 0; i < 300; i++) expect(Math.abs(atLimit[i] - (atSpike[i] + advance))).toBeLessThan(1e-12); // a few ulps of O(1) phases
    });
  }
});
