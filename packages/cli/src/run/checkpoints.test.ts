import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeCheckpoint } from '@sparseprop/io';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../temp-dir.test-support.js';
import { capturedIo } from '../cli-io.js';
import { runCommand } from './run-command.js';

const dir = tempDir('checkpoint');
afterAll(dir.cleanup);

async function run(argv: string[]) {
  const io = capturedIo(dir.path);
  const code = await runCommand(argv, io);
  return { code, out: io.out(), err: io.err() };
}
const read = (file: string) => readFileSync(join(dir.path, file), 'utf8');
/** The spike lines of a CSV (header dropped). */
const body = (file: string) => read(file).split('\n').slice(1).join('\n');

// every engine that saves its state, with every model (LIF, QIF, EIF, a Chebyshev fit)
const ENGINES: [string, string[]][] = [
  ['wasm (default for LIF)', []],
  ['exp-key (JS)', ['--engine', 'js']],
  ['phase frame', ['--engine', 'phase']],
  ['phase frame, QIF', ['--model', 'qif', '--iext', '0.3']],
  ['time frame', ['--frame', 'time', '--eta', '0.3']],
  ['time frame, QIF', ['--model', 'qif', '--iext', '0.3', '--frame', 'time']],
  ['O(N) reference', ['--reference']],
  ['phase frame, EIF', ['--model', 'eif', '--iext', '0.3']],
  ['time frame, Chebyshev fit of LIF', ['--model', 'chebyshev:lif', '--frame', 'time']],
];

