import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EngineState } from '@sparseprop/core';
import { Zip, ZipPassThrough, unzipSync } from 'fflate';
import { AtomicOutput } from './atomic-output.js';
import { npyHeader, npyNumbers, npyString, npyText } from './npy.js';
import { SpikeFileError, describeSystemError } from './spike-file-error.js';

/** Format version of checkpoint files; a reader refuses any other. */
export const CHECKPOINT_FORMAT_VERSION = 1;

/** What a checkpoint holds besides the engine state. */
export interface CheckpointMeta {
  /** The software that wrote it (e.g. the CLI's version); a resume with another version is refused by the caller. */
  readonly software: string;
  /** A digest of everything that defines the network and its dynamics (config, input files); resumes must match it. */
  readonly fingerprint: string;
  /** The run's settings, JSON (for messages and to rebuild the run). */
  readonly config: Readonly<Record<string, unknown>>;
  /** Spikes emitted from t = 0 up to this state. */
  readonly spikes: number;
  /** Simulated time of this state, seconds. */
  readonly timeSeconds: number;
}

/** A checkpoint: the meta data and the engine's exact state. */
export interface Checkpoint extends CheckpointMeta {
  readonly state: EngineState;
}

/** Fixed entry timestamp, so the same state gives the same bytes. */
const ENTRY_MTIME = new Date(1980, 0, 1, 0, 0, 0);

/**
 * Write a checkpoint atomically (a temporary file renamed over `path`): a
 * ZIP (NumPy-readable `.npz` layout) of `meta.npy` (JSON text: format
 * version, meta data, engine name and the names of its scalars),
 * `numbers.npy` (the engine's scalars as float64, bit-exact) and one
 * float64 `<name>.npy` per state array, streamed without copying them.
 */
export function writeCheckpoint(path: string, cwd: string, checkpoint: Checkpoint): void {
  const output = AtomicOutput.open(path, cwd, { action: 'write the checkpoint' });
  try {
    const numberNames = Object.keys(checkpoint.state.numbers);
    const arrayNames = Object.keys(checkpoint.state.arrays);
    for (const name of arrayNames) {
      if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(name) || name === 'meta' || name === 'numbers') throw new SpikeFileError(path, 'write the checkpoint', `state array name ${JSON.stringify(name)} is not allowed`);
    }
    const meta = {
      format: 'sparseprop-checkpoint',
      version: CHECKPOINT_FORMAT_VERSION,
      software: checkpoint.software,
      fingerprint: checkpoint.fingerprint,
      config: checkpoint.config,
      spikes: checkpoint.spikes,
      timeSeconds: checkpoint.timeSeconds,
      engine: checkpoint.state.engine,
      numbers: numberNames,
      arrays: arrayNames,
    };
    let failure: Error | null = null;
    const zip = new Zip((error, chunk) => {
      if (error) failure = error;
      else output.write(chunk);
    });
    const entry = (name: string, parts: Uint8Array[]) => {
      const file = new ZipPassThrough(name);
      file.mtime = ENTRY_MTIME;
      zip.add(file);
      parts.forEach((part, i) => file.push(part, i === parts.length - 1));
    };
    entry('meta.npy', [npyString(JSON.stringify(meta))]);
    const numbers = Float64Array.from(numberNames, (name) => checkpoint.state.numbers[name]);
    entry('numbers.npy', [npyHeader('<f8', [numbers.length]), new Uint8Array(numbers.buffer)]);
    for (const name of arrayNames) {
      const array = checkpoint.state.arrays[name];
      entry(`${name}.npy`, [npyHeader('<f8', [array.length]), new Uint8Array(array.buffer, array.byteOffset, array.byteLength)]);
    }
    zip.end();
    if (failure !== null) throw failure;
    output.commit();
  } catch (error) {
    output.abort();
    throw error instanceof SpikeFileError ? error : new SpikeFileError(path, 'write the checkpoint', describeSystemError(error));
  }
}

/**
 * Read a checkpoint written by {@link writeCheckpoint}. A file that is not
 * one, or one of another format version, is a {@link SpikeFileError} saying
 * which and why.
 */
export function readCheckpoint(path: string, cwd: string = process.cwd()): Checkpoint {
  const fail = (reason: string) => new SpikeFileError(path, 'resume from', reason);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(resolve(cwd, path));
  } catch (error) {
    throw fail(describeSystemError(error));
  }
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch {
    throw fail('not a sparseprop checkpoint (not a ZIP archive)');
  }
  if (entries['meta.npy'] === undefined) throw fail('not a sparseprop checkpoint (no meta.npy)');
  const text = npyText(entries['meta.npy']);
  if (typeof text !== 'string') throw fail(`not a sparseprop checkpoint (meta: ${text.error})`);
  let meta: Record<string, unknown>;
  try {
    meta = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw fail('not a sparseprop checkpoint (meta is not JSON)');
  }
  if (meta.format !== 'sparseprop-checkpoint') throw fail('not a sparseprop checkpoint');
  if (meta.version !== CHECKPOINT_FORMAT_VERSION) throw fail(`checkpoint format version ${String(meta.version)}; this version reads version ${CHECKPOINT_FORMAT_VERSION}`);
  const numberNames = meta.numbers as string[];
  const arrayNames = meta.arrays as string[];
  const numbersEntry = entries['numbers.npy'] === undefined ? 'missing' : npyNumbers(entries['numbers.npy']);
  if (typeof numbersEntry === 'string' || numbersEntry.values.length !== numberNames.length) throw fail('damaged checkpoint (numbers.npy)');
  const numbers: Record<string, number> = {};
  numberNames.forEach((name, i) => (numbers[name] = numbersEntry.values[i]));
  const arrays: Record<string, Float64Array> = {};
  for (const name of arrayNames) {
    const array = entries[`${name}.npy`] === undefined ? 'missing' : npyNumbers(entries[`${name}.npy`]);
    if (typeof array === 'string' || array.descr !== '<f8') throw fail(`damaged checkpoint (${name}.npy)`);
    arrays[name] = array.values;
  }
  return {
    software: String(meta.software),
    fingerprint: String(meta.fingerprint),
    config: (meta.config ?? {}) as Record<string, unknown>,
    spikes: Number(meta.spikes),
    timeSeconds: Number(meta.timeSeconds),
    state: { engine: String(meta.engine), numbers, arrays },
  };
}
