import { closeSync, openSync, readFileSync, readSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Zip, ZipPassThrough, unzipSync } from 'fflate';
import { AtomicOutput, registerTemporaryFile, releaseTemporaryFile, temporaryPathBeside, writeFully } from './atomic-output.js';
import { npyHeader, npyNumbers, npyString, npyText } from './npy.js';
import { allPopulation, neuronArray, populationsOf } from './populations.js';
import { SpikeFileError, describeSystemError } from './spike-file-error.js';
import type { PopulationRange, SpikeData, SpikeFileInfo, SpikeFormat, SpikeTarget, SpikeWriter } from './spike-format.js';

/** Spikes buffered in memory before they are appended to the spool files. */
const SPOOL_SPIKES = 1 << 16;
/** Bytes copied per step from a spool file into the archive. */
const COPY_BYTES = 1 << 22;
/** A ZIP entry without ZIP64 holds at most 2^32 − 1 bytes (fflate writes no ZIP64). */
const ZIP_ENTRY_LIMIT = 0xffffffff;
/** Neuron indices beyond this need 64-bit integers in the file. */
const INT32_MAX = 0x7fffffff;
/** Fixed entry timestamp (the DOS epoch), so the same spikes give the same bytes. */
const ENTRY_MTIME = new Date(1980, 0, 1, 0, 0, 0);

/** A temporary file receiving raw array bytes. */
class Spool {
  readonly fd: number;
  bytes = 0;
  constructor(readonly path: string) {
    this.fd = openSync(path, 'wx');
    registerTemporaryFile(path);
  }
  append(data: Uint8Array, userPath: string): void {
    writeFully(this.fd, data, userPath);
    this.bytes += data.length;
  }
  remove(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    try {
      unlinkSync(this.path);
    } catch {
      // already gone
    }
    releaseTemporaryFile(this.path);
  }
}

/**
 * Streams spikes into a NumPy `.npz` archive: `times` (float64, seconds),
 * `neurons` (int32; int64 when N > 2^31) and `params` (a 0-d unicode array
 * holding JSON: the run's parameters, N and the populations). The arrays'
 * lengths are known only at the end, so spikes are spooled through a 64k
 * buffer into two raw temporary files beside the output and copied into the
 * archive (stored, uncompressed) on commit: memory stays O(1) in the number
 * of spikes; the disk holds the spikes twice until the commit finishes.
 */
export class SpikeNpzWriter implements SpikeWriter {
  private readonly times = new Float64Array(SPOOL_SPIKES);
  private readonly neurons: Int32Array;
  private readonly wide: boolean;
  private fill = 0;
  private spikes = 0;
  private closed = false;

  private constructor(
    private readonly output: AtomicOutput,
    private readonly timeSpool: Spool,
    private readonly neuronSpool: Spool,
    private readonly info: SpikeFileInfo,
    private readonly populations: readonly PopulationRange[],
  ) {
    this.wide = info.neurons - 1 > INT32_MAX;
    this.neurons = new Int32Array(this.wide ? 2 * SPOOL_SPIKES : SPOOL_SPIKES);
  }

  /** Open the output and its spool files now (an unwritable path fails here). */
  static open(target: SpikeTarget, info: SpikeFileInfo): SpikeNpzWriter {
    const populations = populationsOf(info);
    const output = AtomicOutput.open(target.path, target.cwd);
    const base = output.streaming ? join(tmpdir(), 'sparseprop-spikes') : output.target;
    let timeSpool: Spool | undefined;
    try {
      timeSpool = new Spool(temporaryPathBeside(base, 'times.tmp'));
      const neuronSpool = new Spool(temporaryPathBeside(base, 'neurons.tmp'));
      return new SpikeNpzWriter(output, timeSpool, neuronSpool, info, populations);
    } catch (error) {
      timeSpool?.remove();
      output.abort();
      throw new SpikeFileError(target.path, 'write', `cannot create a spool file in ${output.streaming ? tmpdir() : dirname(output.target)}: ${describeSystemError(error)}`);
    }
  }

  get path(): string {
    return this.output.path;
  }

  get count(): number {
    return this.spikes;
  }

  write(timeSeconds: number, neuron: number): void {
    const i = this.fill;
    this.times[i] = timeSeconds;
    if (this.wide) {
      this.neurons[2 * i] = neuron % 0x100000000 | 0; // low word, two's complement bits
      this.neurons[2 * i + 1] = Math.floor(neuron / 0x100000000);
    } else {
      this.neurons[i] = neuron;
    }
    this.spikes++;
    if (++this.fill === SPOOL_SPIKES) this.flush();
  }

  async commit(): Promise<void> {
    if (this.closed) return;
    try {
      this.flush();
      closeSync(this.timeSpool.fd);
      closeSync(this.neuronSpool.fd);
      this.writeArchive();
      this.closed = true;
      this.timeSpool.remove();
      this.neuronSpool.remove();
      this.output.commit();
    } catch (error) {
      this.abort();
      throw error instanceof SpikeFileError ? error : new SpikeFileError(this.path, 'write', describeSystemError(error));
    }
  }

  abort(): void {
    this.closed = true;
    this.timeSpool.remove();
    this.neuronSpool.remove();
    this.output.abort();
  }

