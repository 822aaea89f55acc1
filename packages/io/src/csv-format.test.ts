import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputFormatError } from '@sparseprop/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SpikeCsvWriter, readSpikeCsv } from './csv-format.js';
import { temporaryDirectory } from './io.test-support.js';

let tmp: ReturnType<typeof temporaryDirectory>;
beforeEach(() => (tmp = temporaryDirectory()));
afterEach(() => tmp.remove());

describe('spike CSV', () => {
  it('writes the bytes of the earlier CLI writer: header, then String(time),neuron per line', async () => {
    const writer = SpikeCsvWriter.open('s.csv', tmp.dir);
    const spikes: [number, number][] = [[0, 0], [1e-7, 3], [0.1 + 0.2, 12], [123.456789012345678, 99999], [5e-324, 1]];
    for (const [t, j] of spikes) writer.write(t, j);
    await writer.commit();
    expect(readFileSync(join(tmp.dir, 's.csv'), 'utf8')).toBe('time_s,neuron\n0,0\n1e-7,3\n0.30000000000000004,12\n123.45678901234568,99999\n5e-324,1\n');
  });

  it('flushes in ~1 MB pieces and reads back a train larger than one read chunk', async () => {
    const writer = SpikeCsvWriter.open('big.csv', tmp.dir);
    const n = 300_000; // ~7 MB: crosses the 4 MB read chunk and many 1 MB flushes
    for (let i = 0; i < n; i++) writer.write(i / 7, (i * 7919) % 100_003);
    await writer.commit();
    const back = readSpikeCsv('big.csv', tmp.dir);
    expect(back.times.length).toBe(n);
    for (let i = 0; i < n; i += 997) {
      expect(back.times[i]).toBe(i / 7);
      expect(back.neurons[i]).toBe((i * 7919) % 100_003);
    }
  });

  it('names the file and line of a malformed spike CSV', () => {
    writeFileSync(join(tmp.dir, 'edges.csv'), 'pre,post,weight\n0,1,0.5\n');
    expect(() => readSpikeCsv('edges.csv', tmp.dir)).toThrow(/edges\.csv:1: not a spike CSV: expected the header "time_s,neuron", got "pre,post,weight"/);
    writeFileSync(join(tmp.dir, 'bad.csv'), 'time_s,neuron\n0.1,2\n0.2,x\n');
    expect(() => readSpikeCsv('bad.csv', tmp.dir)).toThrow(InputFormatError);
    expect(() => readSpikeCsv('bad.csv', tmp.dir)).toThrow(/bad\.csv:3: neuron must be an integer/);
    writeFileSync(join(tmp.dir, 'empty.csv'), '');
    expect(() => readSpikeCsv('empty.csv', tmp.dir)).toThrow(/empty\.csv:1: .*empty/);
  });
});
