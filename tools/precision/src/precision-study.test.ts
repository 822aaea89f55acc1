import { createContainer, registerPlugins } from '@sparseprop/core';
import { lif } from '@sparseprop/model-lif';
import { binaryHeap } from '@sparseprop/queue-heap';
import { describe, expect, it } from 'vitest';
import { checkpointsUpTo, DEFAULT_VARIANTS, runPrecisionStudy } from './precision-study.js';

describe('checkpointsUpTo', () => {
  it('takes 1 and 3 of every decade from 1e3, and the total', () => {
    expect(checkpointsUpTo(1e5)).toEqual([1e3, 3e3, 1e4, 3e4, 1e5]);
    expect(checkpointsUpTo(5000)).toEqual([1e3, 3e3, 5000]);
    expect(checkpointsUpTo(500)).toEqual([500]);
  });
});

describe('runPrecisionStudy (LIF, N = 300, 3000 spikes)', () => {
  it('records each variant at every checkpoint with rounding-level errors and the same neuron sequence', () => {
    const container = registerPlugins(createContainer(), lif, binaryHeap);
    const progress: number[] = [];
    let checkpointCalls = 0;
    const series = runPrecisionStudy(container, { model: 'lif', n: 300, k: 100, seed: 2 }, 3000, DEFAULT_VARIANTS, (done) => progress.push(done), () => checkpointCalls++);
    expect(progress).toEqual([1000, 3000]);
    expect(checkpointCalls).toBe(2);
    expect(series.map((s) => s.label)).toEqual(DEFAULT_VARIANTS.map((v) => v.label));
    for (const s of series) {
      // LIF: every engine reproduces the reference's neuron sequence (its tie rule is the same)
      expect(s.divergedAt).toBeUndefined();
      expect(s.checkpoints.map((c) => c.spikes)).toEqual([1000, 3000]);
      const [first, last] = s.checkpoints;
      expect(last.simulatedSeconds).toBeGreaterThan(first.simulatedSeconds);
      // errors only grow (running maxima). Measured: at most 1.3e-15 s absolute and 5.3e-14 relative
      // (exponential keys, an early spike); 1e-12 leaves ~1000 roundings (ulp of 3 s is 4.4e-16) of
      // headroom for other seeds and still fails on any real mismatch (spike intervals here are ~3 ms)
      expect(last.maxAbsoluteError).toBeGreaterThanOrEqual(first.maxAbsoluteError);
      expect(last.maxAbsoluteError).toBeLessThan(1e-12);
      expect(last.maxRelativeError).toBeLessThan(1e-12);
    }
  });
});
