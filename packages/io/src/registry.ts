import { extname } from 'node:path';
import { csvFormat } from './csv-format.js';
import { npzFormat } from './npz-format.js';
import { sonataFormat } from './sonata-format.js';
import { SpikeFileError } from './spike-file-error.js';
import type { SpikeData, SpikeFileInfo, SpikeFormat, SpikeTarget, SpikeWriter } from './spike-format.js';

/**
 * Spike file formats by extension. The default registry holds CSV, NPZ and
 * SONATA; {@link register} adds a format (a later one wins an extension).
 */
export class SpikeFormatRegistry {
  private readonly byExtension = new Map<string, SpikeFormat>();
  private readonly all: SpikeFormat[] = [];

  constructor(formats: readonly SpikeFormat[] = []) {
    for (const format of formats) this.register(format);
  }

  /** Add a format; its extensions (lower case, with the dot) now choose it. */
  register(format: SpikeFormat): this {
    this.all.push(format);
    for (const extension of format.extensions) this.byExtension.set(extension.toLowerCase(), format);
    return this;
  }

  /** Every registered format, in registration order. */
  formats(): readonly SpikeFormat[] {
    return this.all;
  }

  /** Extensions known, e.g. `.csv, .npz, .h5, .hdf5`. */
  extensions(): string[] {
    return [...this.byExtension.keys()];
  }

  /**
   * The format of `path` by its extension; `-` (stdout) is CSV unless
   * `stdoutFormat` names another streamable format. Throws
   * {@link SpikeFileError} naming the known extensions.
   */
  formatOf(path: string, stdoutFormat = 'csv'): SpikeFormat {
    if (path === '-') {
      const format = this.all.find((f) => f.name === stdoutFormat);
      if (format === undefined) throw new SpikeFileError(path, 'write', `unknown format "${stdoutFormat}"`);
      return format;
    }
    const extension = extname(path).toLowerCase();
    const format = this.byExtension.get(extension);
    if (format === undefined) {
      throw new SpikeFileError(path, 'use', `unknown spike file extension ${extension === '' ? '(none)' : `"${extension}"`}; known: ${this.extensions().join(', ')}`);
    }
    return format;
  }

  /** Open a writer for `target`, the format chosen by its extension. */
  open(target: SpikeTarget, info: SpikeFileInfo): Promise<SpikeWriter> {
    return this.formatOf(target.path).open(target, info);
  }

  /** Read a spike file, the format chosen by its extension. */
  read(path: string, cwd?: string): Promise<SpikeData> {
    if (path === '-') throw new SpikeFileError(path, 'read', 'reading spikes from stdin is not supported; give a file');
    return this.formatOf(path).read(path, cwd);
  }
}

/** CSV, NPZ and SONATA HDF5. */
export function defaultSpikeFormats(): SpikeFormatRegistry {
  return new SpikeFormatRegistry([csvFormat, npzFormat, sonataFormat]);
}

/** Open a spike writer for `path` (format by extension, default formats). */
export function openSpikeWriter(target: SpikeTarget, info: SpikeFileInfo): Promise<SpikeWriter> {
  return defaultSpikeFormats().open(target, info);
}

/** Read a spike file (format by extension, default formats). */
export function readSpikeFile(path: string, cwd?: string): Promise<SpikeData> {
  return defaultSpikeFormats().read(path, cwd);
}
