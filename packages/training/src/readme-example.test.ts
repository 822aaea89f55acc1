import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { composeSimulator, createContainer, registerPlugins, SpikeTrain } from '@sparseprop/core';
import { lif } from '@sparseprop/model-lif';
import { binaryHeap } from '@sparseprop/queue-heap';
import { expect, it } from 'vitest';
import { squaredSpikeTimeError } from './losses.js';
import { spikeTimeGradients, trainingNetworkOf } from './spike-time-gradients.js';

it('the README gradient example runs as written', () => {
  const readme = readFileSync(resolve(import.meta.dirname, '../../../README.md'), 'utf8');
  const lines = [
    "const composed = composeSimulator({ model: 'lif', queue: 'binary', n: 1000, k: 100, seed: 1 }, container);",
    'composed.simulator.run({ maxSpikes: 1000, record: recorded });',
    'const loss = squaredSpikeTimeError(recorded, targetTimes);',
    'const grad = spikeTimeGradients(trainingNetworkOf(composed), recorded, loss.dLossDTimes);',
  ];
  for (const line of lines) expect(readme).toContain(line);

  const container = registerPlugins(createContainer(), lif, binaryHeap);
  const composed = composeSimulator({ model: 'lif', queue: 'binary', n: 1000, k: 100, seed: 1 }, container);
  const recorded = new SpikeTrain();
  composed.simulator.run({ maxSpikes: 1000, record: recorded });
  const targetTimes = recorded.times.map((t) => t + 1e-4); // every spike 0.1 ms late: L = ½ Σ (1e-4)²
  const loss = squaredSpikeTimeError(recorded, targetTimes);
  const grad = spikeTimeGradients(trainingNetworkOf(composed), recorded, loss.dLossDTimes);
  expect(loss.value).toBeCloseTo(0.5 * 1000 * 1e-8, 12);
  expect(grad.spikes).toBe(1000);
  expect(grad.weights).toBeUndefined(); // procedural network: one uniform weight
  expect(Number.isFinite(grad.uniformWeight) && grad.uniformWeight !== 0).toBe(true);
  expect(grad.initialPhases).toHaveLength(1000);
});
