import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { capturedIo, createCliContainer, main } from '@sparseprop/cli';
import { composeSimulator, registeredEngines, registeredModels, registeredQueues, SpikeTrain } from '@sparseprop/core';
import { describe, expect, it } from 'vitest';
import { createPlaygroundContainer } from './plugins.js';
import { spikeCsvParts } from './spike-csv.js';
import { spikeDigest } from './spike-digest.js';

describe('the page composes and writes as sparseprop run does', () => {
  it('registers the CLI plugins in the same order', () => {
    const page = createPlaygroundContainer(), cli = createCliContainer();
    expect(registeredModels(page).map((p) => p.name)).toEqual(registeredModels(cli).map((p) => p.name));
    expect(registeredQueues(page).map((p) => p.name)).toEqual(registeredQueues(cli).map((p) => p.name));
    expect(registeredEngines(page).map((p) => p.name)).toEqual(registeredEngines(cli).map((p) => p.name));
  });

  for (const flags of [[], ['--model', 'qif'], ['--eta', '0.2'], ['--engine', 'js', '--queue', 'binary']]) {
    it(`the CSV of a library run with the page's plugins equals the file of sparseprop run ${flags.join(' ')}`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'playground-csv-'));
      try {
        const out = join(dir, 'x.csv');
        const code = await main(['run', '--n', '2000', '--k', '50', '--spikes', '3000', '--seed', '11', ...flags, '--out', out, '--quiet'], capturedIo(dir));
        expect(code).toBe(0);
        const options: Record<string, string | number> = {};
        for (let f = 0; f < flags.length; f += 2) options[flags[f].slice(2)] = flags[f] === '--eta' ? Number(flags[f + 1]) : flags[f + 1];
        const train = new SpikeTrain();
        composeSimulator({ n: 2000, k: 50, seed: 11, ...options }, createPlaygroundContainer()).simulator.run({ maxSpikes: 3000, record: train });
        expect(spikeCsvParts(train.times, train.neurons, train.length).join('')).toBe(readFileSync(out, 'utf8'));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});

describe('spikeDigest', () => {
  it('changes when one time moves by one ulp or one neuron index changes, and only reads `count` spikes', () => {
    const times = Float64Array.from([0.001, 0.002, 0.003]);
    const neurons = Int32Array.from([4, 5, 6]);
    const base = spikeDigest(times, neurons, 3);
    expect(spikeDigest(times.slice(), neurons.slice(), 3)).toBe(base);
    const nudged = times.slice();
    nudged[1] = 0.002 + 2 ** -61; // the next double above 0.002
    expect(nudged[1]).not.toBe(0.002);
    expect(spikeDigest(nudged, neurons, 3)).not.toBe(base);
    expect(spikeDigest(times, Int32Array.from([4, 6, 5]), 3)).not.toBe(base);
    expect(spikeDigest(times, neurons, 2)).not.toBe(base);
    expect(spikeDigest(Float64Array.from([0.001, 0.002, 0.003, 9]), Int32Array.from([4, 5, 6, 1]), 3)).toBe(base);
  });
});
