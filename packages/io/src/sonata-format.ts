import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { AtomicOutput } from './atomic-output.js';
import { neuronArray, populationIndexOf, populationsOf } from './populations.js';
import { SpikeFileError, describeSystemError } from './spike-file-error.js';
import type { PopulationRange, SpikeData, SpikeFileInfo, SpikeFormat, SpikeTarget, SpikeWriter } from './spike-format.js';

type H5Module = typeof import('h5wasm/node');
type H5File = InstanceType<H5Module['File']>;
type H5Group = InstanceType<H5Module['Group']>;
type H5Dataset = InstanceType<H5Module['Dataset']>;

let h5Module: Promise<H5Module> | undefined;

/** h5wasm (the HDF5 C library compiled to WebAssembly, on the host file system), loaded on first use. */
export function loadH5wasm(): Promise<H5Module> {
  h5Module ??= import('h5wasm/node').then(async (module) => {
    await module.ready;
    return module;
  });
  return h5Module;
}

/** Spikes per HDF5 chunk and per append (64k: 512 KB of timestamps). */
const CHUNK = 1 << 16;
/** SONATA's magic number (root attribute `magic`). */
const SONATA_MAGIC = 0x0a7a;

/** One population's open datasets and its buffer of pending spikes. */
class PopulationBuffer {
  readonly timestampsMs = new Float64Array(CHUNK);
  /** node_ids as uint64, written through 32-bit words (no BigInt per spike). */
  readonly idWords = new Uint32Array(2 * CHUNK);
  readonly ids = new BigUint64Array(this.idWords.buffer);
  fill = 0;
  written = 0;
  constructor(
    readonly first: number,
    readonly timestamps: H5Dataset,
    readonly nodeIds: H5Dataset,
  ) {}

  flush(): void {
    if (this.fill === 0) return;
    const end = this.written + this.fill;
    this.timestamps.resize([end]);
    this.timestamps.write_slice([[this.written, end]], this.timestampsMs.subarray(0, this.fill));
    this.nodeIds.resize([end]);
    this.nodeIds.write_slice([[this.written, end]], this.ids.subarray(0, this.fill));
    this.written = end;
    this.fill = 0;
  }
}

/**
 * Streams spikes into a SONATA spike file, the layout NEST's SONATA backend
 * and bmtk write: for each population, `/spikes/<name>/timestamps` (float64,
 * milliseconds, attribute `units = "ms"`) and `/spikes/<name>/node_ids`
 * (uint64, index within the population), attribute `sorting = "by_time"` on
 * the population group; root attributes `magic` (0x0A7A) and `version`
 * `[0, 1]`. Datasets are chunked (64k spikes) and extended as spikes
 * arrive, so memory stays O(1) in the number of spikes. HDF5 seeks, so the
 * output must be a regular file (a temporary file renamed into place).
 *
 * Not byte-for-byte SONATA: `sorting` is a string attribute (h5wasm cannot
 * create HDF5 enum types; the specification's is an enum). Our extras:
 * `sparseprop_first` (first global neuron) on each population group and
 * `sparseprop_neurons` / `sparseprop_params` (JSON) on the root.
 */
export class SpikeSonataWriter implements SpikeWriter {
  private readonly buffers: PopulationBuffer[];
  private readonly starts: Float64Array;
  private readonly single: PopulationBuffer | undefined;
  private spikes = 0;
  private closed = false;

  private constructor(
    private readonly output: AtomicOutput,
    private readonly file: H5File,
    populations: readonly PopulationRange[],
  ) {
    const spikes = file.create_group('spikes');
    this.buffers = populations.map((p) => {
      const group = spikes.create_group(p.name) as H5Group;
      group.create_attribute('sorting', 'by_time');
      group.create_attribute('sparseprop_first', new Float64Array([p.first]), [], '<d');
      const timestamps = group.create_dataset({ name: 'timestamps', data: new Float64Array(0), shape: [0], maxshape: [null], chunks: [CHUNK], dtype: '<d' });
      timestamps.create_attribute('units', 'ms');
      const nodeIds = group.create_dataset({ name: 'node_ids', data: new BigUint64Array(0), shape: [0], maxshape: [null], chunks: [CHUNK], dtype: '<Q' });
      return new PopulationBuffer(p.first, timestamps, nodeIds);
    });
    this.starts = Float64Array.from(populations, (p) => p.first);
    this.single = this.buffers.length === 1 ? this.buffers[0] : undefined;
  }

