import { CliUsageError } from '../cli-errors.js';

/** The part of a sweep one process runs: points p with p mod count = index. */
export interface SweepShare {
  /** 0-based share index, in [0, count). */
  readonly index: number;
  /** Number of shares, ≥ 1. */
  readonly count: number;
  /** Where the index and count came from, for messages (`--task-index`, `SLURM_ARRAY_TASK_ID`, ...). */
  readonly source: string;
}

/**
 * Which share of the sweep this process runs, from the flags or the
 * scheduler's environment (flags win):
 * - `--task-index I --task-count C`;
 * - SLURM job arrays: (`SLURM_ARRAY_TASK_ID` − `SLURM_ARRAY_TASK_MIN`) /
 *   `SLURM_ARRAY_TASK_STEP` (MIN 0 and STEP 1 when unset), out of
 *   `SLURM_ARRAY_TASK_COUNT`: `sbatch --array=0-7` and `--array=1-15:2`
 *   both give shares 0..7 of 8;
 * - Kubernetes Indexed Jobs: `JOB_COMPLETION_INDEX`, out of `--task-count`
 *   or `JOB_COMPLETIONS` (set it in the manifest to `spec.completions`;
 *   Kubernetes does not export the count itself).
 *
 * Without any of these the process runs the whole sweep (share 0 of 1).
 * Throws {@link CliUsageError} for an index without a count, or an index
 * outside [0, count).
 */
export function resolveShare(flags: { taskIndex?: number; taskCount?: number }, env: NodeJS.ProcessEnv): SweepShare {
  let index = flags.taskIndex, count = flags.taskCount;
  let source = index === undefined ? '' : '--task-index';
  if (index === undefined && env.SLURM_ARRAY_TASK_ID !== undefined) {
    const offset = envInteger(env, 'SLURM_ARRAY_TASK_ID') - (env.SLURM_ARRAY_TASK_MIN === undefined ? 0 : envInteger(env, 'SLURM_ARRAY_TASK_MIN'));
    const step = env.SLURM_ARRAY_TASK_STEP === undefined ? 1 : Math.max(1, envInteger(env, 'SLURM_ARRAY_TASK_STEP'));
    if (offset % step !== 0) throw new CliUsageError(`SLURM_ARRAY_TASK_ID ${env.SLURM_ARRAY_TASK_ID} is not on the array's step ${step} from SLURM_ARRAY_TASK_MIN ${env.SLURM_ARRAY_TASK_MIN}`);
    index = offset / step;
    count ??= env.SLURM_ARRAY_TASK_COUNT === undefined ? undefined : envInteger(env, 'SLURM_ARRAY_TASK_COUNT');
    source = 'SLURM_ARRAY_TASK_ID';
  } else if (index === undefined && env.JOB_COMPLETION_INDEX !== undefined) {
    index = envInteger(env, 'JOB_COMPLETION_INDEX');
    count ??= env.JOB_COMPLETIONS === undefined ? undefined : envInteger(env, 'JOB_COMPLETIONS');
    source = 'JOB_COMPLETION_INDEX';
  }
  if (index === undefined) {
    if (count !== undefined && count !== 1) throw new CliUsageError('--task-count needs --task-index (or SLURM_ARRAY_TASK_ID / JOB_COMPLETION_INDEX in the environment)');
    return { index: 0, count: 1, source: 'whole sweep' };
  }
  if (count === undefined) throw new CliUsageError(`${source} ${index} needs a share count: --task-count C${source === 'JOB_COMPLETION_INDEX' ? ' or JOB_COMPLETIONS' : source === 'SLURM_ARRAY_TASK_ID' ? ' or SLURM_ARRAY_TASK_COUNT' : ''}`);
  if (!(count >= 1)) throw new CliUsageError(`the share count must be an integer ≥ 1, got ${count}`);
  if (!(index >= 0 && index < count)) throw new CliUsageError(`${source} ${index} is outside the ${count} shares: expected an index in [0, ${count - 1}]`);
  return { index, count, source };
}

/** Indices of the points of `share` among `points`: p with p mod count = index, ascending. */
export function shareIndices(points: number, share: SweepShare): number[] {
  const indices: number[] = [];
  for (let p = share.index; p < points; p += share.count) indices.push(p);
  return indices;
}

function envInteger(env: NodeJS.ProcessEnv, name: string): number {
  const text = (env[name] ?? '').trim();
  if (!/^\d+$/.test(text)) throw new CliUsageError(`${name} must be an integer ≥ 0, got ${JSON.stringify(env[name])}`);
  return Number(text);
}
