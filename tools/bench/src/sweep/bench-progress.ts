import { SingleBar } from 'cli-progress';

/**
 * The progress line on stderr: steps done of the total and the task
 * running now. Redrawn in place on a terminal; on a pipe (CI logs) a plain
 * line every few seconds.
 */
export class BenchProgress {
  private readonly bar = new SingleBar({
    stream: process.stderr,
    format: 'bench [{bar}] {value}/{total} | {eta_formatted} left | {task}',
    barsize: 24,
    hideCursor: true,
    etaBuffer: 30,
    noTTYOutput: true,
    notTTYSchedule: 5000,
  });
  private started = false;
  private task = '';

  /** Show the line with `total` steps to go. */
  start(total: number): void {
    this.bar.start(total, 0, { task: this.task });
    this.started = true;
  }

  /** Name the task running now. */
  describe(task: string): void {
    this.task = task;
    if (this.started) this.bar.update({ task });
  }

  /** One step done. */
  step(): void {
    if (this.started) this.bar.increment(1, { task: this.task });
  }

  /** Print a message above the line. */
  note(message: string): void {
    if (this.started && process.stderr.isTTY) {
      process.stderr.write('\r\x1b[2K');
    }
    process.stderr.write(`${message}\n`);
  }

  /** Remove the line (before the results are printed). */
  stop(): void {
    if (this.started) this.bar.stop();
    this.started = false;
  }
}
