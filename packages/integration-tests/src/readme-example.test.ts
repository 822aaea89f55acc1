import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { composeSimulator, createContainer, registerPlugins, SpikeTrain } from '@sparseprop/core';
import { lif } from '@sparseprop/model-lif';
import { binaryHeap } from '@sparseprop/queue-heap';
import { expect, it } from 'vitest';

it('the README library example runs as written', () => {
  const readme = readFileSync(resolve(import.meta.dirname, '../../../README.md'), 'utf8');
  expect(readme).toContain("composeSimulator({ model: 'lif', queue: 'binary', n: 10_000, k: 100, seed: 1 }, container)");
  const container = registerPlugins(createContainer(), lif, binaryHeap);
  const { simulator } = composeSimulator({ model: 'lif', queue: 'binary', n: 10_000, k: 100, seed: 1 }, container);
  const spikes = new SpikeTrain();
  const summary = simulator.run({ maxSpikes: 100_000, record: spikes });
  expect(spikes.length).toBe(100_000);
  expect(summary.rateHz).toBeGreaterThan(3);
  expect(spikes.times[0]).toBeGreaterThan(0);
  for (let s = 1; s < spikes.length; s++) expect(spikes.times[s]).toBeGreaterThanOrEqual(spikes.times[s - 1]);
});
