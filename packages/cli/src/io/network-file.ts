import { closeSync, openSync, readSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { InvalidParameterError, SparseConnectivity } from '@sparseprop/core';
import { SpikeFileError, readNumpyArray } from '@sparseprop/io';
import { CliFileError } from '../cli-errors.js';
import { formatExact } from './format-exact.js';
import { readInputText } from './read-input-file.js';

/**
 * Load the `--network` edge list as explicit connectivity: a CSV file
 * (`pre,post,weight`, neurons from 0, weight = voltage jump J), or a NumPy
 * `.npz` archive with the arrays `pre`, `post` (integers) and `weight`
 * (`np.savez('net.npz', pre=pre, post=post, weight=w)`). With `n` undefined
 * the network has 1 + the largest neuron index in the file.
 */
export function readNetworkFile(path: string, cwd: string, n: number | undefined, checkSize?: (neurons: number, edges: number) => void): SparseConnectivity {
  if (extname(path).toLowerCase() === '.npz') return readNetworkNpz(path, cwd, n, checkSize);
  return SparseConnectivity.fromCsv(readInputText(path, cwd, '--network file'), n, path, { checkSize });
}

/** The `.npz` form of {@link readNetworkFile}; errors name the file and the array. */
function readNetworkNpz(path: string, cwd: string, n: number | undefined, checkSize?: (neurons: number, edges: number) => void): SparseConnectivity {
  const action = 'read the --network file';
  const array = (name: string): Float64Array => {
    try {
      return readNumpyArray(path, cwd, name, action);
    } catch (error) {
      if (error instanceof SpikeFileError) throw new CliFileError(path, action, error.reason);
      throw error;
    }
  };
  const pre = array('pre'), post = array('post'), weight = array('weight');
  if (post.length !== pre.length || weight.length !== pre.length) {
    throw new CliFileError(path, action, `arrays pre, post and weight must have equal lengths, got ${pre.length}, ${post.length} and ${weight.length}`);
  }
  let largest = -1;
  for (const side of [pre, post]) for (let e = 0; e < side.length; e++) if (side[e] > largest) largest = side[e];
  const neurons = n ?? largest + 1;
  checkSize?.(neurons, pre.length); // before the network is built
  try {
    return SparseConnectivity.fromEdges(neurons, pre, post, weight);
  } catch (error) {
    if (error instanceof InvalidParameterError) throw new CliFileError(path, action, error.message);
    throw error;
  }
}

/** Write connectivity as the CSV edge list `sparseprop run --network` reads (full double precision); a delay > 0 (s, every synapse) adds the `delay_s` column. */
export function formatNetworkCsv(connectivity: SparseConnectivity, delaySeconds = 0): string {
  const delay = delaySeconds > 0 ? `,${formatExact(delaySeconds)}` : '';
  const lines = [delaySeconds > 0 ? 'pre,post,weight,delay_s' : 'pre,post,weight'];
  for (let j = 0; j < connectivity.size; j++) {
    for (let s = connectivity.rowStart[j]; s < connectivity.rowStart[j + 1]; s++) {
      lines.push(`${j},${connectivity.post[s]},${formatExact(connectivity.weight[s])}${delay}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

/** Mean line length (characters) of the first 64 KiB of a file; undefined if unreadable or empty. */
export function sampleLineLength(path: string, cwd: string): number | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(resolve(cwd, path), 'r');
    const head = Buffer.alloc(1 << 16);
    const read = readSync(fd, head, 0, head.length, 0);
    if (read === 0) return undefined;
    let newlines = 0;
    for (let b = 0; b < read; b++) if (head[b] === 10) newlines++;
    return read / Math.max(1, newlines);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
