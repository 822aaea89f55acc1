import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AtomicOutput } from './atomic-output.js';
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
