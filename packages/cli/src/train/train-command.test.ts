import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SparseConnectivity } from '@sparseprop/core';
import { afterAll, describe, expect, it } from 'vitest';
import { capturedIo } from '../cli-io.js';
import { tempDir } from '../temp-dir.test-support.js';
import { trainCommand } from './train-command.js';

const dir = tempDir('train');
afterAll(() => dir.cleanup());

const task = (outDir: string, epochs: number) => ({
  task: 'ou-tracking',
  network: { n: 20, k: 4, signals: 2, trialSeconds: 0.03, burnInSeconds: 0.005, inputRateHz: 200 },
  training: { epochs, batchSize: 2, testBatchSize: 2, learningRate: 0.003, clipNorm: 1, statsEvery: 1 },
  outDir,
});

describe('sparseprop train', () => {
  it('writes metrics, the trained network (an edge CSV run --network reads), weights, checkpoint and figures; resume == straight', async () => {
    writeFileSync(join(dir.path, 'straight.json'), JSON.stringify(task('straight', 4)));
    writeFileSync(join(dir.path, 'half.json'), JSON.stringify(task('half', 2)));
    const io = capturedIo(dir.path);
    expect(await trainCommand(['straight.json', '--json'], io)).toBe(0);
    const summary = JSON.parse(io.out());
    expect(summary.epochs).toBe(4);
    expect(Number.isFinite(summary.after.testNormalizedMse)).toBe(true);
    for (const file of ['metrics.csv', 'metrics.json', 'network.csv', 'input-weights.csv', 'readout-weights.csv', 'checkpoint.json', 'loss.png', 'weights.png', 'statistics.png']) {
      expect(existsSync(join(dir.path, 'straight', file))).toBe(true);
    }
    expect(readFileSync(join(dir.path, 'straight', 'metrics.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 5); // header, epochs 0..4
    const trained = SparseConnectivity.fromCsv(readFileSync(join(dir.path, 'straight', 'network.csv'), 'utf8'));
    expect(trained.size).toBe(20);
    expect(trained.weight.every((w) => w <= 0)).toBe(true); // Dale: inhibitory stays inhibitory

    expect(await trainCommand(['half.json', '-q'], capturedIo(dir.path))).toBe(0);
    expect(await trainCommand(['half.json', '-q', '--epochs', '4', '--resume', 'half/checkpoint.json'], capturedIo(dir.path))).toBe(0);
    expect(readFileSync(join(dir.path, 'half', 'network.csv'), 'utf8')).toBe(readFileSync(join(dir.path, 'straight', 'network.csv'), 'utf8'));
  }, 60_000);

  it('names the bad key of a task file', async () => {
    writeFileSync(join(dir.path, 'bad.json'), JSON.stringify({ ...task('bad', 1), training: { epochs: 1, learningRate: -1 } }));
    const io = capturedIo(dir.path);
    expect(await trainCommand(['bad.json'], io)).toBe(2);
    expect(io.err()).toMatch(/training\.learningRate/);
  });
});
