/**
 * Spikes as the NumPy archive `sparseprop run --out x.npz` writes
 * (`@sparseprop/io`'s layout): `times` (float64, seconds), `neurons`
 * (int32) and `params` (a 0-d unicode array of JSON: the run's settings,
 * `neurons` = N and the populations). The NPY encoding is io's; the archive
 * is built in memory with fflate (io's writer streams through files, which a
 * page has not).
 */
import { npyHeader, npyString } from '@sparseprop/io';
import { zipSync } from 'fflate';

/** A named neuron range, as io's `PopulationRange`. */
export interface NpzPopulation {
  readonly name: string;
  readonly first: number;
  readonly count: number;
}

/** Fixed entry time (the DOS epoch), as io's writer uses: the same spikes give the same bytes. */
const ENTRY_MTIME = new Date(1980, 0, 1, 0, 0, 0);

function npyArray(descr: string, data: Float64Array | Int32Array): Uint8Array {
  const header = npyHeader(descr, [data.length]);
  const out = new Uint8Array(header.length + data.byteLength);
  out.set(header, 0);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), header.length);
  return out;
}

/** The `.npz` bytes of the first `count` spikes of a network of `neurons` neurons. */
export function spikeNpzBytes(times: Float64Array, neurons: Int32Array, count: number, info: { neurons: number; populations: readonly NpzPopulation[]; params: Record<string, unknown> }): Uint8Array {
  const stored = { level: 0, mtime: ENTRY_MTIME } as const;
  return zipSync({
    'times.npy': [npyArray('<f8', times.subarray(0, count)), stored],
    'neurons.npy': [npyArray('<i4', neurons.subarray(0, count)), stored],
    'params.npy': [npyString(JSON.stringify({ ...info.params, neurons: info.neurons, populations: info.populations })), stored],
  });
}
