import { describe, expect, it } from 'vitest';
import { pastTimeLimit, runLimits } from './run-limits.js';
import { InvalidParameterError } from '../errors/errors.js';

describe('run limits', () => {
  it('need one finite limit and reject negative or fractional ones', () => {
    expect(() => runLimits({}, 0)).toThrow(/at least one finite limit/);
    expect(() => runLimits({ maxSpikes: -1 }, 0)).toThrow(InvalidParameterError);
    expect(() => runLimits({ maxSpikes: 1.5 }, 0)).toThrow(/maxSpikes/);
    expect(() => runLimits({ maxTimeSeconds: Number.NaN }, 0)).toThrow(/maxTimeSeconds/);
    expect(runLimits({ maxTimeSeconds: 2 }, 0)).toEqual({ maxSpikes: Infinity, maxTimeSeconds: 2, progressEvery: 65536 });
  });
});

describe('run options from JavaScript callers', () => {
  it.each([
    [undefined, /^run options must be an object such as \{ maxSpikes: 1000 \}/],
    [null, /^run options must be an object/],
    [5, /^run options must be an object/],
    [[], /^run options must be an object/],
    [{ maxTimeSeconds: '1' }, /^maxTimeSeconds must be a number of seconds ≥ 0, got "1"$/],
    [{ maxSpikes: '10' }, /^maxSpikes must be an integer ≥ 0 \(a number\), got "10"$/],
    [{ maxSpikes: 10, onSpike: 5 }, /^onSpike must be a function \(timeSeconds, neuron\) => void, got 5$/],
    [{ maxSpikes: 10, onProgress: 'x' }, /^onProgress must be a function/],
    [{ maxSpikes: 10, record: {} }, /^record must be a spike recorder with push/],
  ])('runLimits(%j) is a typed error naming the parameter', (options, message) => {
    expect(() => runLimits(options as never, 0)).toThrow(InvalidParameterError);
    expect(() => runLimits(options as never, 0)).toThrow(message);
  });

  it('a time limit at or before the current time is an empty run (the clock never runs backwards)', () => {
    expect(pastTimeLimit(10, 1, 2)).toEqual({ neurons: 10, spikes: 0, startSeconds: 2, endSeconds: 2, rateHz: 0, wallSeconds: 0, nsPerSpike: 0 });
    expect(pastTimeLimit(10, 2, 2)?.spikes).toBe(0);
    expect(pastTimeLimit(10, 3, 2)).toBeUndefined();
    expect(pastTimeLimit(10, Infinity, 2)).toBeUndefined();
  });
});