  /** Create the file (in a temporary path beside the target) with its groups and empty datasets. */
  static async open(target: SpikeTarget, info: SpikeFileInfo): Promise<SpikeSonataWriter> {
    const populations = populationsOf(info);
    const output = AtomicOutput.open(target.path, target.cwd, { needsSeek: true });
    try {
      const h5 = await loadH5wasm();
      output.closeDescriptor();
      const file = new h5.File(output.writingPath, 'w');
      try {
        file.create_attribute('magic', new Uint32Array([SONATA_MAGIC]), [], '<I');
        file.create_attribute('version', new Uint32Array([0, 1]), [2], '<I');
        file.create_attribute('sparseprop_neurons', new Float64Array([info.neurons]), [], '<d');
        file.create_attribute('sparseprop_params', JSON.stringify(info.params ?? {}));
        return new SpikeSonataWriter(output, file, populations);
      } catch (error) {
        file.close();
        throw error;
      }
    } catch (error) {
      output.abort();
      throw error instanceof SpikeFileError ? error : new SpikeFileError(target.path, 'write', describeSystemError(error));
    }
  }

  get path(): string {
    return this.output.path;
  }

  get count(): number {
    return this.spikes;
  }

  write(timeSeconds: number, neuron: number): void {
    const buffer = this.single ?? this.buffers[populationIndexOf(this.starts, neuron)];
    const i = buffer.fill;
    const local = neuron - buffer.first;
    buffer.timestampsMs[i] = timeSeconds * 1000;
    buffer.idWords[2 * i] = local % 0x100000000;
    buffer.idWords[2 * i + 1] = Math.floor(local / 0x100000000);
    this.spikes++;
    if (++buffer.fill === CHUNK) buffer.flush();
  }

  async commit(): Promise<void> {
    if (this.closed) return;
    try {
      for (const buffer of this.buffers) buffer.flush();
      this.closed = true;
      this.file.close();
      this.output.commit();
    } catch (error) {
      this.abort();
      throw error instanceof SpikeFileError ? error : new SpikeFileError(this.path, 'write', describeSystemError(error));
    }
  }

  abort(): void {
    if (!this.closed) {
      this.closed = true;
      try {
        this.file.close();
      } catch {
        // the file is deleted below either way
      }
    }
    this.output.abort();
  }
}

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Read a SONATA spike file (ours, NEST's or bmtk's): every population under
 * `/spikes`, timestamps converted from ms to seconds, node ids made global
 * by the population's `sparseprop_first` attribute (files without it: the
 * populations are laid end to end in file order, each as wide as its
 * largest node id + 1). Spikes of several populations are merged by time,
 * ties in population order.
 */
