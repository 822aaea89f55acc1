import { AtomicOutput, type NamedInput, type OutputTarget, SpikeFileError, resolveOutputTarget as ioResolveOutputTarget, pendingTemporaryFiles, removeTemporaryFiles } from '@sparseprop/io';
import { CliFileError, CliOutputError, describeSystemError } from '../cli-errors.js';
import type { OutputStream } from '../cli-io.js';

export type { NamedInput, OutputTarget } from '@sparseprop/io';
/** How an output is written: `stdout`, `create`, `replace` (a regular file, through a temporary file and a rename) or `stream` (a device, FIFO or socket). */
export type OutputKind = OutputTarget['kind'];

/**
 * Decide how `path` (relative to `cwd`) is written, refusing what must not be
 * touched: the policy of `@sparseprop/io`'s {@link ioResolveOutputTarget}, which
 * every spike writer follows (see the CLI README, "Output files"):
 * - `-` (and a path to this process's stdout) is standard output;
 * - a symbolic link is followed: its target is written (or created), the link stays;
 * - a regular file without any write permission bit (e.g. mode 0444) is
 *   refused, also for root: a user who made a file read-only means it;
 * - a directory is refused;
 * - a special file (device, FIFO, socket) is streamed to, never renamed over;
 * - the same file (same device and inode) as one of `inputs` is refused.
 * Every refusal is a {@link CliFileError} (exit status 2) before anything runs.
 */
export function resolveOutputTarget(path: string, cwd: string, inputs: readonly NamedInput[] = [], role = '--out file'): OutputTarget {
  try {
    return ioResolveOutputTarget(path, cwd, { action: `write the ${role}`, inputs });
  } catch (error) {
    if (error instanceof SpikeFileError) throw new CliFileError(path, `write the ${role}`, error.reason);
    throw error;
  }
}

/**
 * Delete the temporary files of every output still being written (the
 * command's SIGINT/SIGTERM/SIGHUP handlers call it), so an interrupted run
 * leaves neither a half-written target nor a hidden temporary file; the
 * previous target is untouched because it is only ever replaced by a rename.
 */
export function removePendingOutputs(): void {
  removeTemporaryFiles();
}

/** Temporary files currently pending (for tests). */
export function pendingOutputCount(): number {
  return pendingTemporaryFiles().length;
}

/**
 * An output being written: bytes go to the place {@link resolveOutputTarget}
 * chose. {@link commit} makes a file output visible (one rename); {@link abort}
 * removes the temporary file. Write failures (disk full, I/O error) are
 * {@link CliOutputError}s: exit status 1.
 */
export class OutputFile {
  private constructor(
    readonly target: OutputTarget,
    /** The file output (undefined for stdout). */
    private readonly output: AtomicOutput | undefined,
    private readonly stdout: OutputStream | undefined,
    /** Which output, for messages (e.g. `"--out file"`). */
    private readonly role = '--out file',
    private done = false,
  ) {}

  /**
   * Open the output now, so an unwritable path fails before the run starts
   * (a {@link CliFileError}, exit status 2). Opening a FIFO waits for a reader,
   * as any program writing to one does.
   */
  static open(target: OutputTarget, cwd: string, stdout?: OutputStream, role = '--out file'): OutputFile {
    if (target.kind === 'stdout') {
      if (stdout === undefined) throw new CliFileError(target.path, `write the ${role}`, 'no standard output to write to');
      return new OutputFile(target, undefined, stdout, role);
    }
    try {
      return new OutputFile(target, AtomicOutput.open(target.path, cwd, { action: `write the ${role}` }), undefined, role);
    } catch (error) {
      if (error instanceof SpikeFileError) throw new CliFileError(target.path, `write the ${role}`, error.reason);
      throw error;
    }
  }

  /** Append bytes (a string is written as UTF-8); partial writes are retried until all is written or it fails. */
  write(chunk: string | Uint8Array): void {
    if (this.done) throw new CliOutputError(this.target.path, 'already closed', this.role);
    if (this.output === undefined) {
      (this.stdout as { write(chunk: string | Uint8Array): unknown }).write(chunk);
      return;
    }
    try {
      this.output.write(chunk);
    } catch (error) {
      throw new CliOutputError(this.target.path, error instanceof SpikeFileError ? error.reason : describeSystemError(error), this.role);
    }
  }

  /**
   * Close, and for a file output move it into place. The rename replaces
   * only a regular file: if the target turned into anything else during the
   * run, nothing is replaced and this throws a {@link CliOutputError}.
   */
  commit(): void {
    if (this.done) return;
    this.done = true;
    try {
      this.output?.commit();
    } catch (error) {
      throw new CliOutputError(this.target.path, error instanceof SpikeFileError ? error.reason : describeSystemError(error), this.role);
    }
  }

  /** Discard: close and delete the temporary file (a streamed output keeps what was written). Safe to call twice. */
  abort(): void {
    this.done = true;
    this.output?.abort();
  }
}
