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

  it('with --delay and --refractory: the network engine runs the forward, and dL/dweight equals central differences of the loss grad itself reports', async () => {
    const run = async (edgesFile: string, extra: string[] = []) => {
      const io = capturedIo(dir.path);
      const code = await gradCommand(['--network', edgesFile, '--init', 'phases.csv', '--spikes', '40', '--iext', '0.3', '--delay', '0.0015', '--refractory', '0.002', '--json', ...extra], io);
      expect(code).toBe(0);
      return JSON.parse(io.out()); // the CSVs go to files, the summary to stdout
    };
    const base = await run('edges.csv', ['--out', 'dgrad.csv']);
    expect(base.engine).toBe('network');
    expect(base.gradientPath).toBe('delayed');
    expect(base.maxReplayDeviationS).toBeLessThan(1e-9); // phase-space replay of the voltage-space engine: rounding only
    const rows = parse(join(dir.path, 'dgrad.csv'));
    const plain = parse(join(dir.path, 'grad.csv'));
    expect(rows.slice(1).some((r, e) => r[2] !== plain[e + 1][2])).toBe(true); // delays and refractoriness change the gradient
    const lines = readFileSync(join(dir.path, 'edges.csv'), 'utf8').trim().split('\n');
    const lossAt = async (synapse: number, delta: number) => {
      const moved = lines.map((line, k) => {
        if (k !== synapse + 1) return line;
        const [pre, post, w] = line.split(',');
        return `${pre},${post},${Number(w) + delta}`;
      });
      writeFileSync(join(dir.path, 'moved.csv'), `${moved.join('\n')}\n`);
      return (await run('moved.csv', ['--out', 'moved-grad.csv'])).lossValue as number;
    };
    const h = 1e-6;
    let checked = 0;
    for (const synapse of [0, 5, 17, 30]) {
      const [plus, minus, halfPlus, halfMinus] = [await lossAt(synapse, h), await lossAt(synapse, -h), await lossAt(synapse, h / 2), await lossAt(synapse, -h / 2)];
      const coarse = (plus - minus) / (2 * h), fine = (halfPlus - halfMinus) / h;
      // L = Σ t²/2 over 40 spikes (t ≲ 0.1 s) is rounded to ~1e-16 per spike: 4e-15 / (h/2) ≈ 1e-8; the truncation
      // error of the h/2 estimate is about a third of |coarse − fine| (O(h²)); a spike reordering would break both
      const bound = 2 * Math.abs(coarse - fine) + 4e-15 / (h / 2);
      expect(Math.abs(Number(rows[synapse + 1][2]) - fine)).toBeLessThanOrEqual(bound);
      checked++;
    }
    expect(checked).toBe(4);
  }, 20_000);

  it('refuses a negative --delay and a model without voltage dynamics, naming them', async () => {
    const io = capturedIo(dir.path);
    expect(await gradCommand(['--network', 'edges.csv', '--spikes', '10', '--iext', '0.3', '--delay', '-1', '--out', 'y.csv'], io)).toBe(2);
    expect(io.err()).toMatch(/--delay expects a finite number of seconds ≥ 0, got -1/);
    const io2 = capturedIo(dir.path);
    expect(await gradCommand(['--network', 'edges.csv', '--spikes', '10', '--model', 'eif', '--iext', '1.2', '--refractory', '0.001', '--out', 'y.csv'], io2)).toBe(2);
    expect(io2.err()).toMatch(/model.*voltage dynamics/);
    expect(dir.files()).not.toContain('y.csv');
  });
});
