import { closeSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CliFileError, describeSystemError } from '../cli-errors.js';

/** Header line of the spike CSV. */
export const SPIKE_CSV_HEADER = 'time_s,neuron';

/** Characters buffered before one write to disk. */
const FLUSH_CHARS = 1 << 20;

/**
 * Streams spikes to a CSV file `time_s,neuron` (neurons from 0, times with
 * full double precision) through a ~1 MB buffer, so a run of any length
 * holds O(1) spikes in memory. Spikes go to a temporary file beside the
 * target; {@link commit} renames it into place, {@link abort} deletes it, so
 * the target never holds a half-written run.
 */
export class SpikeCsvWriter {
  private buffer = '';
  private fd: number | undefined;
  private spikes = 0;

  private constructor(
    /** The target path as the user gave it (for messages). */
    readonly path: string,
    private readonly target: string,
    private readonly temporary: string,
    fd: number,
  ) {
    this.fd = fd;
    this.buffer = `${SPIKE_CSV_HEADER}\n`;
  }

  /** Create the temporary file now, so an unwritable path fails before the run starts. */
  static open(path: string, cwd: string): SpikeCsvWriter {
    const target = resolve(cwd, path);
    const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
    try {
      return new SpikeCsvWriter(path, target, temporary, openSync(temporary, 'wx'));
    } catch (error) {
      throw new CliFileError(path, 'write the --out file', describeSystemError(error));
    }
  }

  /** Spikes written so far. */
  get count(): number {
    return this.spikes;
  }

  /** Append one spike (a {@link SpikeListener}-shaped method; bind or wrap it). */
  write(timeSeconds: number, neuron: number): void {
    this.buffer += `${timeSeconds},${neuron}\n`;
    this.spikes++;
    if (this.buffer.length >= FLUSH_CHARS) this.flush();
  }

  /** Flush, close, and move the file into place (replacing any previous file). */
  commit(): void {
    try {
      this.flush();
      this.close();
      renameSync(this.temporary, this.target);
    } catch (error) {
      this.abort();
      throw new CliFileError(this.path, 'write the --out file', describeSystemError(error));
    }
  }

  /** Discard everything: close and delete the temporary file. Safe to call twice. */
  abort(): void {
    try {
      this.close();
    } catch {
      // already failing: the temporary file is removed below either way
    }
    try {
      unlinkSync(this.temporary);
    } catch {
      // already gone
    }
  }

  private flush(): void {
    if (this.buffer.length === 0 || this.fd === undefined) return;
    try {
      writeSync(this.fd, this.buffer);
    } catch (error) {
      throw new CliFileError(this.path, 'write the --out file', describeSystemError(error));
    }
    this.buffer = '';
  }

  private close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    closeSync(fd);
  }
}

/** Parse a spike CSV written by {@link SpikeCsvWriter} (for tests and tools). */
export function parseSpikeCsv(text: string): { times: number[]; neurons: number[] } {
  const lines = text.split('\n').filter((line) => line !== '');
  if (lines[0] !== SPIKE_CSV_HEADER) throw new Error(`expected header ${SPIKE_CSV_HEADER}, got ${lines[0]}`);
  const times: number[] = [], neurons: number[] = [];
  for (const line of lines.slice(1)) {
    const [t, j] = line.split(',');
    times.push(Number(t));
    neurons.push(Number(j));
  }
  return { times, neurons };
}
