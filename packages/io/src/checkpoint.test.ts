import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readCheckpoint, writeCheckpoint } from './checkpoint.js';
import { temporaryDirectory } from './io.test-support.js';

let tmp: ReturnType<typeof temporaryDirectory>;
beforeEach(() => (tmp = temporaryDirectory()));
afterEach(() => tmp.remove());

describe('checkpoint files', () => {
  it('round-trip every scalar and array bit for bit (subnormals, -0, huge values)', () => {
    const keys = new Float64Array([1.5, -0, 5e-324, 1.7976931348623157e308, 2 ** -1074 * 3, Math.PI]);
    const checkpoint = {
      software: '0.1.0',
      fingerprint: 'abc',
      config: { model: 'lif', n: 6, modelParams: { vReset: -1 } },
      spikes: 12345,
      timeSeconds: 1.25,
      state: { engine: 'exp-key', numbers: { factor: 1.0000000000000002, rescalings: 3, tiny: -0 }, arrays: { keys } },
    };
    writeCheckpoint('c.ckpt', tmp.dir, checkpoint);
    const back = readCheckpoint('c.ckpt', tmp.dir);
    expect(back.state.arrays.keys).toEqual(keys);
    for (let i = 0; i < keys.length; i++) expect(Object.is(back.state.arrays.keys[i], keys[i])).toBe(true);
    expect(Object.is(back.state.numbers.tiny, -0)).toBe(true);
    expect(back).toEqual({ ...checkpoint, state: { ...checkpoint.state, arrays: { keys: back.state.arrays.keys } } });
  });

  it('refuses a file that is not a checkpoint, or of another format version, saying why', () => {
    writeFileSync(join(tmp.dir, 'x.ckpt'), 'hello');
    expect(() => readCheckpoint('x.ckpt', tmp.dir)).toThrow(/cannot resume from x\.ckpt: not a sparseprop checkpoint \(not a ZIP archive\)/);
    expect(() => readCheckpoint('none.ckpt', tmp.dir)).toThrow(/cannot resume from none\.ckpt: no such file or directory/);
    expect(() => writeCheckpoint('missing/c.ckpt', tmp.dir, { software: '', fingerprint: '', config: {}, spikes: 0, timeSeconds: 0, state: { engine: 'x', numbers: {}, arrays: {} } })).toThrow(
      /cannot write the checkpoint missing\/c\.ckpt: directory missing does not exist/,
    );
  });
});
