import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CliUsageError } from '../cli-errors.js';
import { resolveShare, shareIndices } from './sweep-share.js';

describe('sweep shares', () => {
  it('the shares of C tasks partition the points (each point in exactly one share)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 500 }), fc.integer({ min: 1, max: 40 }), (points, count) => {
        const all = Array.from({ length: count }, (_, index) => shareIndices(points, { index, count, source: 'test' })).flat();
        expect(all.sort((a, b) => a - b)).toEqual(Array.from({ length: points }, (_, p) => p));
      }),
    );
  });

  it('flags win over the environment; SLURM arrays count from SLURM_ARRAY_TASK_MIN in SLURM_ARRAY_TASK_STEP', () => {
    expect(resolveShare({}, {})).toMatchObject({ index: 0, count: 1 });
    expect(resolveShare({ taskIndex: 2, taskCount: 3 }, { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '9' })).toMatchObject({ index: 2, count: 3, source: '--task-index' });
    expect(resolveShare({}, { SLURM_ARRAY_TASK_ID: '5', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '8' })).toMatchObject({ index: 4, count: 8, source: 'SLURM_ARRAY_TASK_ID' });
    expect(resolveShare({}, { SLURM_ARRAY_TASK_ID: '7', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_STEP: '2', SLURM_ARRAY_TASK_COUNT: '8' })).toMatchObject({ index: 3, count: 8 });
    expect(() => resolveShare({}, { SLURM_ARRAY_TASK_ID: '6', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_STEP: '2', SLURM_ARRAY_TASK_COUNT: '8' })).toThrow(/not on the array's step 2/);
    expect(resolveShare({}, { JOB_COMPLETION_INDEX: '3', JOB_COMPLETIONS: '4' })).toMatchObject({ index: 3, count: 4, source: 'JOB_COMPLETION_INDEX' });
    expect(resolveShare({ taskCount: 6 }, { JOB_COMPLETION_INDEX: '3' })).toMatchObject({ index: 3, count: 6 });
  });

  it('refuses an index without a count, an index out of range and malformed variables', () => {
    expect(() => resolveShare({ taskIndex: 1 }, {})).toThrow(new CliUsageError('--task-index 1 needs a share count: --task-count C'));
    expect(() => resolveShare({}, { JOB_COMPLETION_INDEX: '1' })).toThrow(/JOB_COMPLETION_INDEX 1 needs a share count: --task-count C or JOB_COMPLETIONS/);
    expect(() => resolveShare({ taskIndex: 4, taskCount: 4 }, {})).toThrow(/--task-index 4 is outside the 4 shares: expected an index in \[0, 3\]/);
    expect(() => resolveShare({ taskCount: 2 }, {})).toThrow(/--task-count needs --task-index/);
    expect(() => resolveShare({}, { SLURM_ARRAY_TASK_ID: 'x', SLURM_ARRAY_TASK_COUNT: '2' })).toThrow(/SLURM_ARRAY_TASK_ID must be an integer ≥ 0, got "x"/);
  });
});
