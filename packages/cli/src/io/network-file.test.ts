import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeNumpyArrays } from '@sparseprop/io';
import { afterAll, describe, expect, it } from 'vitest';
import { CliFileError } from '../cli-errors.js';
import { capturedIo } from '../cli-io.js';
import { createCliContainer } from '../plugins.js';
import { runCommand } from '../run/run-command.js';
import { tempDir } from '../temp-dir.test-support.js';
import { readNetworkFile } from './network-file.js';

const dir = tempDir('network-file');
afterAll(dir.cleanup);

/** A small explicit network: 40 neurons, 6 targets each, weights of both signs at full precision. */
function edges() {
  const pre: number[] = [], post: number[] = [], weight: number[] = [];
  for (let j = 0; j < 40; j++) for (let q = 1; q <= 6; q++) {
    pre.push(j);
    post.push((j + 7 * q) % 40);
    weight.push((q % 3 === 0 ? 0.02 : -0.11) * (1 + j / 97));
  }
  return { pre, post, weight };
}

describe('--network from a NumPy .npz archive', () => {
  const { pre, post, weight } = edges();
  writeFileSync(join(dir.path, 'net.csv'), ['pre,post,weight', ...pre.map((p, e) => `${p},${post[e]},${weight[e]}`)].join('\n') + '\n');
  writeNumpyArrays(join(dir.path, 'net.npz'), dir.path, { pre: Int32Array.from(pre), post: Int32Array.from(post), weight: Float64Array.from(weight) });

  it('reads the same connectivity as the CSV edge list', () => {
    const fromCsv = readNetworkFile('net.csv', dir.path, undefined);
    const fromNpz = readNetworkFile('net.npz', dir.path, undefined);
    expect(fromNpz.size).toBe(40);
    expect(Array.from(fromNpz.rowStart)).toEqual(Array.from(fromCsv.rowStart));
    expect(Array.from(fromNpz.post)).toEqual(Array.from(fromCsv.post));
    expect(Array.from(fromNpz.weight)).toEqual(Array.from(fromCsv.weight));
  });

  it('runs to the same spike file as the CSV edge list', async () => {
    const container = createCliContainer();
    for (const [network, out] of [['net.csv', 'a.csv'], ['net.npz', 'b.csv']]) {
      const io = capturedIo(dir.path, false);
      expect(await runCommand(['--network', network, '--iext', '0.3', '--spikes', '500', '--out', out], io, { container })).toBe(0);
    }
    expect(readFileSync(join(dir.path, 'b.csv'), 'utf8')).toBe(readFileSync(join(dir.path, 'a.csv'), 'utf8'));
  });

  it('names the file and what is wrong with it', () => {
    writeNumpyArrays(join(dir.path, 'missing.npz'), dir.path, { pre: Int32Array.of(0), post: Int32Array.of(1) });
    expect(() => readNetworkFile('missing.npz', dir.path, undefined)).toThrow(CliFileError);
    expect(() => readNetworkFile('missing.npz', dir.path, undefined)).toThrow(/missing\.npz.*no array "weight"/);
    writeNumpyArrays(join(dir.path, 'ragged.npz'), dir.path, { pre: Int32Array.of(0, 1), post: Int32Array.of(1), weight: Float64Array.of(-0.1) });
    expect(() => readNetworkFile('ragged.npz', dir.path, undefined)).toThrow(/equal lengths, got 2, 1 and 1/);
    writeNumpyArrays(join(dir.path, 'fraction.npz'), dir.path, { pre: Float64Array.of(0.5), post: Float64Array.of(1), weight: Float64Array.of(-0.1) });
    expect(() => readNetworkFile('fraction.npz', dir.path, undefined)).toThrow(/fraction\.npz.*pre\[0\].*integer/);
    writeFileSync(join(dir.path, 'text.npz'), 'pre,post,weight\n0,1,-0.1\n');
    expect(() => readNetworkFile('text.npz', dir.path, undefined)).toThrow(/text\.npz.*not a NumPy \.npz archive/);
  });

  it('checks the size from the largest index and edge count before building', () => {
    writeNumpyArrays(join(dir.path, 'huge.npz'), dir.path, { pre: Int32Array.of(0), post: Int32Array.of(700_000_000), weight: Float64Array.of(-0.1) });
    const seen: [number, number][] = [];
    expect(() =>
      readNetworkFile('huge.npz', dir.path, undefined, (neurons, count) => {
        seen.push([neurons, count]);
        throw new Error('refused');
      }),
    ).toThrow('refused');
    expect(seen).toEqual([[700_000_001, 1]]);
  });
});
