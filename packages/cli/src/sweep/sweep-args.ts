import { parseArgs } from 'node:util';
import { CliUsageError } from '../cli-errors.js';
import { quoteInput } from '../quote-input.js';
import { parseNumberFlag } from '../run/run-args.js';

/** What the arguments of `sparseprop sweep` asked for. */
export type SweepArgs =
  | { readonly command: 'help' }
  | {
      readonly command: 'run';
      /** The sweep file. */
      readonly file: string;
      /** `--out DIR` (default: the sweep file's path without `.json`, plus `.sweep`). */
      readonly out?: string;
      /** `--workers N`: worker threads, integer ≥ 1 (default: available cores). */
      readonly workers?: number;
      readonly taskIndex?: number;
      readonly taskCount?: number;
      readonly quiet: boolean;
    }
  | { readonly command: 'merge'; readonly directory: string; readonly quiet: boolean };

/**
 * Parse `sparseprop sweep SWEEP.json [--out DIR] [--workers N]
 * [--task-index I --task-count C] [-q]` or `sparseprop sweep merge DIR [-q]`.
 * Throws {@link CliUsageError} for unknown flags, missing or extra
 * arguments, and counts that are not integers in range.
 */
export function parseSweepArgs(argv: readonly string[]): SweepArgs {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new CliUsageError(`${message.replace(/\. To specify a positional argument.*$/, '')} (see sparseprop sweep --help)`);
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { command: 'help' };
  const quiet = values.quiet === true;
  if (positionals[0] === 'merge') {
    if (positionals.length !== 2) throw new CliUsageError('sparseprop sweep merge takes one directory: sparseprop sweep merge DIR');
    for (const flag of ['out', 'workers', 'task-index', 'task-count'] as const) {
      if (values[flag] !== undefined) throw new CliUsageError(`--${flag} is not used by sparseprop sweep merge`);
    }
    return { command: 'merge', directory: positionals[1], quiet };
  }
  if (positionals.length !== 1) {
    throw new CliUsageError(positionals.length === 0 ? 'missing the sweep file: sparseprop sweep SWEEP.json (see sparseprop sweep --help)' : `unexpected argument ${quoteInput(positionals[1])}: sparseprop sweep takes one sweep file`);
  }
  return {
    command: 'run',
    file: positionals[0],
    out: values.out,
    workers: integerFlag('--workers', values.workers, 1),
    taskIndex: integerFlag('--task-index', values['task-index'], 0),
    taskCount: integerFlag('--task-count', values['task-count'], 1),
    quiet,
  };
}

const OPTIONS = {
  out: { type: 'string' },
  workers: { type: 'string' },
  'task-index': { type: 'string' },
  'task-count': { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const;

function integerFlag(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = parseNumberFlag(flag, text);
  if (!Number.isSafeInteger(value) || value < min) throw new CliUsageError(`${flag} expects an integer ≥ ${min}, got ${quoteInput(text)}`);
  return value;
}
