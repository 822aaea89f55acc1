import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, linkSync, lstatSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtomicOutput, resolveOutputTarget } from './atomic-output.js';
import { temporaryDirectory } from './io.test-support.js';
import { defaultSpikeFormats } from './registry.js';

let tmp: ReturnType<typeof temporaryDirectory>;
beforeEach(() => (tmp = temporaryDirectory()));
afterEach(() => tmp.remove());

const formats = defaultSpikeFormats();
const isRoot = process.getuid?.() === 0;

describe('atomic output', () => {
  it('replaces a regular file only on commit, through a symlink replaces the file it points to', () => {
    writeFileSync(join(tmp.dir, 'real.csv'), 'old');
    symlinkSync('real.csv', join(tmp.dir, 'link.csv'));
    const out = AtomicOutput.open('link.csv', tmp.dir);
    out.write('new');
    expect(readFileSync(join(tmp.dir, 'real.csv'), 'utf8')).toBe('old');
    out.commit();
    expect(readFileSync(join(tmp.dir, 'link.csv'), 'utf8')).toBe('new');
    expect(readdirSync(tmp.dir).sort()).toEqual(['link.csv', 'real.csv']);
  });

  it('fails at open for a missing directory, a directory, and (not as root) a read-only directory', () => {
    expect(() => AtomicOutput.open('nowhere/x.csv', tmp.dir)).toThrow(/cannot write nowhere\/x\.csv: directory nowhere does not exist/);
    mkdirSync(join(tmp.dir, 'd'));
    expect(() => AtomicOutput.open('d', tmp.dir)).toThrow(/cannot write d: is a directory/);
    if (!isRoot) {
      mkdirSync(join(tmp.dir, 'ro'));
      chmodSync(join(tmp.dir, 'ro'), 0o555);
      expect(() => AtomicOutput.open('ro/x.csv', tmp.dir)).toThrow(/permission denied/);
    }
  });

  it('streams into a FIFO without renaming; HDF5 refuses FIFOs and stdout', async () => {
    const fifo = join(tmp.dir, 'pipe.npz');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo]);
    const chunks: Buffer[] = [];
    reader.stdout.on('data', (c: Buffer) => chunks.push(c));
    const closed = new Promise((resolve) => reader.on('close', resolve));
    const writer = await formats.open({ path: fifo }, { neurons: 3 });
    writer.write(0.5, 2);
    await writer.commit();
    await closed;
    const bytes = Buffer.concat(chunks);
    expect(bytes.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04])); // a ZIP local header
    expect(readdirSync(tmp.dir)).toEqual(['pipe.npz']);
    const h5fifo = join(tmp.dir, 'pipe.h5');
    expect(spawnSync('mkfifo', [h5fifo]).status).toBe(0);
    await expect(formats.open({ path: h5fifo }, { neurons: 1 })).rejects.toThrow(/needs a regular file/);
    await expect(formats.open({ path: '-' }, { neurons: 1 })).resolves.toMatchObject({ path: '-' }); // stdout is CSV
    expect(() => formats.formatOf('spikes.parquet')).toThrow(/unknown spike file extension ".parquet"; known: .csv, .npz, .h5, .hdf5/);
  });

  it('removes the temporary files of every format on SIGTERM and keeps the previous output', async () => {
    writeFileSync(join(tmp.dir, 'out.npz'), 'previous');
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@sparseprop/source', join(import.meta.dirname, 'signal-child.test-support.ts'), tmp.dir], {
      cwd: import.meta.dirname,
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => (String(c).includes('ready') ? resolve() : undefined));
      child.on('close', () => reject(new Error(`child ended early: ${stderr}`)));
    });
    expect(readdirSync(tmp.dir).length).toBeGreaterThan(1); // the temporary files exist while writing
    const status = new Promise<[number | null, string | null]>((resolve) => child.on('close', (code, signal) => resolve([code, signal])));
    child.kill('SIGTERM');
    expect(await status).toEqual([null, 'SIGTERM']);
    expect(readdirSync(tmp.dir)).toEqual(['out.npz']);
    expect(readFileSync(join(tmp.dir, 'out.npz'), 'utf8')).toBe('previous');
  });
});

describe('output policy: what every writer refuses, keeps and streams', () => {
  it('refuses a read-only (0444) file, even for root, keeping content and mode', () => {
    const file = join(tmp.dir, 'locked.csv');
    writeFileSync(file, 'keep');
    chmodSync(file, 0o444);
    expect(() => AtomicOutput.open('locked.csv', tmp.dir)).toThrow('cannot write locked.csv: the file is read-only (mode 0444): remove it or make it writable to replace it');
    expect(readFileSync(file, 'utf8')).toBe('keep');
    expect(statSync(file).mode & 0o777).toBe(0o444);
  });

  it('refuses an input file of the same run, by inode (another spelling, a hard link)', () => {
    writeFileSync(join(tmp.dir, 'edges.csv'), 'pre,post,weight\n');
    linkSync(join(tmp.dir, 'edges.csv'), join(tmp.dir, 'alias.csv'));
    const inputs = [{ flag: '--network', path: 'edges.csv' }];
    expect(() => AtomicOutput.open('alias.csv', tmp.dir, { inputs })).toThrow('cannot write alias.csv: it is the --network file edges.csv (the same file): refusing to overwrite an input');
    expect(resolveOutputTarget('./x/../edges.csv', tmp.dir, { inputs: [] }).kind).toBe('replace');
    expect(() => resolveOutputTarget('./x/../edges.csv', tmp.dir, { inputs })).toThrow(/refusing to overwrite an input/);
  });

  it('keeps the permission bits of a replaced file', () => {
    const file = join(tmp.dir, 'private.csv');
    writeFileSync(file, 'old');
    chmodSync(file, 0o600);
    const out = AtomicOutput.open('private.csv', tmp.dir);
    out.write('new');
    out.commit();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('new');
  });

  it('writes through a dangling symbolic link, creating its target', () => {
    symlinkSync('made.csv', join(tmp.dir, 'dangling.csv'));
    const out = AtomicOutput.open('dangling.csv', tmp.dir);
    out.write('x');
    out.commit();
    expect(lstatSync(join(tmp.dir, 'dangling.csv')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(tmp.dir, 'made.csv'), 'utf8')).toBe('x');
  });

  it('streams to a character device (mknod copy of /dev/null) without replacing the node', () => {
    const device = join(tmp.dir, 'null');
    expect(spawnSync('mknod', [device, 'c', '1', '3']).status).toBe(0); // root, as everywhere this project runs
    const out = AtomicOutput.open('null', tmp.dir);
    expect(out.streaming).toBe(true);
    out.write('spikes');
    out.commit();
    expect(lstatSync(device).isCharacterDevice()).toBe(true);
  });

  it('does not rename over a target that turned into a directory during the write', () => {
    const out = AtomicOutput.open('later-dir', tmp.dir);
    out.write('x');
    mkdirSync(join(tmp.dir, 'later-dir'));
    expect(() => out.commit()).toThrow(/the target is no longer a regular file; it was not replaced/);
    expect(lstatSync(join(tmp.dir, 'later-dir')).isDirectory()).toBe(true);
    expect(readdirSync(tmp.dir)).toEqual(['later-dir']);
  });

  it('/dev/full: a write fails with ENOSPC as a SpikeFileError', () => {
    const out = AtomicOutput.open('/dev/full', tmp.dir);
    expect(() => out.write('x'.repeat(10))).toThrow('cannot write /dev/full: no space left on device');
    out.abort();
  });
});