describe('checkpoints: resumed spikes are byte-identical to the tail of the uninterrupted run', () => {
  for (const [name, flags] of ENGINES) {
    it(`${name}: cut by spikes and by time`, async () => {
      const net = ['--n', '400', '--k', '20', '--seed', '5', ...flags, '--quiet'];
      expect((await run([...net, '--spikes', '3000', '--out', 'full.csv'])).code).toBe(0);
      expect((await run([...net, '--spikes', '1234', '--out', 'head.csv', '--checkpoint', 'c.ckpt'])).code).toBe(0);
      expect((await run([...net, '--resume', 'c.ckpt', '--spikes', '3000', '--out', 'tail.csv'])).code).toBe(0);
      expect(body('head.csv') + body('tail.csv')).toBe(body('full.csv'));
      expect(body('head.csv').split('\n').length - 1).toBe(1234);
      const end = Number(read('full.csv').trimEnd().split('\n').at(-1)!.split(',')[0]);
      expect((await run([...net, '--duration', String(end), '--out', 'fullt.csv'])).code).toBe(0);
      expect((await run([...net, '--duration', String(end / 3), '--out', 'headt.csv', '--checkpoint', 't.ckpt'])).code).toBe(0);
      expect((await run([...net, '--resume', 't.ckpt', '--duration', String(end), '--out', 'tailt.csv'])).code).toBe(0);
      expect(body('headt.csv') + body('tailt.csv')).toBe(body('fullt.csv'));
    });
  }

  it('network engine (Brunel E/I: delays, Poisson drive, refractoriness): cut by spikes and by time', async () => {
    const net = ['--preset', 'brunel', '--n', '600', '--g', '5', '--eta', '2', '--quiet'];
    expect((await run([...net, '--duration', '0.12', '--out', 'nfull.csv'])).code).toBe(0);
    expect((await run([...net, '--duration', '0.05', '--out', 'nhead.csv', '--checkpoint', 'n.ckpt'])).code).toBe(0);
    expect((await run([...net, '--resume', 'n.ckpt', '--duration', '0.12', '--out', 'ntail.csv'])).code).toBe(0);
    expect(body('nhead.csv') + body('ntail.csv')).toBe(body('nfull.csv'));
    expect((await run([...net, '--spikes', '1500', '--out', 'nhs.csv', '--checkpoint', 'ns.ckpt'])).code).toBe(0);
    expect((await run([...net, '--resume', 'ns.ckpt', '--duration', '0.12', '--out', 'nts.csv'])).code).toBe(0);
    expect(body('nhs.csv') + body('nts.csv')).toBe(body('nfull.csv'));
    expect(body('nhs.csv').split('\n').length - 1).toBe(1500);
  });

  it('a JS exp-key checkpoint resumes on the WebAssembly kernel and the reverse (one state format)', async () => {
    const net = ['--n', '500', '--k', '20', '--seed', '9', '--quiet'];
    await run([...net, '--spikes', '4000', '--out', 'full.csv']);
    await run([...net, '--engine', 'js', '--spikes', '1500', '--out', 'a.csv', '--checkpoint', 'x.ckpt']);
    await run([...net, '--engine', 'wasm', '--resume', 'x.ckpt', '--spikes', '2500', '--out', 'b.csv', '--checkpoint', 'x.ckpt']);
    await run([...net, '--engine', 'js', '--resume', 'x.ckpt', '--spikes', '4000', '--out', 'c.csv']);
    expect(body('a.csv') + body('b.csv') + body('c.csv')).toBe(body('full.csv'));
  });

  it('refuses a checkpoint of another network, version or engine, a non-checkpoint, and engines that cannot save, before writing anything', async () => {
    const net = ['--n', '400', '--k', '20', '--seed', '5'];
    await run([...net, '--spikes', '500', '--checkpoint', 'r.ckpt', '--quiet']);
    const before = dir.files();
    expect(await run([...net.slice(0, -1), '6', '--resume', 'r.ckpt', '--spikes', '900', '--out', 'no.csv'])).toMatchObject({ code: 2, err: expect.stringMatching(/cannot resume from r\.ckpt: it was written for another network or settings \(seed: 5 → 6\)/) });
    expect(await run([...net, '--frame', 'time', '--resume', 'r.ckpt', '--spikes', '900'])).toMatchObject({ code: 2, err: expect.stringMatching(/cannot resume from r\.ckpt: it was written for another network or settings \(frame: unset → "time"\)/) });
    expect(await run([...net, '--engine', 'time', '--resume', 'r.ckpt', '--spikes', '900'])).toMatchObject({ code: 2, err: expect.stringMatching(/cannot resume from r\.ckpt: its state does not fit this run: state\.engine must be "time"/) });
    expect(await run([...net, '--resume', 'full.csv', '--spikes', '900'])).toMatchObject({ code: 2, err: expect.stringMatching(/cannot resume from full\.csv: not a sparseprop checkpoint/) });
    writeCheckpoint('old.ckpt', dir.path, { software: '0.0.1', fingerprint: 'x', config: {}, spikes: 0, timeSeconds: 0, state: { engine: 'exp-key', numbers: {}, arrays: {} } });
    expect(await run([...net, '--resume', 'old.ckpt', '--spikes', '900'])).toMatchObject({ code: 2, err: expect.stringMatching(/cannot resume from old\.ckpt: it was written by sparseprop 0\.0\.1; this is /) });
    expect(await run([...net, '--checkpoint-every', '0.5', '--spikes', '10'])).toMatchObject({ code: 2, err: expect.stringMatching(/--checkpoint-every needs --checkpoint FILE/) });
    expect(await run([...net, '--checkpoint', 'missing/c.ckpt', '--spikes', '10'])).toMatchObject({ code: 2, err: expect.stringMatching(/cannot write the --checkpoint file missing\/c\.ckpt/) });
    expect(await run([...net, '--resume', 'r.ckpt', '--spikes', '900', '--out', 'r.ckpt'])).toMatchObject({ code: 2, err: expect.stringMatching(/it is the --resume file r\.ckpt/) });
    expect(dir.files()).toEqual([...before, 'old.ckpt'].sort());
    // the file resumed from may be updated in place
    expect((await run([...net, '--resume', 'r.ckpt', '--spikes', '900', '--checkpoint', 'r.ckpt', '--quiet'])).code).toBe(0);
  });

  it('SIGTERM during a run writes a final checkpoint, keeps the previous --out file, and the resumed run gives the tail', async () => {
    const net = ['--n', '10000', '--k', '50', '--seed', '4', '--quiet'];
    const duration = 5;
    expect((await run([...net, '--duration', String(duration), '--out', 'whole2.csv'])).code).toBe(0);
    const at = (file: string) => join(dir.path, file);
    writeFileSync(at('previous.csv'), 'time_s,neuron\n');
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@sparseprop/source', join(import.meta.dirname, '..', 'bin.ts'), 'run', ...net, '--duration', String(duration), '--out', at('previous.csv'), '--checkpoint', at('s.ckpt')], {
      cwd: import.meta.dirname,
      stdio: 'ignore',
    });
    const ended = new Promise<string | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    // inside the run: the temporary CSV beside previous.csv has received its first 1 MB flush
    const running = () => readdirSync(dir.path).some((name) => name.startsWith('.previous.csv.') && statSync(at(name)).size > 0);
    for (let waited = 0; !running() && waited < 60_000; waited += 10) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGTERM');
    expect(await ended).toBe('SIGTERM');
    expect(read('previous.csv')).toBe('time_s,neuron\n');
    expect((await run([...net, '--resume', 's.ckpt', '--duration', String(duration), '--out', 'rest2.csv'])).code).toBe(0);
    const whole = body('whole2.csv').split('\n');
    const rest = body('rest2.csv').split('\n');
    expect(rest.length).toBeLessThan(whole.length);
    expect(whole.slice(whole.length - rest.length)).toEqual(rest);
  });

  it('after kill -9 between checkpoints, resuming from the last one gives the tail of the uninterrupted run', async () => {
    const net = ['--n', '10000', '--k', '50', '--seed', '3', '--quiet'];
    const duration = 8;
    expect((await run([...net, '--duration', String(duration), '--out', 'whole.csv'])).code).toBe(0);
    // the same run in a process, checkpointing every 0.5 s, killed with SIGKILL once a checkpoint exists
    const at = (file: string) => join(dir.path, file);
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@sparseprop/source', join(import.meta.dirname, '..', 'bin.ts'), 'run', ...net, '--duration', String(duration), '--out', at('killed.csv'), '--checkpoint', at('k.ckpt'), '--checkpoint-every', '0.5'], {
      cwd: import.meta.dirname, // tsx resolves from here
      stdio: 'ignore',
    });
    const ended = new Promise<string | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    const path = join(dir.path, 'k.ckpt');
    for (let waited = 0; !existsSync(path) && waited < 60_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    const firstWrite = statSync(path).mtimeMs;
    for (let waited = 0; statSync(path).mtimeMs === firstWrite && waited < 30_000; waited += 5) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    expect(await ended).toBe('SIGKILL');
    expect(existsSync(join(dir.path, 'killed.csv'))).toBe(false); // the killed run's output never appeared
    expect((await run([...net, '--resume', 'k.ckpt', '--duration', String(duration), '--out', 'rest.csv'])).code).toBe(0);
    const whole = body('whole.csv').split('\n');
    const rest = body('rest.csv').split('\n');
    expect(rest.length).toBeLessThan(whole.length); // it resumed from a checkpoint inside the run
    expect(rest.length).toBeGreaterThan(1);
    expect(whole.slice(whole.length - rest.length)).toEqual(rest);
  });
});
