import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { AtomicOutput } from './atomic-output.js';
import { npyHeader, npyNumbers } from './npy.js';
import { SpikeFileError, describeSystemError } from './spike-file-error.js';

/**
 * A 1-d numeric array from a NumPy file: a `.npy` file, or the array `name`
 * of a `.npz` archive (ours or NumPy's `savez`/`savez_compressed`). Values as
 * doubles; a file that is neither, or lacks the array, is a
 * {@link SpikeFileError} saying why.
 *
 * @example
 * ```ts
 * const phases = readNumpyArray('init.npz', process.cwd(), 'phases'); // np.savez('init.npz', phases=phi)
 * ```
 */
export function readNumpyArray(path: string, cwd: string, name: string, action = 'read'): Float64Array {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(resolve(cwd, path));
  } catch (error) {
    throw new SpikeFileError(path, action, describeSystemError(error));
  }
  if (extname(path).toLowerCase() === '.npz') {
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(bytes, { filter: (file) => file.name === `${name}.npy` });
    } catch {
      throw new SpikeFileError(path, action, 'not a NumPy .npz archive (not a ZIP file)');
    }
    if (entries[`${name}.npy`] === undefined) throw new SpikeFileError(path, action, `the archive has no array "${name}"`);
    bytes = entries[`${name}.npy`];
  }
  const parsed = npyNumbers(bytes);
  if (typeof parsed === 'string') throw new SpikeFileError(path, action, parsed);
  return parsed.values;
}

/**
 * Write 1-d float64 or int32 arrays as a NumPy `.npz` archive (stored,
 * atomically: a temporary file renamed into place), e.g. initial phases for
 * `sparseprop run --init phases.npz`. `np.load(path)[name]` reads each back.
 */
export function writeNumpyArrays(path: string, cwd: string, arrays: Readonly<Record<string, Float64Array | Int32Array>>): void {
  const output = AtomicOutput.open(path, cwd);
  try {
    const files: Record<string, [Uint8Array, { level: 0 }]> = {};
    for (const [name, array] of Object.entries(arrays)) {
      const header = npyHeader(array instanceof Float64Array ? '<f8' : '<i4', [array.length]);
      const bytes = new Uint8Array(header.length + array.byteLength);
      bytes.set(header, 0);
      bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), header.length);
      files[`${name}.npy`] = [bytes, { level: 0 }];
    }
    output.write(zipSync(files, { mtime: new Date(1980, 0, 1) }));
    output.commit();
  } catch (error) {
    output.abort();
    throw error instanceof SpikeFileError ? error : new SpikeFileError(path, 'write', describeSystemError(error));
  }
}
