import { accessSync, closeSync, constants, fchmodSync, fstatSync, fsyncSync, lstatSync, openSync, readlinkSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { CliFileError, CliOutputError, describeSystemError } from '../cli-errors.js';
import type { OutputStream } from '../cli-io.js';

/**
 * How an output path is written, decided once before the run:
 * - `stdout`: the path `-`; bytes go to the command's standard output.
 * - `create` / `replace`: a regular file (new, or existing and writable) is
 *   written to a temporary file beside it and renamed into place on success,
 *   so the target never holds a half-written run.
 * - `stream`: an existing special file (a character device such as
 *   `/dev/null`, a FIFO, a socket) is opened for writing and written in
 *   place: renaming over it would replace the device node itself.
 */
export type OutputKind = 'stdout' | 'create' | 'replace' | 'stream';

/** Where an output goes, resolved from the path the user gave. */
export interface OutputTarget {
  readonly kind: OutputKind;
  /** The path as the user gave it (for messages). */
  readonly path: string;
  /** The file really written: symbolic links resolved (undefined for `stdout`). */
  readonly realPath?: string;
  /** Permission bits of the file being replaced, kept on its replacement. */
  readonly mode?: number;
}

/** An input file of the same run (`--network`, `--config`, `--init`), which `--out` must not overwrite. */
export interface NamedInput {
  /** The flag that named it, e.g. `--network`. */
  readonly flag: string;
  /** The path as the user gave it. */
  readonly path: string;
}

/**
 * Decide how `path` (relative to `cwd`) is written, refusing what must not be
 * touched. Policy (see the CLI README, "Output files"):
 * - `-` is standard output;
 * - a symbolic link is followed: its target is written (or created), the link stays;
 * - a regular file without any write permission bit (e.g. mode 0444) is
 *   refused, also for root: a user who made a file read-only means it;
 * - a directory is refused;
 * - a special file (device, FIFO, socket) is streamed to, never renamed over;
 * - the same file (same device and inode) as one of `inputs` is refused.
 * Every refusal is a {@link CliFileError} (exit status 2) before anything runs.
 */
export function resolveOutputTarget(path: string, cwd: string, inputs: readonly NamedInput[] = [], role = '--out file'): OutputTarget {
  if (path === '-') return { kind: 'stdout', path };
  const refuse = (reason: string) => new CliFileError(path, `write the ${role}`, reason);
  if (path === '') throw refuse('empty path');
  const absolute = resolve(cwd, path);
  let stats: ReturnType<typeof statSync> | undefined;
  try {
    stats = statSync(absolute); // follows symbolic links
  } catch (error) {
    if ((error as { code?: string }).code !== 'ENOENT') throw refuse(describeSystemError(error));
  }
  if (stats === undefined) {
    // absent, or a symbolic link to a file not there yet: the link's final target is created
    let link: ReturnType<typeof lstatSync> | undefined;
    try {
      link = lstatSync(absolute);
    } catch {
      link = undefined;
    }
    return { kind: 'create', path, realPath: link?.isSymbolicLink() ? followLinks(absolute, refuse) : absolute };
  }
  // /dev/stdout, /dev/fd/1, /proc/self/fd/1: the command's own standard output (which may be a socket, that no open() reaches)
  if (isStandardOutput(stats)) return { kind: 'stdout', path };
  for (const input of inputs) {
    if (sameFile(stats, input.path, cwd)) throw refuse(`it is the ${input.flag} file ${input.path} (the same file): refusing to overwrite an input`);
  }
  if (stats.isDirectory()) throw refuse('is a directory');
  // a device, FIFO or socket (also behind a link such as /dev/stdout -> /proc/self/fd/1 -> pipe): opened where it is
  if (!stats.isFile()) return { kind: 'stream', path, realPath: absolute };
  const realPath = realPathOf(absolute, refuse);
  const mode = Number(stats.mode) & 0o7777;
  if ((mode & 0o222) === 0 || !writable(realPath)) {
    throw refuse(`the file is read-only (mode ${mode.toString(8).padStart(4, '0')}): remove it or make it writable to replace it`);
  }
  return { kind: 'replace', path, realPath, mode };
}

/** The path a chain of symbolic links leads to, even when its last target does not exist yet (it is then created). */
function followLinks(path: string, refuse: (reason: string) => Error): string {
  let current = path;
  for (let hops = 0; hops < 40; hops++) {
    let stats;
    try {
      stats = lstatSync(current);
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return resolve(realPathOf(dirname(current), refuse), basename(current));
      throw refuse(describeSystemError(error));
    }
    if (!stats.isSymbolicLink()) return realpathSync(current);
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw refuse('too many levels of symbolic links');
}

function realPathOf(path: string, refuse: (reason: string) => Error): string {
  try {
    return realpathSync(path);
  } catch (error) {
    throw refuse(describeSystemError(error));
  }
}

function isStandardOutput(stats: { dev: number | bigint; ino: number | bigint }): boolean {
  try {
    const stdout = fstatSync(1);
    return stdout.dev === stats.dev && stdout.ino === stats.ino;
  } catch {
    return false; // no file descriptor 1
  }
}

function sameFile(stats: { dev: number | bigint; ino: number | bigint }, other: string, cwd: string): boolean {
  try {
    const o = statSync(resolve(cwd, other));
    return o.dev === stats.dev && o.ino === stats.ino;
  } catch {
    return false; // an unreadable input is reported when it is read
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Temporary files of outputs not yet committed, removed by {@link removePendingOutputs} (on SIGINT/SIGTERM). */
const pending = new Set<string>();

/**
 * Delete the temporary files of every output still being written. The
 * command's signal handlers call it so an interrupted run leaves neither a
 * half-written target nor a hidden temporary file; the previous target is
 * untouched because it is only ever replaced by a rename.
 */
export function removePendingOutputs(): void {
  for (const temporary of pending) {
    try {
      unlinkSync(temporary);
    } catch {
      // already gone
    }
  }
  pending.clear();
}

/** Temporary files currently pending (for tests). */
export function pendingOutputCount(): number {
  return pending.size;
}

/**
 * An output being written: bytes go to the place {@link resolveOutputTarget}
 * chose. {@link commit} makes a file output visible (one rename); {@link abort}
 * removes the temporary file. Write failures (disk full, I/O error) are
 * {@link CliOutputError}s: exit status 1.
 */
export class OutputFile {
  private fd: number | undefined;
  private temporary: string | undefined;
  private done = false;

  private constructor(
    readonly target: OutputTarget,
    private readonly stdout: OutputStream | undefined,
  ) {}

  /**
   * Open the output now, so an unwritable path fails before the run starts
   * (a {@link CliFileError}, exit status 2). Opening a FIFO waits for a reader,
   * as any program writing to one does.
   */
  static open(target: OutputTarget, cwd: string, stdout?: OutputStream, role = '--out file'): OutputFile {
    const file = new OutputFile(target, stdout);
    const fail = (error: unknown) => new CliFileError(target.path, `write the ${role}`, describeSystemError(error));
    if (target.kind === 'stdout') {
      if (stdout === undefined) throw new CliFileError('-', `write the ${role}`, 'no standard output to write to');
      return file;
    }
    const real = target.realPath ?? resolve(cwd, target.path);
    if (target.kind === 'stream') {
      try {
        file.fd = openSync(real, constants.O_WRONLY); // no O_CREAT, no O_TRUNC: write into the device or pipe as it is
      } catch (error) {
        throw fail(error);
      }
      return file;
    }
    const temporary = join(dirname(real), `.${basename(real)}.${process.pid}.${Date.now().toString(36)}.tmp`);
    try {
      file.fd = openSync(temporary, 'wx', 0o666);
      pending.add(temporary);
      file.temporary = temporary;
      if (target.mode !== undefined) fchmodSync(file.fd, target.mode);
    } catch (error) {
      file.abort();
      throw fail(error);
    }
    return file;
  }

  /** Append bytes (a string is written as UTF-8). */
  write(chunk: string | Uint8Array): void {
    if (this.done) throw new CliOutputError(this.target.path, 'already closed');
    if (this.target.kind === 'stdout') {
      (this.stdout as { write(chunk: string | Uint8Array): unknown }).write(chunk);
      return;
    }
    try {
      // a write may be partial (a nearly full disk takes what fits): loop until all is written or it fails
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      for (let at = 0; at < bytes.length; ) at += writeSync(this.fd as number, bytes, at, bytes.length - at);
    } catch (error) {
      throw new CliOutputError(this.target.path, describeSystemError(error));
    }
  }

  /**
   * Close, and for a file output move it into place. The rename replaces
   * only a regular file: if the target turned into anything else during the
   * run, nothing is replaced and this throws.
   */
  commit(): void {
    if (this.done) return;
    try {
      // a file must be on disk before it replaces the old one (a delayed write error surfaces here, not after the rename)
      if (this.temporary !== undefined && this.fd !== undefined) fsyncSync(this.fd);
      this.close();
      if (this.temporary !== undefined) {
        const real = this.target.realPath as string;
        let now: ReturnType<typeof lstatSync> | undefined;
        try {
          now = lstatSync(real);
        } catch {
          now = undefined; // absent: the rename creates it
        }
        if (now !== undefined && !now.isFile()) throw new Error('the target is no longer a regular file; it was not replaced');
        renameSync(this.temporary, real);
        pending.delete(this.temporary);
        this.temporary = undefined;
      }
      this.done = true;
    } catch (error) {
      this.abort();
      throw error instanceof CliOutputError ? error : new CliOutputError(this.target.path, describeSystemError(error));
    }
  }

  /** Discard: close and delete the temporary file (a streamed output keeps what was written). Safe to call twice. */
  abort(): void {
    this.done = true;
    try {
      this.close();
    } catch {
      // already failing: the temporary file is removed below either way
    }
    if (this.temporary !== undefined) {
      try {
        unlinkSync(this.temporary);
      } catch {
        // already gone
      }
      pending.delete(this.temporary);
      this.temporary = undefined;
    }
  }

  private close(): void {
    if (this.fd === undefined) return;
    const fd = this.fd;
    this.fd = undefined;
    closeSync(fd);
  }
}
