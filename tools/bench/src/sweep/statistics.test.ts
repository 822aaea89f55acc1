import { describe, expect, it } from 'vitest';
import { defaultLinearSpikes, defaultTimedSpikes, defaultWarmupSpikes } from './spike-budget.js';
import { median, ratio } from './statistics.js';

describe('median', () => {
  it('takes the middle value, or the mean of the two middle values', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('ignores non-finite values and is NaN when nothing is left', () => {
    expect(median([1, Number.NaN, 3, Infinity])).toBe(2);
    expect(median([])).toBeNaN();
  });

  it('is robust to one slow outlier', () => {
    expect(median([10, 11, 10.5, 1000, 10.2])).toBe(10.5);
  });
});

describe('ratio', () => {
  it('divides medians and refuses missing or non-positive denominators', () => {
    expect(ratio(6, 4)).toBe(1.5);
    expect(ratio(6, 0)).toBeNaN();
    expect(ratio(undefined, 4)).toBeNaN();
    expect(ratio(6, Number.NaN)).toBeNaN();
  });
});

describe('spike budget', () => {
  it('times at least 2e5 spikes, N/2 up to 1e6 and keeps O(N) methods near 2e9 neuron visits', () => {
    expect(defaultTimedSpikes(1e5)).toBe(2e5);
    expect(defaultTimedSpikes(1e6)).toBe(5e5);
    expect(defaultTimedSpikes(1e7)).toBe(1e6);
    expect(defaultWarmupSpikes(2e5)).toBe(5e4);
    expect(defaultWarmupSpikes(1000)).toBe(1000);
    expect(defaultLinearSpikes(1e3, 2e5)).toBe(2e5);
    expect(defaultLinearSpikes(1e5, 2e5)).toBe(2e4);
    expect(defaultLinearSpikes(1e8, 2e5)).toBe(2000);
  });
});
