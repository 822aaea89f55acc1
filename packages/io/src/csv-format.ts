import { closeSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputFormatError } from '@sparseprop/core';
import { AtomicOutput } from './atomic-output.js';
import { GrowableFloat64 } from './growable.js';
import { SpikeFileError, describeSystemError } from './spike-file-error.js';
import type { SpikeData, SpikeFileInfo, SpikeFormat, SpikeTarget, SpikeWriter } from './spike-format.js';
import { allPopulation, neuronArray } from './populations.js';

/** Header line of the spike CSV. */
export const SPIKE_CSV_HEADER = 'time_s,neuron';

/** Where a {@link SpikeCsvWriter} writes: text in order, then commit (into place) or abort. */
export interface TextSink {
  write(text: string): void;
  commit(): void;
  abort(): void;
}

/** Characters buffered before one write. */
const FLUSH_CHARS = 1 << 20;

/**
 * Streams spikes as CSV `time_s,neuron` (neurons from 0; times as the
 * shortest decimal that parses back to the same double) through a ~1 MB
 * buffer, so a run of any length holds O(1) spikes in memory.
 */
export class SpikeCsvWriter implements SpikeWriter {
  private buffer = `${SPIKE_CSV_HEADER}\n`;
  private spikes = 0;

  private constructor(
    private readonly output: TextSink,
    /** The target path as the user gave it. */
    readonly path: string,
  ) {}

  /** Open the output now, so an unwritable path fails before a run starts. */
  static open(path: string, cwd: string = process.cwd()): SpikeCsvWriter {
    const output = AtomicOutput.open(path, cwd);
    return new SpikeCsvWriter(output, output.path);
  }

  /**
   * Write through another sink that follows the same commit/abort protocol
   * (e.g. the CLI's output file, which can also be a captured stdout).
   */
  static over(sink: TextSink, path: string): SpikeCsvWriter {
    return new SpikeCsvWriter(sink, path);
  }

  get count(): number {
    return this.spikes;
  }

  write(timeSeconds: number, neuron: number): void {
    this.buffer += `${timeSeconds},${neuron}\n`;
    this.spikes++;
    if (this.buffer.length >= FLUSH_CHARS) this.flush();
  }

  /** Synchronous commit (the CSV writer needs no asynchronous step). */
  commitSync(): void {
    try {
      this.flush();
    } catch (error) {
      this.abort();
      throw error;
    }
    this.output.commit();
  }

  async commit(): Promise<void> {
    this.commitSync();
  }

  abort(): void {
    this.output.abort();
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    this.output.write(this.buffer);
    this.buffer = '';
  }
}

/** Bytes read per chunk when parsing. */
const READ_CHUNK = 1 << 22;

/**
 * Read a spike CSV (`time_s,neuron` header, one spike per line) in 4 MB
 * chunks, so files larger than a JavaScript string can be read. Every
 * malformed line is an {@link InputFormatError} naming the file and line.
 */
export function readSpikeCsv(path: string, cwd: string = process.cwd(), source: string = path): SpikeData {
  let fd: number;
  try {
    fd = openSync(resolve(cwd, path), 'r');
  } catch (error) {
    throw new SpikeFileError(path, 'read', describeSystemError(error));
  }
  const times = new GrowableFloat64(1 << 16);
  const neurons = new GrowableFloat64(1 << 16);
  let maxNeuron = -1;
  let lineNumber = 0;
  let carry = '';
  const decoder = new TextDecoder('utf-8', { fatal: false });
  const chunk = Buffer.allocUnsafe(READ_CHUNK);
  const parseLine = (raw: string) => {
    lineNumber++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (lineNumber === 1) {
      if (line !== SPIKE_CSV_HEADER) {
        throw new InputFormatError(source, 1, `not a spike CSV: expected the header "${SPIKE_CSV_HEADER}", got ${JSON.stringify(line.slice(0, 60))}`);
      }
      return;
    }
    if (line === '') return;
    const comma = line.indexOf(',');
    const t = comma < 0 ? NaN : Number(line.slice(0, comma));
    const j = comma < 0 ? NaN : Number(line.slice(comma + 1));
    if (comma <= 0 || !Number.isFinite(t)) throw new InputFormatError(source, lineNumber, `expected "time_s,neuron" with a finite time in seconds, got ${JSON.stringify(line.slice(0, 60))}`);
    if (!Number.isSafeInteger(j) || j < 0) throw new InputFormatError(source, lineNumber, `neuron must be an integer ≥ 0, got ${JSON.stringify(line.slice(comma + 1, comma + 40))}`);
    times.push(t);
    neurons.push(j);
    if (j > maxNeuron) maxNeuron = j;
  };
  try {
    for (;;) {
      const read = readSync(fd, chunk, 0, READ_CHUNK, null);
      if (read === 0) break;
      const text = carry + decoder.decode(chunk.subarray(0, read), { stream: true });
      const lines = text.split('\n');
      carry = lines.pop() ?? '';
      for (const line of lines) parseLine(line);
    }
    carry += decoder.decode();
    if (carry !== '') parseLine(carry);
    if (lineNumber === 0) throw new InputFormatError(source, 1, `not a spike CSV: the file is empty (expected the header "${SPIKE_CSV_HEADER}")`);
  } finally {
    closeSync(fd);
  }
  const neuronCount = maxNeuron + 1;
  return { times: times.toArray(), neurons: neuronArray(neurons.toArray(), maxNeuron), populations: [allPopulation(Math.max(1, neuronCount))], neuronCount };
}

/** The CSV format: today's `time_s,neuron` text; streamable to stdout and pipes. */
export const csvFormat: SpikeFormat = {
  name: 'csv',
  extensions: ['.csv'],
  description: 'text "time_s,neuron", one spike per line (times in seconds, shortest exact decimal)',
  streamable: true,
  async open(target: SpikeTarget, _info: SpikeFileInfo): Promise<SpikeWriter> {
    return SpikeCsvWriter.open(target.path, target.cwd);
  },
  async read(path: string, cwd?: string): Promise<SpikeData> {
    return readSpikeCsv(path, cwd);
  },
};
