import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { capturedIo } from '../cli-io.js';
import { tempDir } from '../temp-dir.test-support.js';
import { sweepCommand } from './sweep-command.js';

const dir = tempDir('sweep-command');
afterAll(dir.cleanup);

async function sweep(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const io = capturedIo(dir.path);
  const code = await sweepCommand(argv, io, { env });
  return { code, out: io.out(), err: io.err() };
}

function write(name: string, value: unknown): string {
  writeFileSync(join(dir.path, name), typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  return name;
}

describe('sparseprop sweep: invalid input', () => {
  it.each([
    [[], 'sparseprop: error: missing the sweep file: sparseprop sweep SWEEP.json (see sparseprop sweep --help)\n'],
    [['a.json', 'b.json'], 'sparseprop: error: unexpected argument "b.json": sparseprop sweep takes one sweep file\n'],
    [['a.json', '--workers', '0'], 'sparseprop: error: --workers expects an integer ≥ 1, got "0"\n'],
    [['a.json', '--task-index', '1.5', '--task-count', '2'], 'sparseprop: error: --task-index expects an integer ≥ 0, got "1.5"\n'],
    [['a.json', '--colour'], /^sparseprop: error: Unknown option '--colour' \(see sparseprop sweep --help\)\n$/],
    [['merge'], 'sparseprop: error: sparseprop sweep merge takes one directory: sparseprop sweep merge DIR\n'],
    [['merge', 'd', '--workers', '2'], 'sparseprop: error: --workers is not used by sparseprop sweep merge\n'],
    [['missing.json'], 'sparseprop: error: cannot read the sweep file missing.json: no such file or directory\n'],
    [['merge', 'nowhere'], 'sparseprop: error: cannot merge nowhere: it has no sweep.json: not a sweep directory (sparseprop sweep SWEEP.json --out nowhere makes one)\n'],
  ])('%j: one error line, exit 2', async (argv, message) => {
    const { code, out, err } = await sweep(argv as string[]);
    expect(code).toBe(2);
    expect(out).toBe('');
    if (typeof message === 'string') expect(err).toBe(message);
    else expect(err).toMatch(message);
  });

  it('a schema error names the file and JSON path; nothing is created', async () => {
    const file = write('bad-grid.json', { base: { preset: 'brunel', n: 100 }, grid: { g: [3, 5], eta: 'two' }, run: { duration: 0.1 } });
    const { code, err } = await sweep([file]);
    expect(code).toBe(2);
    expect(err).toBe('sparseprop: error: bad-grid.json: grid.eta must be an array of numbers or strings, got "two"\n');
    expect(existsSync(join(dir.path, 'bad-grid.sweep'))).toBe(false);
  });

  it('duplicate keys and JSON syntax errors name the line', async () => {
    const file = write('dup.json', '{\n "run": {"spikes": 10},\n "grid": {"k": [1]},\n "run": {"spikes": 20}\n}');
    const { code, err } = await sweep([file]);
    expect(code).toBe(2);
    expect(err).toMatch(/^sparseprop: error: dup.json:4: .*"run"/);
  });

  it('a network-config sweep checks every point as a network config before running any', async () => {
    const base = {
      populations: { E: { size: 40, model: 'lif', iext: 1.2 } },
      projections: [{ from: 'E', to: 'E', outDegree: 4, weight: -0.1 }],
      inputs: [{ poisson: { to: ['E'], rate: 100, count: 2, weight: 0.01 } }],
    };
    const file = write('net.json', { base, grid: { 'inputs.0.poisson.rate': [100, -1] }, zip: { 'projections.0.weight': [-0.1, -0.2] }, run: { duration: 0.1 } });
    const { code, err } = await sweep([file]);
    expect(code).toBe(2);
    expect(err).toBe('sparseprop: error: net.json: point 2 (inputs.0.poisson.rate=-1, projections.0.weight=-0.1): inputs.0.poisson.rate must be a finite number ≥ 0, got -1\n');
    expect(existsSync(join(dir.path, 'net.sweep'))).toBe(false);
  });

  it('a share outside the count, from the environment, is refused before anything is written', async () => {
    const file = write('ok.json', { base: { preset: 'reference', n: 100, k: 10 }, grid: { rate: [1, 2] }, run: { spikes: 100 } });
    const { code, err } = await sweep([file], { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '2' });
    expect(code).toBe(2);
    expect(err).toBe('sparseprop: error: SLURM_ARRAY_TASK_ID 3 is outside the 2 shares: expected an index in [0, 1]\n');
    expect(existsSync(join(dir.path, 'ok.sweep'))).toBe(false);
  });

  it('an output directory that cannot be created is named (and /proc does not hang, as mkdir -p in Node 20 does)', async () => {
    const file = write('ok2.json', { base: { preset: 'reference', n: 100, k: 10 }, grid: { rate: [1, 2] }, run: { spikes: 100 } });
    write('plain-file', 'x');
    expect(await sweep([file, '--out', '/proc/sparseprop-sweep'])).toEqual({ code: 2, out: '', err: 'sparseprop: error: cannot create the sweep directory /proc/sparseprop-sweep: no such file or directory\n' });
    expect(await sweep([file, '--out', 'plain-file/sub'])).toEqual({ code: 2, out: '', err: 'sparseprop: error: cannot create the sweep directory plain-file/sub: a component of the path is not a directory\n' });
  });
});

describe('sparseprop sweep: points on worker threads', { timeout: 60_000 }, () => {
  it('a point that fails stops the sweep naming the point (exit 2); finished points keep their results', async () => {
    const file = write('fails.json', { base: { preset: 'brunel', n: 100 }, grid: { g: [5, -1] }, run: { duration: 0.05 }, seed: 2 });
    const { code, err } = await sweep([file, '--workers', '1']);
    expect(code).toBe(2);
    expect(err).toMatch(/^sweep fails.json: 2 points; 0 done before, 2 to run on 1 worker -> fails.sweep\n\[1\/2\] point 0 \(g=5\): \d+ spikes/);
    expect(err).toMatch(/\nsparseprop: error: point 1 \(g=-1\): brunel.g must be a finite number ≥ 0, got -1\n$/);
    expect(existsSync(join(dir.path, 'fails.sweep/points/point-000000.json'))).toBe(true);
    expect(existsSync(join(dir.path, 'fails.sweep/table.csv'))).toBe(false);
  });

  it('a directory holding another sweep is refused; statistics and figure may change on a resumed sweep', async () => {
    const file = write('one.json', { base: { preset: 'reference', n: 100, k: 10 }, grid: { rate: [1, 2, 4] }, run: { spikes: 500 }, statistics: ['meanRateHz'] });
    const first = await sweep([file, '--out', 'shared-dir', '-q']);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toBe('table: shared-dir/table.csv, shared-dir/table.json (3 of 3 points)\nfigure: shared-dir/figure.png (line of all meanRateHz, 3 points)\n');
    expect(readFileSync(join(dir.path, 'shared-dir/table.csv'), 'utf8').split('\n')[0]).toBe('point,rate,seed,neurons,spikes,simulatedSeconds,rateHz,all.meanRateHz');

    const changed = write('one.json', { base: { preset: 'reference', n: 100, k: 10 }, grid: { rate: [1, 2, 4] }, run: { spikes: 500 }, statistics: ['meanRateHz', 'fano'], figure: { statistic: 'fano' } });
    const resumed = await sweep([changed, '--out', 'shared-dir']);
    expect(resumed.code).toBe(0);
    expect(resumed.err).toBe('sweep one.json: 3 points; 3 done before, 0 to run -> shared-dir\n');
    expect(readFileSync(join(dir.path, 'shared-dir/table.csv'), 'utf8').split('\n')[0]).toBe('point,rate,seed,neurons,spikes,simulatedSeconds,rateHz,all.meanRateHz,all.fano');

    const other = write('other.json', { base: { preset: 'reference', n: 100, k: 10 }, grid: { rate: [1, 2, 4] }, run: { spikes: 501 } });
    const refused = await sweep([other, '--out', 'shared-dir']);
    expect(refused.code).toBe(2);
    expect(refused.err).toBe('sparseprop: error: cannot use the sweep directory shared-dir: it holds results of another sweep (one.json; base, grid, zip, run or seed differ): give another --out or delete it\n');
  });
});
