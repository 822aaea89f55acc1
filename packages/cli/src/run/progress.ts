import cliProgress from 'cli-progress';
import type { OutputStream } from '../cli-io.js';
import type { StopCondition } from './stop-condition.js';

/** Reports a run's progress; a no-op when no bar is shown. */
export interface ProgressReporter {
  /** Whether {@link update} needs the simulated time (a `--duration` bar); when false any time may be passed. */
  readonly needsTime: boolean;
  /** Spikes between two updates: pass as `RunOptions.progressEvery`. */
  readonly every: number;
  /** Draw the bar at the start. */
  start(): void;
  /** `spikes` done so far; `seconds` of simulated time (used only by duration bars). */
  update(spikes: number, seconds: number): void;
  /** Remove the bar (also after a failure). */
  stop(): void;
}

const SILENT: ProgressReporter = { needsTime: false, every: 1 << 20, start() {}, update() {}, stop() {} };

/**
 * A progress bar on `stderr` when it is a terminal and the user did not ask
 * for quiet; otherwise a silent reporter. The bar counts spikes, or
 * milliseconds of simulated time for `--duration` runs. Updates are drawn
 * synchronously (the run loop never yields to timers), at most ~10 per second.
 */
export function createProgress(stop: StopCondition, stderr: OutputStream, quiet: boolean): ProgressReporter {
  if (quiet || stderr.isTTY !== true) return SILENT;
  const bySpikes = stop.kind === 'spikes';
  const total = bySpikes ? stop.spikes : Math.max(1, Math.round(stop.seconds * 1000));
  const bar = new cliProgress.SingleBar(
    {
      stream: stderr as NodeJS.WritableStream,
      format: bySpikes
        ? 'simulating [{bar}] {percentage}% | {value}/{total} spikes | ETA {eta_formatted}'
        : 'simulating [{bar}] {percentage}% | {value}/{total} ms | {spikes} spikes | ETA {eta_formatted}',
      hideCursor: false, // a killed run must not leave the cursor hidden
      gracefulExit: false, // keep Ctrl-C's default: end the process at once
      clearOnComplete: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  let running = false;
  return {
    needsTime: !bySpikes,
    every: bySpikes ? Math.min(65536, Math.max(1, Math.ceil(total / 1000))) : 4096,
    start() {
      bar.start(total, 0, { spikes: 0 });
      running = true;
    },
    update(spikes, seconds) {
      if (running) bar.update(bySpikes ? spikes : Math.min(total, Math.round(seconds * 1000)), { spikes });
    },
    stop() {
      if (running) bar.stop();
      running = false;
    },
  };
}
