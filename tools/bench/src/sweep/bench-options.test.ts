import { describe, expect, it } from 'vitest';
import { BenchUsageError, parseBenchOptions, parseCount, parseCountList } from './bench-options.js';

describe('parseBenchOptions', () => {
  it('defaults to the issue sweep: N = 1e3…1e6, K = 100, LIF, binary heap, phase frame, anchor on', () => {
    const o = parseBenchOptions([]);
    expect(o.sizes).toEqual([1e3, 1e4, 1e5, 1e6]);
    expect(o.targetCacheBytes).toBeUndefined();
    expect(o).toMatchObject({ k: 100, models: ['lif'], queues: ['binary'], frame: 'phase', expKeys: [true], seed: 1, reps: 5, anchor: true, inlined: true, clock: 'cpu' });
    expect(o.spikes).toBeUndefined();
    expect(o.jsonPath).toBeUndefined();
  });

  it('reads every flag', () => {
    const o = parseBenchOptions([
      '--n', '1e7,1e5,1e5', '--k', '50', '--model', 'lif,qif', '--queue', 'binary,pairing', '--frame', 'time', '--spikes', '2e5',
      '--warmup', '0', '--reps', '7', '--no-anchor', '--naive-max-n', '1e4', '--reference-max-n', '1e3', '--no-inlined',
      '--clock', 'wall', '--json', 'out.json', '--plot', 'out.png', '--linear-spikes', '5000', '--seed', '3',
      '--exp-keys', 'both',
    ]);
    expect(o.sizes).toEqual([1e5, 1e7]);
    expect(o).toMatchObject({
      k: 50, models: ['lif', 'qif'], queues: ['binary', 'pairing'], frame: 'time', spikes: 2e5, warmup: 0, reps: 7, anchor: false,
      naiveMaxN: 1e4, referenceMaxN: 1e3, inlined: false, clock: 'wall', jsonPath: 'out.json', plotPath: 'out.png', linearSpikes: 5000, seed: 3,
      expKeys: [true, false],
    });
  });

  it('rejects malformed values with the flag in the message', () => {
    expect(() => parseBenchOptions(['--n', '1e3,abc'])).toThrow(/--n/);
    expect(() => parseBenchOptions(['--reps', '0'])).toThrow(BenchUsageError);
    expect(() => parseBenchOptions(['--frame', 'space'])).toThrow(/--frame/);
    expect(() => parseBenchOptions(['--plot', 'out.pdf'])).toThrow(/\.svg or \.png/);
    expect(() => parseBenchOptions(['--n', '100', '--k', '100'])).toThrow(/K \+ 2/);
    expect(() => parseBenchOptions(['--bogus'])).toThrow(BenchUsageError);
    expect(() => parseBenchOptions(['--exp-keys', 'maybe'])).toThrow(/on, off or both/);
    expect(() => parseBenchOptions(['--engine', 'wasm,gpu'])).toThrow(/wasm, wasm-heap32 and\/or js/);
    expect(() => parseBenchOptions(['--brian2', '0.1,fast'])).toThrow(/--brian2/);
    expect(() => parseBenchOptions(['--brian2', '5'])).toThrow(/\[0.0001, 1\]/);
    expect(() => parseBenchOptions(['--brian2-seconds', '0'])).toThrow(/--brian2-seconds/);
  });

  it('runs Brian2 at dt = 0.1 and 0.01 ms up to N = 1e6 by default; --brian2 off turns it off', () => {
    const o = parseBenchOptions([]);
    expect(o).toMatchObject({ brian2DtsMs: [0.1, 0.01], brian2MaxN: 1e6, brian2Seconds: undefined, python: '/usr/bin/python3', engines: ['wasm', 'js'] });
    expect(parseBenchOptions(['--brian2', 'off']).brian2DtsMs).toEqual([]);
    expect(parseBenchOptions(['--brian2', '0.01,0.1,0.01', '--brian2-max-n', '1e7', '--brian2-seconds', '0.5', '--python', '/opt/py']))
      .toMatchObject({ brian2DtsMs: [0.1, 0.01], brian2MaxN: 1e7, brian2Seconds: 0.5, python: '/opt/py' });
    expect(parseBenchOptions(['--engine', 'wasm,wasm-heap32,js']).engines).toEqual(['wasm', 'wasm-heap32', 'js']);
  });
});

describe('parseCount', () => {
  it('accepts exponent and underscore forms', () => {
    expect(parseCount('n', '1e5', 1)).toBe(100_000);
    expect(parseCount('n', '100_000', 1)).toBe(100_000);
    expect(parseCountList('n', '1e4, 1e3,', 1)).toEqual([1e3, 1e4]);
  });

  it('rejects fractions, out-of-range and empty values', () => {
    expect(() => parseCount('n', '1.5', 1)).toThrow(BenchUsageError);
    expect(() => parseCount('n', '1e10', 1)).toThrow(/\[1, 2147483647\]/);
    expect(() => parseCount('n', '', 1)).toThrow(BenchUsageError);
  });
});
