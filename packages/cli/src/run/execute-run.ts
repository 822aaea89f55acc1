import type { RunOptions, SpikeListener } from '@sparseprop/core';
import { SpikeCsvWriter } from '../io/spike-csv-writer.js';
import type { PreparedRun } from './prepare-run.js';
import type { ProgressReporter } from './progress.js';
import { type CliRunSummary, toCliSummary } from './run-summary.js';

/** Where a prepared run's output goes. */
export interface ExecuteOptions {
  /** Stream the spikes to this CSV file (relative to `cwd`), replaced only when the run succeeds. */
  readonly out?: string;
  readonly cwd: string;
  readonly progress: ProgressReporter;
}

/**
 * Run a prepared simulation to its stop condition, streaming spikes to the
 * `--out` file and updating the progress bar. On failure the bar is removed
 * and the partial output deleted before the error propagates.
 */
export function executeRun(prepared: PreparedRun, options: ExecuteOptions): CliRunSummary {
  const writer = options.out === undefined ? undefined : SpikeCsvWriter.open(options.out, options.cwd);
  const progress = options.progress;
  let lastSpikeSeconds = 0;
  let onSpike: SpikeListener | undefined;
  if (writer !== undefined && progress.needsTime) {
    onSpike = (t, j) => {
      writer.write(t, j);
      lastSpikeSeconds = t;
    };
  } else if (writer !== undefined) {
    onSpike = (t, j) => writer.write(t, j);
  } else if (progress.needsTime) {
    onSpike = (t) => {
      lastSpikeSeconds = t;
    };
  }
  const { stop } = prepared;
  const runOptions: RunOptions = {
    maxSpikes: stop.kind === 'spikes' ? stop.spikes : undefined,
    maxTimeSeconds: stop.kind === 'duration' ? stop.seconds : undefined,
    onSpike,
    onProgress: (spikes) => progress.update(spikes, lastSpikeSeconds),
    progressEvery: progress.every,
  };
  try {
    progress.start();
    const summary = prepared.composed.simulator.run(runOptions);
    progress.stop();
    writer?.commit();
    return toCliSummary(summary);
  } catch (error) {
    progress.stop();
    writer?.abort();
    throw error;
  }
}
