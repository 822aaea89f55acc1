import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { npyHeader, writeNumpyArrays } from '@sparseprop/io';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../temp-dir.test-support.js';
import { formatInitialPhases, readInitialPhasesFile } from './initial-phases-file.js';

const dir = tempDir('init');
afterAll(dir.cleanup);

const npy = (values: Float64Array) => new Uint8Array([...npyHeader('<f8', [values.length]), ...new Uint8Array(values.buffer)]);

describe('--init files', () => {
  it('reads the same phases, bit for bit, from text, .npy and .npz (array "phases")', () => {
    const phases = Float64Array.from({ length: 50 }, (_, i) => Math.sin(i * 1.7) * 0.9 - 0.05);
    writeFileSync(join(dir.path, 'p.txt'), formatInitialPhases(phases));
    writeFileSync(join(dir.path, 'p.npy'), npy(phases));
    writeNumpyArrays('p.npz', dir.path, { other: new Int32Array(3), phases });
    for (const file of ['p.txt', 'p.npy', 'p.npz']) expect(readInitialPhasesFile(file, dir.path).phases).toEqual(phases);
  });

  it('names the file and why when a NumPy file is not usable', () => {
    writeFileSync(join(dir.path, 'nan.npy'), npy(new Float64Array([0.1, Number.NaN])));
    expect(() => readInitialPhasesFile('nan.npy', dir.path)).toThrow(/nan\.npy:2: expected finite phases, element 1 is NaN/);
    writeNumpyArrays('q.npz', dir.path, { x: new Float64Array(2) });
    expect(() => readInitialPhasesFile('q.npz', dir.path)).toThrow(/cannot read the --init file q\.npz: the archive has no array "phases"/);
    writeFileSync(join(dir.path, 't.npy'), '0.1\n0.2\n');
    expect(() => readInitialPhasesFile('t.npy', dir.path)).toThrow(/cannot read the --init file t\.npy: not an NPY array/);
  });
});
