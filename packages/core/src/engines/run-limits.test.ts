import { describe, expect, it } from 'vitest';
import { runLimits } from './run-limits.js';
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
