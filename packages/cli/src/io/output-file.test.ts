import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, linkSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliFileError, CliOutputError } from '../cli-errors.js';
import { capturedIo } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { createCliContainer } from '../plugins.js';
import { runCommand } from '../run/run-command.js';
import { OutputFile, pendingOutputCount, resolveOutputTarget } from './output-file.js';
import { SPIKE_CSV_HEADER, parseSpikeCsv } from './spike-csv-writer.js';

const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const repoRoot = resolve(packageRoot, '../..');
const dir = mkdtempSync(join(tmpdir(), 'sparseprop-out-'));
const container = createCliContainer();
/** Everything in the directory that is a temporary output. */
const temporaries = (where = dir) => readdirSync(where).filter((f) => f.endsWith('.tmp'));
const small = ['--n', '60', '--k', '6', '--spikes', '300', '-q'];

async function run(argv: string[]) {
  const io = capturedIo(dir);
  const code = await runCommand(argv, io, { container });
  return { code, out: io.out(), err: io.err() };
}

/** A run of `small` written to a file, as the reference content. */
let expected = '';
beforeAll(async () => {
  expect((await run([...small, '--out', 'expected.csv'])).code).toBe(0);
  expected = readFileSync(join(dir, 'expected.csv'), 'utf8');
  expect(expected.startsWith(`${SPIKE_CSV_HEADER}\n`)).toBe(true);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--out onto special files: streamed, never renamed over', () => {
  it('a character device (a copy of /dev/null made with mknod) stays a device', async () => {
    const device = join(dir, 'null-device');
    expect(spawnSync('mknod', [device, 'c', '1', '3']).status).toBe(0); // root: as the command ran when it replaced /dev/null
    const { code, err } = await run([...small, '--out', device]);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
    expect(temporaries()).toEqual([]);
  });

  it('a symbolic link to /dev/null: the link and the device stay as they were', async () => {
    const link = join(dir, 'null-link');
    symlinkSync('/dev/null', link);
    expect((await run([...small, '--out', 'null-link'])).code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true);
    expect(temporaries()).toEqual([]);
  });

  it('a FIFO is written as a stream: the reader gets the whole CSV and the FIFO stays a FIFO', async () => {
    const fifo = join(dir, 'spikes.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // the reader opens the FIFO first (opening it for writing waits for a reader, as for any writer)
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    let received = '';
    reader.stdout.on('data', (chunk) => (received += chunk));
    const closed = new Promise((done) => reader.on('close', done));
    const { code } = await run([...small, '--out', 'spikes.fifo']);
    await closed;
    expect(code).toBe(0);
    expect(received).toBe(expected);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(temporaries()).toEqual([]);
  });

  it('--out - writes the CSV on stdout and the summary on stderr', async () => {
    const io = capturedIo(dir);
    const code = await runCommand([...small.filter((a) => a !== '-q'), '--out', '-', '--json'], io, { container });
    const [out, err] = [io.out(), io.err()];
    expect(code).toBe(0);
    expect(out).toBe(expected);
    expect(Object.keys(JSON.parse(err))).toContain('spikes');
    expect(existsSync(join(dir, '-'))).toBe(false);
  });
});

describe('--out and the inputs of the same run', () => {
  beforeAll(() => {
    writeFileSync(join(dir, 'edges.csv'), 'pre,post,weight\n0,1,-0.1\n1,2,-0.1\n2,0,-0.1\n');
    writeFileSync(join(dir, 'phases.txt'), '0.1\n0.2\n0.3\n');
    writeFileSync(join(dir, 'net.json'), JSON.stringify({ network: 'edges.csv', k: 1, spikes: 10 }));
    linkSync(join(dir, 'edges.csv'), join(dir, 'edges-hardlink.csv'));
    symlinkSync('phases.txt', join(dir, 'phases-link.txt'));
  });

  it.each([
    ['--network', ['--network', 'edges.csv', '--k', '1', '--spikes', '10', '--out', 'edges.csv'], 'edges.csv'],
    ['--network through a hard link', ['--network', 'edges.csv', '--k', '1', '--spikes', '10', '--out', 'edges-hardlink.csv'], 'edges.csv'],
    ['--network by another spelling', ['--network', 'edges.csv', '--k', '1', '--spikes', '10', '--out', `./sub/../edges.csv`], 'edges.csv'],
    ['--init through a symbolic link', ['--network', 'edges.csv', '--k', '1', '--init', 'phases.txt', '--spikes', '10', '--out', 'phases-link.txt'], 'phases.txt'],
    ['--config', ['--config', 'net.json', '--out', 'net.json'], 'net.json'],
  ])('--out equal to %s is refused (exit 2) and the input is unchanged', async (_name, argv, input) => {
    mkdirSync(join(dir, 'sub'), { recursive: true });
    const before = readFileSync(join(dir, input), 'utf8');
    const { code, err } = await run(argv);
    expect(code).toBe(ExitCode.invalidInput);
    expect(err).toMatch(/^sparseprop: error: cannot write the --out file .*: it is the --(network|init|config) file .* \(the same file\): refusing to overwrite an input\n$/);
    expect(readFileSync(join(dir, input), 'utf8')).toBe(before);
    expect(temporaries()).toEqual([]);
  });
});

describe('--out onto symbolic links and read-only files', () => {
  it('a symbolic link to a regular file: the target is replaced, the link stays a link', async () => {
    writeFileSync(join(dir, 'real.csv'), 'old');
    symlinkSync('real.csv', join(dir, 'link.csv'));
    expect((await run([...small, '--out', 'link.csv'])).code).toBe(0);
    expect(lstatSync(join(dir, 'link.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'real.csv'), 'utf8')).toBe(expected);
  });

  it('a dangling symbolic link is written through: its target is created', async () => {
    symlinkSync('created.csv', join(dir, 'dangling.csv'));
    expect((await run([...small, '--out', 'dangling.csv'])).code).toBe(0);
    expect(lstatSync(join(dir, 'dangling.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'created.csv'), 'utf8')).toBe(expected);
  });

  it('a read-only (0444) file is refused, even for root, and keeps its content and mode', async () => {
    const file = join(dir, 'locked.csv');
    writeFileSync(file, 'keep');
    chmodSync(file, 0o444);
    const { code, err } = await run([...small, '--out', 'locked.csv']);
    expect(code).toBe(ExitCode.invalidInput);
    expect(err).toBe('sparseprop: error: cannot write the --out file locked.csv: the file is read-only (mode 0444): remove it or make it writable to replace it\n');
    expect(readFileSync(file, 'utf8')).toBe('keep');
    expect(statSync(file).mode & 0o777).toBe(0o444);
  });

  it('a replaced file keeps its permission bits', async () => {
    const file = join(dir, 'private.csv');
    writeFileSync(file, 'old');
    chmodSync(file, 0o600);
    expect((await run([...small, '--out', 'private.csv'])).code).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(expected);
  });

  it('a directory is refused', () => {
    expect(() => resolveOutputTarget('.', dir)).toThrow(new CliFileError('.', 'write the --out file', 'is a directory'));
  });
});

describe('the rename replaces only a regular file', () => {
  it.each([
    ['a directory', (path: string) => mkdirSync(path)],
    ['a FIFO', (path: string) => expect(spawnSync('mkfifo', [path]).status).toBe(0)],
  ])('when the target became %s during the run, it is left alone and commit fails', (_name, replace) => {
    const path = join(dir, `changed-${_name.replace(/\W/g, '')}`);
    const file = OutputFile.open(resolveOutputTarget(path, dir), dir);
    file.write('time_s,neuron\n');
    replace(path);
    expect(() => file.commit()).toThrow(CliOutputError);
    expect(lstatSync(path).isFile()).toBe(false);
    expect(temporaries()).toEqual([]);
    expect(pendingOutputCount()).toBe(0);
  });
});

describe('a full disk is an output failure: exit 1, no file left', () => {
  it('/dev/full (ENOSPC on the first write)', async () => {
    const { code, err } = await run([...small, '--out', '/dev/full']);
    expect(code).toBe(ExitCode.failure);
    expect(err).toBe('sparseprop: error: cannot write the --out file /dev/full: no space left on device\n');
  });

  describe('a 64 KiB tmpfs', () => {
    const mount = join(dir, 'tiny');
    beforeAll(() => {
      mkdirSync(mount);
      // root (as everywhere this project runs): a real file system that fills up
      const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mount], { encoding: 'utf8' });
      expect(mounted.stderr).toBe('');
    });
    afterAll(() => {
      spawnSync('umount', [mount]);
    });

    it('keeps the previous output and removes the temporary file', async () => {
      writeFileSync(join(mount, 'spikes.csv'), 'old');
      // ~30 bytes a spike: 20 000 spikes are ~600 KB, far past 64 KiB
      const { code, err } = await run(['--n', '1000', '--k', '10', '--spikes', '20000', '-q', '--out', join(mount, 'spikes.csv')]);
      expect(err).toMatch(/^sparseprop: error: cannot write the --out file .*spikes\.csv: no space left on device\n$/);
      expect(code).toBe(ExitCode.failure);
      expect(readFileSync(join(mount, 'spikes.csv'), 'utf8')).toBe('old');
      expect(temporaries(mount)).toEqual([]);
    });
  });
});

describe('signals during a run (child process)', { timeout: 60_000 }, () => {
  const loader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  const bin = join(packageRoot, 'src/bin.ts');
  function start(argv: string[]): ChildProcess {
    return spawn(process.execPath, ['--import', loader, '--conditions=@sparseprop/source', bin, ...argv], {
      cwd: dir,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(repoRoot, 'tsconfig.base.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  it.each(['SIGINT', 'SIGTERM'] as const)('%s removes the temporary file and keeps the previous output', async (signal) => {
    const target = `long-${signal}.csv`;
    writeFileSync(join(dir, target), 'previous run');
    const child = start(['run', '--n', '2000', '--k', '20', '--spikes', '1000000000', '--out', target]);
    let stderr = '';
    child.stderr?.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('close', (code, sig) => done({ code, signal: sig })));
    // wait until the run is writing (its temporary file has grown), then interrupt it
    const deadline = Date.now() + 30_000;
    while (!temporaries().some((f) => f.includes(target) && statSync(join(dir, f)).size > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(temporaries().some((f) => f.includes(target))).toBe(true);
    child.kill(signal);
    const result = await exited;
    expect(stderr).toBe('');
    expect(result.signal).toBe(signal); // died of the signal, as an interrupted program should
    expect(readFileSync(join(dir, target), 'utf8')).toBe('previous run');
    expect(temporaries().filter((f) => f.includes(target))).toEqual([]);
  });

  it('a network gone nearly silent under endless Poisson input still answers SIGTERM (slices by simulated time too)', async () => {
    // eta = 0.2: the drive is far below threshold and spikes are rare, so a slice of 65536 spikes would take hours
    // without a yield; one τ of simulated time per slice keeps the signal handler reachable
    const target = 'silent.csv';
    const child = start(['run', '--preset', 'brunel', '--n', '1000', '--eta', '0.2', '--spikes', '1000000000', '--out', target, '-q']);
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on('close', (_code, sig) => done(sig)));
    const deadline = Date.now() + 30_000;
    while (!temporaries().some((f) => f.includes(target)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 1000)); // well inside the run loop
    child.kill('SIGTERM');
    expect(await exited).toBe('SIGTERM');
    expect(existsSync(join(dir, target))).toBe(false);
    expect(temporaries().filter((f) => f.includes(target))).toEqual([]);
  });

  it('Ctrl-C on `pnpm sparseprop` (the whole process group) removes the temporary file', async () => {
    // The root script is what the README tells users to run. Run through a wrapper process (tsx's CLI) the
    // command was SIGKILLed when its slice outlasted the wrapper's 60 ms grace, leaving the temporary file.
    const script: string = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')).scripts.sparseprop;
    const target = join(dir, 'group-SIGINT.csv');
    const child = spawn('sh', ['-c', `${script} "$@"`, 'sh', 'run', '--n', '100000', '--spikes', '1000000000', '--out', target, '-q'], {
      cwd: repoRoot,
      detached: true, // its own process group, as a terminal's foreground job
      env: { ...process.env, PATH: `${join(repoRoot, 'node_modules/.bin')}:${process.env.PATH}` },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exited = new Promise<string>((done) => child.on('close', (code, signal) => done(signal ?? String(code))));
    const deadline = Date.now() + 30_000;
    while (!temporaries().some((f) => f.includes('group-SIGINT') && statSync(join(dir, f)).size > 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(temporaries().some((f) => f.includes('group-SIGINT'))).toBe(true);
    process.kill(-child.pid!, 'SIGINT'); // Ctrl-C: every process of the job gets it
    expect(['SIGINT', '130']).toContain(await exited); // the shell dies of SIGINT too, or reports the command's death by it
    expect(existsSync(target)).toBe(false);
    expect(temporaries().filter((f) => f.includes('group-SIGINT'))).toEqual([]);
  });

  it('--out /dev/stdout streams into the pipe it points to', async () => {
    const child = start(['run', ...small, '--out', '/dev/stdout']);
    let stdout = '';
    child.stdout?.on('data', (chunk) => (stdout += chunk));
    const code = await new Promise((done) => child.on('close', done));
    expect(code).toBe(0);
    expect(stdout).toBe(expected);
    expect(parseSpikeCsv(stdout).times).toHaveLength(300);
  });
});
