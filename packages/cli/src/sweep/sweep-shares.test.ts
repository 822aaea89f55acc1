import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../temp-dir.test-support.js';
import { capturedIo } from '../cli-io.js';
import { runCommand } from '../run/run-command.js';
import { sweepCommand } from './sweep-command.js';
import { sparseprop } from './sweep-process.test-support.js';

const dir = tempDir('sweep-shares');
afterAll(dir.cleanup);

// 6 small reference networks (n × k × j0), 2000 spikes each: a point takes milliseconds, a process ~2 s of start-up
const sweep = { description: 'shares test', base: { preset: 'reference', n: 300 }, grid: { k: [10, 20, 30] }, zip: { j0: [1, 2], rate: [1, 3] }, run: { spikes: 2000 }, seed: 11 };
writeFileSync(join(dir.path, 'sweep.json'), JSON.stringify(sweep));
const read = (path: string) => readFileSync(join(dir.path, path), 'utf8');

/** `sparseprop ...argv` in this process (merges and the single run need no separate process). */
async function inProcess(command: 'sweep' | 'run', argv: string[], env: NodeJS.ProcessEnv = {}) {
  const io = capturedIo(dir.path);
  const code = command === 'sweep' ? await sweepCommand(argv, io, { env }) : await runCommand(argv, io);
  return { code, out: io.out(), err: io.err() };
}

// the one-machine sweep runs in this process (on worker threads), the two shares as separate processes, all
// at once; each process pays tsx start-up in its main thread and in its worker
describe.concurrent('sparseprop sweep across processes', { timeout: 60_000 }, () => {
  it('the merged table of two shares (separate processes, flags and SLURM variables) equals the one-machine table byte for byte', async () => {
    const [whole, share0, share1] = await Promise.all([
      inProcess('sweep', ['sweep.json', '--out', 'whole', '--workers', '2']),
      sparseprop(['sweep', 'sweep.json', '--out', 'shared', '--task-index', '0', '--task-count', '2', '--workers', '1'], dir.path),
      sparseprop(['sweep', 'sweep.json', '--out', 'shared', '--workers', '1'], dir.path, { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '2' }),
    ]);
    expect(whole.err).toMatch(/^sweep sweep.json: 6 points; 0 done before, 6 to run on 2 workers -> whole\n/);
    expect(whole.code).toBe(0);
    expect(whole.out).toBe('table: whole/table.csv, whole/table.json (6 of 6 points)\nfigure: whole/figure.png (heatmap of all meanRateHz, 6 cells)\n');
    expect(share0.code).toBe(0);
    expect(share0.err).toMatch(/share 0 of 2 \(--task-index\): 3 of 6 points/);
    expect(share1.code).toBe(0);
    expect(share1.err).toMatch(/share 1 of 2 \(SLURM_ARRAY_TASK_ID\): 3 of 6 points/);
    expect(share1.out).toBe('share 1 of 2 done (3 points in shared); when every share is done: sparseprop sweep merge shared\n');
    expect(readdirSync(join(dir.path, 'shared'))).toEqual(['points', 'sweep.json']); // shares write no table

    const merged = await inProcess('sweep', ['merge', 'shared']);
    expect(merged.err).toBe('');
    expect(merged.code).toBe(0);
    expect(read('shared/table.csv')).toBe(read('whole/table.csv'));
    expect(read('shared/table.json')).toBe(read('whole/table.json'));

    // the table: one row per point in order, parameters, seeds, statistics per population
    const lines = read('whole/table.csv').trimEnd().split('\n');
    expect(lines[0]).toBe('point,k,j0,rate,seed,neurons,spikes,simulatedSeconds,rateHz,all.meanRateHz,all.cvIsiMean,all.fano,all.synchronyChi');
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 4).join(','))).toEqual(['0,10,1,1', '1,10,2,3', '2,20,1,1', '3,20,2,3', '4,30,1,1', '5,30,2,3']);
    const rows = JSON.parse(read('whole/table.json')) as Record<string, number>[];
    expect(rows.map((r) => r.spikes)).toEqual([2000, 2000, 2000, 2000, 2000, 2000]);
    expect(new Set(rows.map((r) => r.seed)).size).toBe(6);
    for (const r of rows) expect(r['all.meanRateHz']).toBeCloseTo(r.rateHz, 12); // one population: its rate is the network's (sum order differs)

    // a point equals `sparseprop run --json` with the point's settings and seed
    const point3 = JSON.parse(read('whole/points/point-000003.json'));
    const run = await inProcess('run', ['--preset', 'reference', '--n', '300', '--k', '20', '--j0', '2', '--rate', '3', '--seed', String(point3.seed), '--spikes', '2000', '--json']);
    const { wallSeconds: _a, nsPerSpike: _b, ...fromRun } = JSON.parse(run.out);
    const { wallSeconds: _c, nsPerSpike: _d, ...fromSweep } = point3.summary;
    expect(fromSweep).toEqual(fromRun);
  });

  it('merge writes the table of the points present and names the missing ones (exit 1)', async () => {
    const share = await inProcess('sweep', ['sweep.json', '--out', 'partial', '--workers', '1'], { JOB_COMPLETION_INDEX: '0', JOB_COMPLETIONS: '3' });
    expect(share.code).toBe(0);
    const merged = await inProcess('sweep', ['merge', 'partial']);
    expect(merged.code).toBe(1);
    expect(merged.err).toContain('sparseprop: error: 4 of 6 points have no result in partial: 1 (k=10, j0=2, rate=3), 2 (k=20, j0=1, rate=1), 4 (k=30, j0=1, rate=1), 5 (k=30, j0=2, rate=3);');
    expect(merged.out).toMatch(/^table: partial\/table.csv, partial\/table.json \(2 of 6 points\)\n/);
    expect(read('partial/table.csv').trimEnd().split('\n').map((line) => line.split(',')[0])).toEqual(['point', '0', '3']);
  });
});
