import type { DependencyContainer } from '@sparseprop/core';
import { asSetupError } from '../report-error.js';
import { executeRun } from '../run/execute-run.js';
import { systemMemory } from '../run/memory-budget.js';
import { prepareRun } from '../run/prepare-run.js';
import { createProgress } from '../run/progress.js';
import type { RunConfig } from '../run/run-config.js';
import type { CliRunSummary } from '../run/run-summary.js';

/** Writes nothing: a point runs without a progress bar. */
const SILENT_STREAM = { write: () => true };

/**
 * Run one sweep point exactly as `sparseprop run --config POINT --json`
 * would (same preparation, same streaming statistics, same summary), without
 * spike file, figure or progress bar. Relative paths in `config` resolve
 * against `cwd` (the sweep file's directory). A refusal while the run is
 * built is rethrown as an input error (as `sparseprop run` does).
 */
export async function runPoint(config: RunConfig, cwd: string, container: DependencyContainer): Promise<CliRunSummary> {
  let prepared;
  try {
    prepared = prepareRun(config, { cwd, container, memory: systemMemory() });
  } catch (error) {
    throw asSetupError(error);
  }
  return executeRun(prepared, { cwd, progress: createProgress(prepared.stop, SILENT_STREAM, true) });
}
