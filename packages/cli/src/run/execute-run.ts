import type { RunSummary, SpikeListener } from '@sparseprop/core';
import type { OutputStream } from '../cli-io.js';
import type { NamedInput } from '../io/output-file.js';
import { SpikeCsvWriter } from '../io/spike-csv-writer.js';
import type { PreparedRun } from './prepare-run.js';
import type { ProgressReporter } from './progress.js';
import { type CliRunSummary, toCliSummary } from './run-summary.js';

/** Where a prepared run's output goes. */
export interface ExecuteOptions {
  /** Stream the spikes to this CSV file (relative to `cwd`; `-` is `stdout`), replaced only when the run succeeds. */
  readonly out?: string;
  readonly cwd: string;
  readonly progress: ProgressReporter;
  /** The run's input files: `out` must not be one of them. */
  readonly inputs?: readonly NamedInput[];
  /** Where `--out -` writes. */
  readonly stdout?: OutputStream;
  /**
   * Spikes per slice of the run (default {@link defaultSliceSpikes}). Between
   * slices the command yields to the event loop, so SIGINT/SIGTERM handlers
   * run (and remove the temporary output) within one slice. The slicing does
   * not change the spikes: a run continues exactly where the last stopped.
   */
  readonly sliceSpikes?: number;
}

/**
 * Spikes per slice: 65536 for SparseProp (~0.1–1 s at 1–11 µs per spike);
 * the O(N) reference costs ~N ns per spike, so it slices at ~2^24 / N.
 * It depends on the network only, never on the clock, so a run is sliced the
 * same way every time.
 */
export function defaultSliceSpikes(prepared: PreparedRun): number {
  if (prepared.composed.engine !== 'reference') return 65536;
  return Math.max(16, Math.floor(2 ** 24 / prepared.composed.network.n));
}

/**
 * Run a prepared simulation to its stop condition, streaming spikes to the
 * `--out` file and updating the progress bar. On failure the bar is removed
 * and the partial output deleted before the error propagates.
 */
export async function executeRun(prepared: PreparedRun, options: ExecuteOptions): Promise<CliRunSummary> {
  const writer = options.out === undefined ? undefined : SpikeCsvWriter.open(options.out, options.cwd, options.inputs, options.stdout);
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
  const simulator = prepared.composed.simulator;
  const slice = options.sliceSpikes ?? defaultSliceSpikes(prepared);
  let done = 0;
  const onProgress = (spikes: number) => progress.update(done + spikes, lastSpikeSeconds);
  try {
    progress.start();
    let first: RunSummary | undefined, last: RunSummary | undefined;
    let wallSeconds = 0;
    for (;;) {
      const want = stop.kind === 'spikes' ? Math.min(slice, stop.spikes - done) : slice;
      const summary = simulator.run({
        maxSpikes: want,
        maxTimeSeconds: stop.kind === 'duration' ? stop.seconds : undefined,
        onSpike,
        onProgress,
        progressEvery: progress.every,
      });
      first ??= summary;
      last = summary;
      wallSeconds += summary.wallSeconds;
      done += summary.spikes;
      progress.update(done, lastSpikeSeconds);
      if (stop.kind === 'spikes' ? done >= stop.spikes : summary.spikes < want) break;
      await yieldToEventLoop();
    }
    progress.stop();
    writer?.commit();
    return toCliSummary({ ...(last as RunSummary), startSeconds: (first as RunSummary).startSeconds, spikes: done, wallSeconds });
  } catch (error) {
    progress.stop();
    writer?.abort();
    throw error;
  }
}

/** Let pending I/O and signal handlers run (setImmediate runs after the poll phase that delivers signals). */
function yieldToEventLoop(): Promise<void> {
  return new Promise((done) => setImmediate(done));
}
