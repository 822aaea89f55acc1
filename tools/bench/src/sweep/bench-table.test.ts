import { describe, expect, it } from 'vitest';
import { formatBytesPerNeuron, formatCount, formatMicros, formatRatio } from './bench-format.js';
import { compareSpikeHashes } from './hash-check.js';
import type { RunSample } from './worker-protocol.js';

const sample = (hash: number, spikes = 100): RunSample => ({ spikes, wallNsPerSpike: 1, cpuNsPerSpike: 1, hash, sumidx: 7, rateHz: 3, lastTime: 1 });

describe('formats', () => {
  it('prints µs with 3 significant digits, ratios, counts in powers of ten', () => {
    expect(formatMicros(3412)).toBe('3.41');
    expect(formatMicros(85_210)).toBe('85.2');
    expect(formatMicros(1_234_000)).toBe('1234');
    expect(formatMicros(Number.NaN)).toBe('—');
    expect(formatRatio(1.234)).toBe('1.23×');
    expect(formatCount(200_000)).toBe('2e5');
    expect(formatCount(25_000)).toBe('2.5e4');
    expect(formatCount(2000)).toBe('2000');
    expect(formatCount(123_456)).toBe('123456');
    expect(formatBytesPerNeuron(24.25)).toBe('24.3');
    expect(formatBytesPerNeuron(undefined)).toBe('—');
  });
});

describe('compareSpikeHashes', () => {
  it('says identical when every repetition of both sides agrees', () => {
    expect(compareSpikeHashes('a vs b', [sample(5), sample(5)], [sample(5)]).status).toBe('identical');
  });

  it('reports a mismatch with both hashes', () => {
    const check = compareSpikeHashes('a vs b', [sample(5)], [sample(6)]);
    expect(check.status).toBe('mismatch');
    expect(check.detail).toContain('5 vs 6');
  });

  it('does not compare different spike counts or missing series', () => {
    expect(compareSpikeHashes('a vs b', [sample(5, 100)], [sample(5, 200)]).status).toBe('not compared');
    expect(compareSpikeHashes('a vs b', undefined, [sample(5)]).status).toBe('not compared');
  });
});
