import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './temp-dir.test-support.js';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(packageRoot, '../..');
const tsx = join(packageRoot, 'node_modules/.bin/tsx');
const bin = join(packageRoot, 'src/bin.ts');
const dir = tempDir('process');
afterAll(dir.cleanup);

/** Run `sparseprop ...argv` as a subprocess from source (like `pnpm sparseprop`), with piped output. */
function sparseprop(argv: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((done, fail) => {
    const child = spawn(tsx, ['--tsconfig', join(repoRoot, 'tsconfig.base.json'), '--conditions=@sparseprop/source', bin, ...argv], { cwd: dir.path, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, out, err }));
  });
}

// the subprocesses run concurrently: each pays ~1 s of tsx start-up
describe.concurrent('sparseprop as a process', { timeout: 120_000 }, () => {
  it('run --json prints exactly the summary keys on stdout and nothing on stderr (no progress bar when piped)', async () => {
    const { code, out, err } = await sparseprop(['run', '--n', '500', '--k', '20', '--spikes', '2000', '--json']);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(Object.keys(JSON.parse(out))).toEqual(['neurons', 'spikes', 'simulatedSeconds', 'rateHz', 'wallSeconds', 'nsPerSpike', 'populations']);
  });

  it('run --out writes the CSV and prints the summary', async () => {
    const { code, out } = await sparseprop(['run', '--n', '300', '--k', '20', '--spikes', '1000', '--out', 'spikes.csv']);
    expect(code).toBe(0);
    expect(out).toMatch(/neurons\s+300/);
    const lines = readFileSync(join(dir.path, 'spikes.csv'), 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('time_s,neuron');
    expect(lines).toHaveLength(1001);
    expect(lines.slice(1).every((line) => /^[\d.e-]+,\d+$/.test(line))).toBe(true);
  });

  it('invalid input: exit 2 and exactly one error line, no stack trace', async () => {
    const { code, out, err } = await sparseprop(['run', '--n', '1', '--out', 'never.csv']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe('sparseprop: error: n must be an integer in [2, 2147483647], got 1\n');
    expect(dir.files()).not.toContain('never.csv');
  });

  it('models lists lif with the network parameters and the queues', async () => {
    const { code, out } = await sparseprop(['models']);
    expect(code).toBe(0);
    for (const model of ['lif', 'qif', 'eif', 'chebyshev:lif', 'chebyshev:qif', 'chebyshev:eif']) expect(out).toMatch(new RegExp(`^${model}$`, 'm'));
    expect(out).toMatch(/^  binary +/m);
  });
});

describe('bin.ts', () => {
  it('starts with a node shebang (for the built dist/bin.js)', () => {
    expect(readFileSync(bin, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
  });
});
