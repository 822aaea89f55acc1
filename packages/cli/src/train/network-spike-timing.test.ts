import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { capturedIo } from '../cli-io.js';
import { createCliContainer } from '../plugins.js';
import { runCommand } from '../run/run-command.js';
import { tempDir } from '../temp-dir.test-support.js';
import { trainCommand } from './train-command.js';

const dir = tempDir('train-network-config');
afterAll(() => dir.cleanup());
const container = createCliContainer();

// a network config in its own folder with a spike file beside it: the task file names it relative to itself
mkdirSync(join(dir.path, 'nets', 'data'), { recursive: true });
writeFileSync(join(dir.path, 'nets', 'data', 'x.csv'), 'time_s,neuron\n0.001,0\n0.003,1\n0.006,2\n0.008,0\n0.012,1\n0.016,2\n');
writeFileSync(
  join(dir.path, 'nets', 'net.json'),
  JSON.stringify({
    tau: 0.01,
    seed: 2,
    populations: {
      E: { size: 8, model: 'lif', iext: 0.2, refractory: 0.002, initVoltage: { uniform: { min: 0, max: 0.5 } } },
      I: { size: 3, model: 'lif', iext: 0.1, refractory: 0.001 },
      X: { size: 3, source: { spikes: 'data/x.csv' } },
    },
    projections: [
      { from: 'E', to: 'I', inDegree: 3, weight: 0.04, delay: 0.001 },
      { from: 'I', to: 'E', inDegree: 2, weight: -0.06, delay: 0.0005 },
      { from: 'X', to: 'E', probability: 0.5, weight: 0.05, delay: 0.001 },
    ],
  }),
);
const task = {
  task: 'network-spike-timing',
  network: { config: 'nets/net.json', trialSeconds: 0.04, outputs: [0, 1], targetsSeconds: [0.012, 0.018] },
  training: { epochs: 40, batchSize: 1, testBatchSize: 1, learningRate: 0.001, clipNorm: 1 },
  outDir: 'out',
};

describe('sparseprop train: network-spike-timing (a network config of your own)', () => {
  it('trains, reports the network engine, and writes a trained-network.json that sparseprop run reproduces', async () => {
    writeFileSync(join(dir.path, 'task.json'), JSON.stringify(task));
    const io = capturedIo(dir.path);
    expect(await trainCommand(['task.json', '--json'], io, { container })).toBe(0);
    const summary = JSON.parse(io.out());
    expect(summary.forwardEngines.network).toBeGreaterThan(40);
    expect(summary.after.testLoss).toBeLessThan(summary.before.testLoss);

    // the trained network through `sparseprop run --config`: the outputs' first spikes are the task's final ones
    const runIo = capturedIo(dir.path, false);
    expect(await runCommand(['--config', 'out/trained-network.json', '--duration', '0.04', '--out', 'rerun.csv', '--quiet'], runIo, { container })).toBe(0);
    const first = new Map<number, number>();
    for (const line of readFileSync(join(dir.path, 'rerun.csv'), 'utf8').trim().split('\n').slice(1)) {
      const [t, i] = line.split(',').map(Number);
      if (!first.has(i)) first.set(i, t);
    }
    // the task starts from voltage(phase(v0)), a few ulps from the config's v0: times agree to rounding
    expect(Math.abs(first.get(0)! - summary.after.evaluation.firstSpikeSeconds_0)).toBeLessThan(1e-12);
    expect(Math.abs(first.get(1)! - summary.after.evaluation.firstSpikeSeconds_1)).toBeLessThan(1e-12);
  });

  it('names a missing network config file and an output that is a source neuron', async () => {
    writeFileSync(join(dir.path, 'missing.json'), JSON.stringify({ ...task, network: { ...task.network, config: 'nets/nope.json' } }));
    const io = capturedIo(dir.path);
    expect(await trainCommand(['missing.json'], io, { container })).toBe(2);
    expect(io.err()).toMatch(/nope\.json/);
    writeFileSync(join(dir.path, 'source-output.json'), JSON.stringify({ ...task, network: { ...task.network, outputs: [0, 12] } }));
    const io2 = capturedIo(dir.path);
    expect(await trainCommand(['source-output.json'], io2, { container })).toBe(2);
    expect(io2.err()).toMatch(/network\.outputs\.1/);
  });
});
