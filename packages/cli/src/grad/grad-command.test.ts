import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeSimulator, SparseConnectivity, SpikeTrain } from '@sparseprop/core';
import { spikeTimeGradients, squaredSpikeTimes, trainingNetworkOf } from '@sparseprop/training';
import { afterAll, describe, expect, it } from 'vitest';
import { capturedIo } from '../cli-io.js';
import { tempDir } from '../temp-dir.test-support.js';
import { createCliContainer } from '../plugins.js';
import { gradCommand } from './grad-command.js';

const dir = tempDir('grad');
afterAll(() => dir.cleanup());

// a 12-neuron inhibitory network, 3 targets each, and its initial phases
const n = 12;
const edges = ['pre,post,weight'];
for (let j = 0; j < n; j++) for (const d of [1, 4, 7]) edges.push(`${j},${(j + d) % n},${-0.05 - 0.01 * ((j * d) % 5)}`);
writeFileSync(join(dir.path, 'edges.csv'), `${edges.join('\n')}\n`);
const phases = Array.from({ length: n }, (_, i) => 0.05 + (0.9 * ((i * 7) % n)) / n);
writeFileSync(join(dir.path, 'phases.csv'), `${phases.join('\n')}\n`);

function parse(path: string): string[][] {
  return readFileSync(path, 'utf8').trim().split('\n').map((l) => l.split(','));
}

describe('sparseprop grad', () => {
  it('writes pre,post,dL_dweight and neuron,dL_dphase0 equal to the library on the same network, and L = Σ t²/2 over the first M spikes', async () => {
    const io = capturedIo(dir.path);
    const args = ['--network', 'edges.csv', '--init', 'phases.csv', '--spikes', '40', '--iext', '0.3', '--out', 'grad.csv', '--out-phases', 'pgrad.csv', '--json'];
    expect(await gradCommand(args, io)).toBe(0);
    const summary = JSON.parse(io.out());
    expect(summary.spikes).toBe(40);
    expect(summary.maxReplayDeviationS).toBeLessThan(1e-12);

    const connectivity = SparseConnectivity.fromCsv(readFileSync(join(dir.path, 'edges.csv'), 'utf8'));
    const composed = composeSimulator({ n, iext: 0.3, connectivity, initialPhases: Float64Array.from(phases) }, createCliContainer());
    const train = new SpikeTrain();
    composed.simulator.run({ maxSpikes: 40, record: train });
    const loss = squaredSpikeTimes(train, 40);
    expect(summary.lossValue).toBe(loss.value);
    const expected = spikeTimeGradients(trainingNetworkOf(composed), train, loss.dLossDTimes);

    const rows = parse(join(dir.path, 'grad.csv'));
    expect(rows[0]).toEqual(['pre', 'post', 'dL_dweight']);
    expect(rows).toHaveLength(1 + 3 * n);
    for (let e = 0; e < 3 * n; e++) {
      const [pre, post, g] = rows[e + 1].map(Number);
      expect(post).toBe(connectivity.post[e]);
      expect(pre).toBe(Math.floor(e / 3));
      expect(g).toBe(expected.weights![e]); // full precision, same computation
    }
    const phaseRows = parse(join(dir.path, 'pgrad.csv'));
    expect(phaseRows[0]).toEqual(['neuron', 'dL_dphase0']);
    for (let i = 0; i < n; i++) expect(Number(phaseRows[i + 1][1])).toBe(expected.initialPhases[i]);
  });

  it('refuses a missing --network or --spikes, and an unknown loss, writing nothing', async () => {
    const io = capturedIo(dir.path);
    expect(await gradCommand(['--spikes', '10', '--out', 'x.csv'], io)).toBe(2);
    expect(io.err()).toMatch(/--network/);
    const io2 = capturedIo(dir.path);
    expect(await gradCommand(['--network', 'edges.csv', '--out', 'x.csv'], io2)).toBe(2);
    expect(io2.err()).toMatch(/--spikes/);
    const io3 = capturedIo(dir.path);
    expect(await gradCommand(['--network', 'edges.csv', '--spikes', '10', '--loss', 'bogus', '--out', 'x.csv'], io3)).toBe(2);
    expect(io3.err()).toMatch(/--loss/);
    expect(dir.files()).not.toContain('x.csv');
  });
});
