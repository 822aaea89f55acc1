import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capturedIo, main } from '@sparseprop/cli';
import { composeSimulator, SpikeTrain } from '@sparseprop/core';
import { readSpikeNpz } from '@sparseprop/io';
import { describe, expect, it } from 'vitest';
import { createPlaygroundContainer } from './plugins.js';
import { spikeNpzBytes } from './spike-npz.js';

describe('spikeNpzBytes', () => {
  it('writes an archive @sparseprop/io reads back as the spikes of sparseprop run --out x.npz', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'playground-npz-'));
    try {
      const cliPath = join(dir, 'cli.npz');
      expect(await main(['run', '--n', '1500', '--k', '40', '--spikes', '2500', '--seed', '9', '--out', cliPath, '--quiet'], capturedIo(dir))).toBe(0);
      const train = new SpikeTrain();
      composeSimulator({ n: 1500, k: 40, seed: 9 }, createPlaygroundContainer()).simulator.run({ maxSpikes: 2500, record: train });
      const pagePath = join(dir, 'page.npz');
      writeFileSync(pagePath, spikeNpzBytes(train.times, train.neurons, train.length, { neurons: 1500, populations: [{ name: 'all', first: 0, count: 1500 }], params: { seed: 9 } }));
      const page = readSpikeNpz(pagePath), cli = readSpikeNpz(cliPath);
      expect(Array.from(page.times)).toEqual(Array.from(cli.times));
      expect(Array.from(page.neurons)).toEqual(Array.from(cli.neurons));
      expect(page.neuronCount).toBe(cli.neuronCount);
      expect(page.populations).toEqual(cli.populations);
      expect(page.params).toEqual({ seed: 9 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps only the first `count` spikes and E/I populations', () => {
    const dir = mkdtempSync(join(tmpdir(), 'playground-npz-'));
    try {
      const path = join(dir, 'x.npz');
      const populations = [{ name: 'E', first: 0, count: 8 }, { name: 'I', first: 8, count: 2 }];
      writeFileSync(path, spikeNpzBytes(Float64Array.from([0.1, 0.2, 0.3]), Int32Array.from([9, 0, 5]), 2, { neurons: 10, populations, params: {} }));
      const read = readSpikeNpz(path);
      expect(Array.from(read.times)).toEqual([0.1, 0.2]);
      expect(Array.from(read.neurons)).toEqual([9, 0]);
      expect(read.populations).toEqual(populations);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
