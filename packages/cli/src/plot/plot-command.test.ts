import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readSpikeFile } from '@sparseprop/io';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../temp-dir.test-support.js';
import { capturedIo } from '../cli-io.js';
import { runCommand } from '../run/run-command.js';
import { plotCommand } from './plot-command.js';

const dir = tempDir('plot');
afterAll(dir.cleanup);

async function cli(argv: string[]) {
  const io = capturedIo(dir.path);
  const [command, ...rest] = argv;
  const code = await (command === 'plot' ? plotCommand : runCommand)(rest, io);
  return { code, out: io.out(), err: io.err() };
}

const NETWORK = ['--n', '400', '--k', '20', '--seed', '3', '--duration', '1.5'];

describe('spike files, statistics and figures from the command line', () => {
  it('--out picks CSV, NPZ or SONATA by extension; all three hold the same spikes', async () => {
    for (const file of ['s.csv', 's.npz', 's.h5']) expect((await cli(['run', ...NETWORK, '--out', file, '--quiet'])).code).toBe(0);
    const csv = await readSpikeFile(join(dir.path, 's.csv'));
    const npz = await readSpikeFile(join(dir.path, 's.npz'));
    const h5 = await readSpikeFile(join(dir.path, 's.h5'));
    expect(csv.times.length).toBeGreaterThan(500);
    expect(npz.times).toEqual(csv.times); // both exact
    expect(npz.neurons).toEqual(csv.neurons);
    expect(h5.neurons).toEqual(csv.neurons);
    // SONATA stores ms: x1000 and /1000 each round to nearest, so within 2 ulps (2^-51 relative)
    h5.times.forEach((t, i) => expect(Math.abs(t - csv.times[i])).toBeLessThanOrEqual(2 ** -51 * csv.times[i]));
    expect(npz.params).toMatchObject({ model: 'lif', n: 400, k: 20, seed: 3, stop: { kind: 'duration', seconds: 1.5 } });
    expect(h5.params).toEqual(npz.params);
    expect(npz.populations).toEqual([{ name: 'all', first: 0, count: 400 }]);
  });

  it('an E/I network keeps its populations: SONATA groups E and I, per-population statistics, colours in the figure', async () => {
    const brunel = ['--preset', 'brunel', '--n', '500', '--duration', '0.1'];
    expect((await cli(['run', ...brunel, '--out', 'ei.h5', '--plot', 'ei.svg', '--quiet'])).code).toBe(0);
    expect((await cli(['run', ...brunel, '--out', 'ei.csv', '--quiet'])).code).toBe(0);
    const h5 = await readSpikeFile(join(dir.path, 'ei.h5'));
    const csv = await readSpikeFile(join(dir.path, 'ei.csv'));
    expect(h5.populations).toEqual([{ name: 'E', first: 0, count: 400 }, { name: 'I', first: 400, count: 100 }]);
    // per population in order; read back merged by time (equal times in population order)
    for (const p of h5.populations) {
      const inP = (j: number) => j >= p.first && j < p.first + p.count;
      expect(Array.from(h5.neurons).filter(inP)).toEqual(Array.from(csv.neurons).filter(inP));
    }
    const json = JSON.parse((await cli(['run', ...brunel, '--json', '--quiet'])).out);
    expect(json.populations.map((p: { population: string; neurons: number }) => [p.population, p.neurons])).toEqual([['E', 400], ['I', 100]]);
    const svg = readFileSync(join(dir.path, 'ei.svg'), 'utf8');
    expect(svg).toContain('E (400 neurons)');
    expect(svg).toContain('I (100 neurons)');
  });

  it('the summary gives per-population statistics, in text and JSON', async () => {
    const text = await cli(['run', ...NETWORK]);
    expect(text.out).toMatch(/all \(400\)\s+[\d.]+ Hz, ISI CV [\d.]+ ± [\d.]+, Fano [\d.]+ \(100 ms windows\), χ [\d.]+ \(5 ms bins\)/);
    const json = JSON.parse((await cli(['run', ...NETWORK, '--json', '--quiet'])).out);
    const [all] = json.populations;
    expect(all).toMatchObject({ population: 'all', neurons: 400, spikes: json.spikes, fanoWindowSeconds: 0.1, fanoWindows: 15, synchronyBinSeconds: 0.005 });
    expect(all.meanRateHz).toBeCloseTo(json.rateHz, 12);
    expect(all.cvIsiMean).toBeGreaterThan(0);
  });

  it('run --plot and plot SPIKES draw the figure (SVG with labelled axes, PNG)', async () => {
    expect((await cli(['run', ...NETWORK, '--out', 'p.npz', '--plot', 'run.svg', '--quiet'])).code).toBe(0);
    const svg = readFileSync(join(dir.path, 'run.svg'), 'utf8');
    for (const label of ['time (s)', 'neuron index', 'rate per neuron (Hz)', 'ISI coefficient of variation', 'N = 400', 'K = 20', '1.5 s simulated']) expect(svg).toContain(label);
    const plotted = await cli(['plot', 'p.npz', '--out', 'p.png']);
    expect(plotted.code).toBe(0);
    expect(plotted.err).toMatch(/p\.png: [\d,]+ spikes of 400 neurons; raster 400 neurons/);
    expect(Array.from(readFileSync(join(dir.path, 'p.png')).subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('refuses, before running, outputs it cannot write; a plot of a non-spike file names the file and the reason', async () => {
    const before = dir.files();
    expect(await cli(['run', ...NETWORK, '--out', 'missing/s.npz'])).toMatchObject({ code: 2, err: expect.stringMatching(/cannot write the --out file missing\/s\.npz: /) });
    expect(await cli(['run', ...NETWORK, '--out', 's.parquet'])).toMatchObject({ code: 2, err: expect.stringMatching(/unknown spike file extension "\.parquet"; known: \.csv, \.npz, \.h5/) });
    expect(await cli(['run', ...NETWORK, '--plot', 'fig.pdf'])).toMatchObject({ code: 2, err: expect.stringMatching(/a figure must end in \.png or \.svg, got "\.pdf"/) });
    expect(await cli(['run', ...NETWORK, '--plot', 'missing/fig.png'])).toMatchObject({ code: 2, err: expect.stringMatching(/cannot write the --plot file missing\/fig\.png/) });
    expect(await cli(['run', ...NETWORK, '--out', '-', '--plot', 'x.svg', '--out', 'y.h5'])).toMatchObject({ code: 2 });
    expect(dir.files()).toEqual(before);
    writeFileSync(join(dir.path, 'edges.csv'), 'pre,post,weight\n0,1,0.5\n');
    writeFileSync(join(dir.path, 'notes.h5'), 'not hdf5\n');
    expect(await cli(['plot', 'edges.csv', '--out', 'e.png'])).toMatchObject({ code: 2, err: expect.stringMatching(/cannot plot edges\.csv: edges\.csv:1: not a spike CSV: expected the header "time_s,neuron", got "pre,post,weight"/) });
    expect(await cli(['plot', 'notes.h5', '--out', 'e.png'])).toMatchObject({ code: 2, err: expect.stringMatching(/cannot plot notes\.h5: not a SONATA spike file: no HDF5 signature/) });
    expect(await cli(['plot', 'package.json', '--out', 'e.png'])).toMatchObject({ code: 2, err: expect.stringMatching(/cannot plot package\.json: unknown spike file extension "\.json"/) });
    expect(await cli(['plot', 'edges.csv'])).toMatchObject({ code: 2, err: expect.stringMatching(/plot needs --out FIGURE/) });
  });
});
