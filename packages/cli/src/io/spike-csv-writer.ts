import type { OutputStream } from '../cli-io.js';
import { type NamedInput, OutputFile, type OutputTarget, resolveOutputTarget } from './output-file.js';

/** Header line of the spike CSV. */
export const SPIKE_CSV_HEADER = 'time_s,neuron';

/** Characters buffered before one write to disk. */
const FLUSH_CHARS = 1 << 20;

/**
 * Streams spikes to a CSV file `time_s,neuron` (neurons from 0, times with
 * full double precision) through a ~1 MB buffer, so a run of any length
 * holds O(1) spikes in memory. A regular file is written to a temporary file
 * beside the target; {@link commit} renames it into place, {@link abort}
 * deletes it, so the target never holds a half-written run. `-` streams to
 * standard output and a special file (`/dev/null`, a FIFO) is written in
 * place (see {@link resolveOutputTarget} for the whole policy).
 */
export class SpikeCsvWriter {
  private buffer = '';
  private spikes = 0;

  private constructor(
    /** The target path as the user gave it (for messages). */
    readonly path: string,
    private readonly file: OutputFile,
  ) {
    this.buffer = `${SPIKE_CSV_HEADER}\n`;
  }

  /**
   * Open the output now, so an unwritable path fails before the run starts.
   * @param inputs the run's input files, which must not be overwritten
   * @param stdout where `-` writes
   */
  static open(path: string, cwd: string, inputs: readonly NamedInput[] = [], stdout?: OutputStream): SpikeCsvWriter {
    return SpikeCsvWriter.openTarget(resolveOutputTarget(path, cwd, inputs), cwd, stdout);
  }

  /** Open an already resolved target. */
  static openTarget(target: OutputTarget, cwd: string, stdout?: OutputStream): SpikeCsvWriter {
    return new SpikeCsvWriter(target.path, OutputFile.open(target, cwd, stdout));
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

  /** Flush, close, and move the file into place (replacing a previous regular file). */
  commit(): void {
    try {
      this.flush();
    } catch (error) {
      this.file.abort();
      throw error;
    }
    this.file.commit();
  }

  /** Discard everything: close and delete the temporary file. Safe to call twice. */
  abort(): void {
    this.buffer = '';
    this.file.abort();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    const text = this.buffer;
    this.buffer = '';
    this.file.write(text);
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