export async function readSpikeSonata(path: string, cwd: string = process.cwd()): Promise<SpikeData> {
  const absolute = resolve(cwd, path);
  const fail = (reason: string) => new SpikeFileError(path, 'read', `not a SONATA spike file: ${reason}`);
  try {
    if (!statSync(absolute).isFile()) throw new SpikeFileError(path, 'read', 'not a regular file');
  } catch (error) {
    throw error instanceof SpikeFileError ? error : new SpikeFileError(path, 'read', describeSystemError(error));
  }
  const head = new Uint8Array(8);
  const fd = openSync(absolute, 'r');
  try {
    readSync(fd, head, 0, 8, 0);
  } finally {
    closeSync(fd);
  }
  if (HDF5_SIGNATURE.some((b, i) => head[i] !== b)) throw fail('no HDF5 signature');
  const h5 = await loadH5wasm();
  const file = new h5.File(absolute, 'r');
  try {
    const spikes = file.get('spikes');
    if (!(spikes instanceof h5.Group)) throw fail('no /spikes group');
    const names = spikes.keys();
    if (names.length === 0) throw fail('no population under /spikes');
    const parts: { population: PopulationRange; times: Float64Array; ids: Float64Array }[] = [];
    let nextFirst = 0;
    for (const name of names) {
      const group = spikes.get(name);
      if (!(group instanceof h5.Group)) throw fail(`/spikes/${name} is not a group`);
      const ts = group.get('timestamps');
      const ni = group.get('node_ids');
      if (!(ts instanceof h5.Dataset) || !(ni instanceof h5.Dataset)) throw fail(`/spikes/${name} lacks the datasets timestamps and node_ids`);
      const rawTimes = ts.value;
      const rawIds = ni.value;
      if (!ArrayBuffer.isView(rawTimes) || !ArrayBuffer.isView(rawIds)) throw fail(`/spikes/${name}: timestamps and node_ids must be numeric arrays`);
      const units = ts.attrs.units === undefined ? 'ms' : String(ts.get_attribute('units', true));
      const scale = units === 'ms' ? 1e-3 : units === 's' ? 1 : NaN;
      if (Number.isNaN(scale)) throw fail(`/spikes/${name}/timestamps has units "${units}" (expected ms or s)`);
      const times = Float64Array.from(rawTimes as unknown as ArrayLike<number>, (t) => Number(t) * scale);
      const ids = Float64Array.from(rawIds as unknown as ArrayLike<number | bigint>, (j) => Number(j));
      if (times.length !== ids.length) throw fail(`/spikes/${name}: ${times.length} timestamps but ${ids.length} node_ids`);
      let maxId = -1;
      for (const j of ids) if (j > maxId) maxId = j;
      const stored = group.attrs.sparseprop_first === undefined ? undefined : Number(group.get_attribute('sparseprop_first', true));
      const first = stored ?? nextFirst;
      const population = { name, first, count: Math.max(1, maxId + 1) };
      nextFirst = first + population.count;
      parts.push({ population, times, ids });
    }
    const storedN = file.attrs.sparseprop_neurons === undefined ? undefined : Number(file.get_attribute('sparseprop_neurons', true));
    let params: Record<string, unknown> | undefined;
    if (file.attrs.sparseprop_params !== undefined) params = JSON.parse(String(file.get_attribute('sparseprop_params', true))) as Record<string, unknown>;
    // population sizes: up to the next population's first neuron (or N) when the file says where they start
    parts.sort((a, b) => a.population.first - b.population.first);
    const neuronCount = storedN ?? nextFirst;
    const populations = parts.map((p, i) => ({ ...p.population, count: (i + 1 < parts.length ? parts[i + 1].population.first : Math.max(neuronCount, p.population.first + p.population.count)) - p.population.first }));
    const { times, neurons, maxNeuron } = mergeByTime(parts);
    return { times, neurons: neuronArray(neurons, maxNeuron), populations, neuronCount: Math.max(neuronCount, maxNeuron + 1), params };
  } finally {
    file.close();
  }
}

/** Concatenate the populations' spikes into one train ordered by time (stable: ties keep population order). */
function mergeByTime(parts: readonly { population: PopulationRange; times: Float64Array; ids: Float64Array }[]) {
  const total = parts.reduce((sum, p) => sum + p.times.length, 0);
  const times = new Float64Array(total);
  const neurons = new Float64Array(total);
  let maxNeuron = -1;
  if (parts.length === 1) {
    times.set(parts[0].times);
    for (let i = 0; i < total; i++) {
      neurons[i] = parts[0].ids[i] + parts[0].population.first;
      if (neurons[i] > maxNeuron) maxNeuron = neurons[i];
    }
    return { times, neurons, maxNeuron };
  }
  const cursor = new Int32Array(parts.length);
  for (let out = 0; out < total; out++) {
    let best = -1;
    for (let p = 0; p < parts.length; p++) {
      if (cursor[p] < parts[p].times.length && (best < 0 || parts[p].times[cursor[p]] < parts[best].times[cursor[best]])) best = p;
    }
    const i = cursor[best]++;
    times[out] = parts[best].times[i];
    neurons[out] = parts[best].ids[i] + parts[best].population.first;
    if (neurons[out] > maxNeuron) maxNeuron = neurons[out];
  }
  return { times, neurons, maxNeuron };
}

/** The SONATA HDF5 format (NEST, bmtk, libsonata): `/spikes/<population>/{timestamps,node_ids}`. */
export const sonataFormat: SpikeFormat = {
  name: 'sonata',
  extensions: ['.h5', '.hdf5'],
  description: 'SONATA HDF5 spike file: /spikes/<population>/timestamps (ms) and node_ids, as NEST writes',
  streamable: false,
  async open(target: SpikeTarget, info: SpikeFileInfo): Promise<SpikeWriter> {
    return SpikeSonataWriter.open(target, info);
  },
  async read(path: string, cwd?: string): Promise<SpikeData> {
    return readSpikeSonata(path, cwd);
  },
};

