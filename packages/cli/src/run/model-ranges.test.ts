import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { capturedIo } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { createCliContainer } from '../plugins.js';
import { tempDir } from '../temp-dir.test-support.js';
import { runCommand } from './run-command.js';

// `sparseprop run` refuses model parameters outside the range where the model's arithmetic holds
// (exit 2, one line naming the parameter and the range, no output file), and runs at the ends.
const dir = tempDir('model-ranges');
afterAll(dir.cleanup);
const container = createCliContainer();
const small = ['--n', '30', '--k', '5', '--spikes', '20'];

async function run(argv: string[]) {
  const io = capturedIo(dir.path);
  const code = await runCommand(argv, io, { container });
  return { code, out: io.out(), err: io.err() };
}

describe('model ranges through the command', () => {
  it.each([
    ['eif drive above 1e100', ['--model', 'eif', '--iext', '1e101'], /^iext must be a number in \(-0\.1, 1e\+100\]/],
    ['eif drive at the tonic threshold', ['--model', 'eif', '--iext', '-0.1'], /^iext must be a number in \(-0\.1, 1e\+100\]/],
    ['eif dT below 1e-3', ['--model', 'eif', '--param', 'dT=1e-4'], /^dT must be a number in \[0\.001, 1000000\]/],
    ['eif VT beyond 1000 dT', ['--model', 'eif', '--param', 'VT=200', '--param', 'vPeak=2000'], /^VT must be a number in \[-1000 dT, 1000 dT\]/],
    ['eif vPeak above 1e50', ['--model', 'eif', '--param', 'vPeak=1e60'], /^vPeak must be a number in \(vReset, 1e\+50\]/],
    ['chebyshev:eif drive above 1e100', ['--model', 'chebyshev:eif', '--iext', '1e101'], /^iext must be a number in \(-0\.1, 1e\+100\]/],
    ['chebyshev:lif drive below 1e-6', ['--model', 'chebyshev:lif', '--iext', '1e-320'], /^iext must be a number in \[0\.000001, 1000\] for lif/],
    ['chebyshev:lif drive above 1e3', ['--model', 'chebyshev:lif', '--iext', '1e16'], /^iext must be a number in \[0\.000001, 1000\] for lif/],
    ['chebyshev:qif subnormal drive', ['--model', 'chebyshev:qif', '--iext', '5e-324'], /^iext must be/],
  ])('%s: exit 2, one line, no output file', async (_name, flags, message) => {
    const before = readdirSync(dir.path).sort();
    const { code, out, err } = await run([...small, ...flags, '--out', 'never.csv']);
    expect(err.split('\n')).toHaveLength(2);
    expect(err.replace(/^sparseprop: error: /, '')).toMatch(message);
    expect(code).toBe(ExitCode.invalidInput);
    expect(out).toBe('');
    expect(readdirSync(dir.path).sort()).toEqual(before);
  });

  it.each([
    ['eif at the largest drive', ['--model', 'eif', '--iext', '1e100']],
    ['chebyshev:eif at the largest drive', ['--model', 'chebyshev:eif', '--iext', '1e100']],
    ['chebyshev:lif at the smallest drive', ['--model', 'chebyshev:lif', '--iext', '1e-6']],
  ])('%s: runs, every spike time finite and increasing', async (_name, flags) => {
    const file = `inside-${flags[1].replace(':', '-')}.csv`;
    const { code } = await run([...small, ...flags, '--out', file, '--quiet']);
    expect(code).toBe(ExitCode.success);
    const rows = readFileSync(join(dir.path, file), 'utf8').trim().split('\n').slice(1);
    expect(rows).toHaveLength(20);
    let last = 0;
    for (const row of rows) {
      const t = Number(row.split(',')[0]);
      expect(Number.isFinite(t) && t >= last).toBe(true);
      last = t;
    }
  });
});