  private flush(): void {
    if (this.fill === 0) return;
    const n = this.fill;
    this.timeSpool.append(new Uint8Array(this.times.buffer, 0, 8 * n), this.path);
    this.neuronSpool.append(new Uint8Array(this.neurons.buffer, 0, (this.wide ? 8 : 4) * n), this.path);
    this.fill = 0;
  }

  private writeArchive(): void {
    const n = this.spikes;
    if (this.timeSpool.bytes + 128 > ZIP_ENTRY_LIMIT) {
      throw new SpikeFileError(this.path, 'write', `${n} spikes make a times array above 4 GiB, which needs ZIP64 (not written by fflate); use .h5`);
    }
    let failure: Error | null = null;
    const zip = new Zip((error, chunk) => {
      if (error) failure = error;
      else this.output.write(chunk);
    });
    const entry = (name: string) => {
      const file = new ZipPassThrough(name);
      file.mtime = ENTRY_MTIME;
      zip.add(file);
      return file;
    };
    const times = entry('times.npy');
    times.push(npyHeader('<f8', [n]));
    this.copySpool(this.timeSpool, times);
    const neurons = entry('neurons.npy');
    neurons.push(npyHeader(this.wide ? '<i8' : '<i4', [n]));
    this.copySpool(this.neuronSpool, neurons);
    const params = entry('params.npy');
    const meta = { ...(this.info.params ?? {}), neurons: this.info.neurons, populations: this.populations };
    params.push(npyString(JSON.stringify(meta)), true);
    zip.end();
    if (failure !== null) throw failure;
  }

  private copySpool(spool: Spool, file: ZipPassThrough): void {
    const fd = openSync(spool.path, 'r');
    try {
      const buffer = new Uint8Array(COPY_BYTES);
      let position = 0;
      for (;;) {
        const read = readSync(fd, buffer, 0, COPY_BYTES, position);
        position += read;
        const last = position >= spool.bytes || read === 0;
        file.push(buffer.slice(0, read), last); // a copy: fflate may hold the chunk until the CRC is done
        if (last) break;
      }
    } finally {
      closeSync(fd);
    }
  }
}

/**
 * Read a `.npz` spike file (ours or NumPy's `savez`/`savez_compressed`):
 * `times` (float, seconds) and `neurons` (integers) of equal length, and
 * `params` when present. The archive is read whole into memory.
 */
export function readSpikeNpz(path: string, cwd: string = process.cwd()): SpikeData {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(resolve(cwd, path));
  } catch (error) {
    throw new SpikeFileError(path, 'read', describeSystemError(error));
  }
  const fail = (reason: string) => new SpikeFileError(path, 'read', `not a spike .npz file: ${reason}`);
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: (file) => ['times.npy', 'neurons.npy', 'params.npy'].includes(file.name) });
  } catch (error) {
    throw fail(`not a ZIP archive (${(error as Error).message})`);
  }
  for (const name of ['times.npy', 'neurons.npy']) {
    if (entries[name] === undefined) throw fail(`no ${name.replace('.npy', '')} array (expected arrays "times" and "neurons")`);
  }
  const times = npyNumbers(entries['times.npy']);
  if (typeof times === 'string') throw fail(`times: ${times}`);
  if (!times.descr.includes('f')) throw fail(`times must be floating-point seconds, got dtype '${times.descr}'`);
  const neurons = npyNumbers(entries['neurons.npy']);
  if (typeof neurons === 'string') throw fail(`neurons: ${neurons}`);
  if (neurons.descr.includes('f')) throw fail(`neurons must be integers, got dtype '${neurons.descr}'`);
  if (times.values.length !== neurons.values.length) throw fail(`times has ${times.values.length} elements but neurons ${neurons.values.length}`);
  let maxNeuron = -1;
  for (const j of neurons.values) {
    if (j < 0) throw fail(`neuron index ${j} is negative`);
    if (j > maxNeuron) maxNeuron = j;
  }
  let params: Record<string, unknown> | undefined;
  if (entries['params.npy'] !== undefined) {
    const text = npyText(entries['params.npy']);
    if (typeof text !== 'string') throw fail(`params: ${text.error}`);
    try {
      params = JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw fail('params does not hold JSON');
    }
  }
  const stored = params?.neurons;
  const neuronCount = typeof stored === 'number' && Number.isSafeInteger(stored) && stored > maxNeuron ? stored : maxNeuron + 1;
  const populations = Array.isArray(params?.populations) ? (params.populations as PopulationRange[]) : [allPopulation(Math.max(1, neuronCount))];
  let rest: Record<string, unknown> | undefined;
  if (params !== undefined) {
    const { neurons: _n, populations: _p, ...others } = params;
    rest = others;
  }
  return { times: times.values, neurons: neuronArray(neurons.values, maxNeuron), populations, neuronCount, params: rest };
}

/** The NumPy format: `np.load(path)` gives `times`, `neurons` and `params`. */
export const npzFormat: SpikeFormat = {
  name: 'npz',
  extensions: ['.npz'],
  description: 'NumPy archive: times (float64 s), neurons (int32), params (JSON text)',
  streamable: true,
  async open(target: SpikeTarget, info: SpikeFileInfo): Promise<SpikeWriter> {
    return SpikeNpzWriter.open(target, info);
  },
  async read(path: string, cwd?: string): Promise<SpikeData> {
    return readSpikeNpz(path, cwd);
  },
};
