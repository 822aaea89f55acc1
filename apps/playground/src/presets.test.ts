import { composeSimulator, registeredModels, registeredQueues, SpikeTrain } from '@sparseprop/core';
import { NetworkSimulator } from '@sparseprop/core/plugin';
import { compileNetwork } from '@sparseprop/network';
import { describe, expect, it } from 'vitest';
import { createPlaygroundContainer } from './plugins.js';
import { PRESETS } from './presets.js';
import { checkSettings, simulationConfig } from './settings.js';

const container = createPlaygroundContainer();

describe('PRESETS', () => {
  it('have unique ids, and the first is the reference network', () => {
    expect(new Set(PRESETS.map((p) => p.id)).size).toBe(PRESETS.length);
    expect(PRESETS[0]).toMatchObject({ kind: 'plain', id: 'reference', settings: { n: 100_000, k: 100, j0: 1, rate: 1, tau: 0.01, seed: 1 } });
  });

  for (const preset of PRESETS) {
    it(`${preset.label}: builds with the page's plugins and runs`, () => {
      const train = new SpikeTrain();
      if (preset.kind === 'plain') {
        expect(checkSettings(preset.settings)).toEqual([]);
        // the same settings at a test-sized N: every choice they name is registered
        composeSimulator({ ...simulationConfig(preset.settings), n: 2000, k: 50 }, container).simulator.run({ maxSpikes: 200, record: train });
      } else {
        const values = Object.fromEntries(preset.parameters.map((p) => [p.key, p.default]));
        const { network } = compileNetwork(preset.build({ ...values, n: 500 }), { models: registeredModels(container) });
        const queue = registeredQueues(container).find((q) => q.name === '32-ary')!;
        new NetworkSimulator(network, queue.create(network.size)).run({ maxSpikes: 200, record: train });
      }
      expect(train.length).toBe(200);
    });
  }
});
