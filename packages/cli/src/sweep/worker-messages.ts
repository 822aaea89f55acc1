import type { RunConfig } from '../run/run-config.js';
import type { CliRunSummary } from '../run/run-summary.js';

/** Main thread → worker: run one point. */
export interface RunPointRequest {
  readonly index: number;
  readonly config: RunConfig;
  /** Directory relative paths of the config resolve against. */
  readonly cwd: string;
}

/** Worker → main thread: a point's summary, or why it failed. */
export type RunPointReply =
  | { readonly type: 'done'; readonly index: number; readonly summary: CliRunSummary }
  | {
      readonly type: 'failed';
      readonly index: number;
      /** The one-line message `sparseprop run` would print. */
      readonly message: string;
      /** True when the point's input was invalid (exit status 2), false when the run failed (1). */
      readonly invalidInput: boolean;
    };
