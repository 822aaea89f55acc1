import { closeSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { SparseConnectivity } from '@sparseprop/core';
import { formatExact } from './format-exact.js';
import { readInputText } from './read-input-file.js';

/**
 * Load the `--network` CSV edge list (`pre,post,weight`, neurons from 0,
 * weight = voltage jump J) as explicit connectivity. With `n` undefined the
 * network has 1 + the largest neuron index in the file.
 */
export function readNetworkFile(path: string, cwd: string, n: number | undefined, checkSize?: (neurons: number, edges: number) => void): SparseConnectivity {
  return SparseConnectivity.fromCsv(readInputText(path, cwd, '--network file'), n, path, { checkSize });
}

/** Write connectivity as the CSV edge list {@link readNetworkFile} reads (full double precision). */
export function formatNetworkCsv(connectivity: SparseConnectivity): string {
  const lines = ['pre,post,weight'];
  for (let j = 0; j < connectivity.size; j++) {
    for (let s = connectivity.rowStart[j]; s < connectivity.rowStart[j + 1]; s++) {
      lines.push(`${j},${connectivity.post[s]},${formatExact(connectivity.weight[s])}`);
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
