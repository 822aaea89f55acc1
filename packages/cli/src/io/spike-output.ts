import { statSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { type PopulationRange, SpikeFileError, type SpikeFormat, defaultSpikeFormats } from '@sparseprop/io';
import { CliFileError, CliOutputError } from '../cli-errors.js';
import type { OutputStream } from '../cli-io.js';
import { type NamedInput, resolveOutputTarget } from './output-file.js';
import { openSpikeCsv } from './spike-csv-writer.js';

/** What the run's spike file records besides the spikes. */
export interface SpikeOutputInfo {
  /** Number of neurons. */
  readonly neurons: number;
  /** Named populations, when the network has them. */
  readonly populations?: readonly PopulationRange[];
  /** The run's parameters (stored by `.npz` and `.h5`). */
  readonly params?: Readonly<Record<string, unknown>>;
}

/** A spike file being written by the CLI, whatever its format. */
export interface SpikeOutput {
  /** The format chosen by the extension (`csv`, `npz`, `sonata`). */
  readonly format: string;
  write(timeSeconds: number, neuron: number): void;
  /** Finish and move into place; failures are {@link CliOutputError}s (exit status 1). */
  commit(): Promise<void>;
  abort(): void;
}

/**
 * The spike format of an output path, by extension. CSV for `-`, for a path
 * without extension and for an existing special file (`/dev/null`, a FIFO);
 * an unknown extension is a {@link CliFileError} naming the known ones.
 */
export function spikeFormatOf(path: string, cwd: string = process.cwd(), role = '--out file'): SpikeFormat {
  const registry = defaultSpikeFormats();
  if (path === '-' || extname(path) === '' || isSpecialFile(resolve(cwd, path))) return registry.formatOf('-');
  try {
    return registry.formatOf(path);
  } catch (error) {
    if (error instanceof SpikeFileError) throw new CliFileError(path, `write the ${role}`, error.reason);
    throw error;
  }
}

/**
 * Open the `--out` spike file before the run. The format follows the
 * extension: `.csv` (and `-`, stdout) through the CLI's CSV writer,
 * `.npz` and `.h5` through `@sparseprop/io`. Every output obeys the same
 * policy ({@link resolveOutputTarget}: no directory, no read-only file, no
 * input file of the run; symlinks followed; special files streamed); a
 * refusal is a {@link CliFileError} (exit status 2) before anything runs.
 */
export async function openSpikeOutput(path: string, cwd: string, info: SpikeOutputInfo, inputs: readonly NamedInput[] = [], stdout?: OutputStream): Promise<SpikeOutput> {
  const format = spikeFormatOf(path, cwd);
  if (format.name === 'csv') {
    const writer = openSpikeCsv(path, cwd, inputs, stdout);
    return {
      format: 'csv',
      write: (t, j) => writer.write(t, j),
      commit: async () => writer.commit(),
      abort: () => writer.abort(),
    };
  }
  const target = resolveOutputTarget(path, cwd, inputs);
  if (target.kind === 'stdout') throw new CliFileError(path, 'write the --out file', `only CSV spikes go to standard output; ${format.name} needs a file`);
  let writer;
  try {
    writer = await format.open({ path: target.realPath ?? path, cwd }, { neurons: info.neurons, populations: info.populations, params: info.params });
  } catch (error) {
    if (error instanceof SpikeFileError) throw new CliFileError(path, 'write the --out file', error.reason);
    throw error;
  }
  return {
    format: format.name,
    write: (t, j) => writer.write(t, j),
    commit: async () => {
      try {
        await writer.commit();
      } catch (error) {
        throw error instanceof SpikeFileError ? new CliOutputError(path, error.reason) : error;
      }
    },
    abort: () => writer.abort(),
  };
}

function isSpecialFile(path: string): boolean {
  try {
    const stats = statSync(path);
    return !stats.isFile() && !stats.isDirectory();
  } catch {
    return false;
  }
}
