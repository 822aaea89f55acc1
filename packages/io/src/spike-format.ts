/**
 * The exporter contract: one {@link SpikeFormat} per file format, chosen by
 * the output path's extension from a {@link SpikeFormatRegistry} (like
 * Brian2's devices or NEST's recording backends).
 *
 * The contract lives here rather than in `@sparseprop/core`: engines only
 * ever see a `SpikeListener` callback; paths, atomic renames and file
 * metadata are file-format concerns that nothing in core consumes. A format
 * published as its own package depends on `@sparseprop/io`, which loads its
 * heavy parts (HDF5) only when that format is used.
 */

/** A named, contiguous range of neurons (an E/I network's `E` and `I`). */
export interface PopulationRange {
  /** Population name, e.g. `"E"`; used as the SONATA population name. Non-empty, no `/`. */
  readonly name: string;
  /** Index of its first neuron (integer ≥ 0). */
  readonly first: number;
  /** Number of neurons (integer ≥ 1). */
  readonly count: number;
}

/** What a spike file records about the run besides the spikes. */
export interface SpikeFileInfo {
  /** Number of neurons N (integer ≥ 1); every neuron index is in `[0, N)`. */
  readonly neurons: number;
  /**
   * The populations, in order, covering `[0, N)` without gaps or overlaps;
   * omitted for a network without named populations (one population `"all"`).
   */
  readonly populations?: readonly PopulationRange[];
  /** The run's parameters (model, N, K, seed, ...), JSON-serialisable; stored where the format allows. */
  readonly params?: Readonly<Record<string, unknown>>;
}

/** Spikes read back from a file, in the file's order, with what the file says about the run. */
export interface SpikeData {
  /** Spike times, seconds. */
  readonly times: Float64Array;
  /** Spiking neuron indices (global, from 0). */
  readonly neurons: Int32Array | Float64Array;
  /** Populations as stored (one `"all"` population when the file names none). */
  readonly populations: readonly PopulationRange[];
  /** Number of neurons when the file records it (else 1 + the largest index seen). */
  readonly neuronCount: number;
  /** Parameters stored with the spikes, if any. */
  readonly params?: Readonly<Record<string, unknown>>;
}

/**
 * A spike file being written. {@link write} is called once per spike in
 * emission order and must not allocate per call; {@link commit} makes the
 * file appear at its path complete (atomically where the path is a regular
 * file); {@link abort} removes every trace of it.
 */
export interface SpikeWriter {
  /** The path as the user gave it (`-` for stdout). */
  readonly path: string;
  /** Spikes written so far. */
  readonly count: number;
  /** Append one spike: time in seconds (non-decreasing), neuron index in `[0, N)`. */
  write(timeSeconds: number, neuron: number): void;
  /** Finish the file and move it into place. Throws a `SpikeFileError` on failure (after aborting). */
  commit(): Promise<void>;
  /** Discard the output: close and delete temporary files. Safe to call more than once. */
  abort(): void;
}

/** Where a writer writes and where relative paths resolve. */
export interface SpikeTarget {
  /** Output path as given, or `-` for stdout. */
  readonly path: string;
  /** Directory relative paths resolve against (default `process.cwd()`). */
  readonly cwd?: string;
}

/** One file format: its extensions, a streaming writer and a reader. */
export interface SpikeFormat {
  /** Short name, e.g. `"csv"`, `"npz"`, `"sonata"`. */
  readonly name: string;
  /** Lower-case extensions with the dot, e.g. `[".h5", ".hdf5"]`. */
  readonly extensions: readonly string[];
  /** One line for help texts. */
  readonly description: string;
  /** Whether the format can be streamed to stdout or a FIFO (HDF5 cannot: it seeks). */
  readonly streamable: boolean;
  /** Open a writer; fails (with a `SpikeFileError`) before any spike when the target cannot be written. */
  open(target: SpikeTarget, info: SpikeFileInfo): Promise<SpikeWriter>;
  /** Read a whole file; throws `InputFormatError` naming the file when it is not of this format. */
  read(path: string, cwd?: string): Promise<SpikeData>;
}
