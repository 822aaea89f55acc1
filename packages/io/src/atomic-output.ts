import { accessSync, closeSync, constants, fchmodSync, fstatSync, fsyncSync, lstatSync, openSync, readlinkSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { SpikeFileError, describeSystemError } from './spike-file-error.js';

/** Temporary files of open outputs, removed by {@link removeTemporaryFiles} (on SIGINT/SIGTERM and exit). */
const temporaryFiles = new Set<string>();
let handlersInstalled = false;

/** Remember a temporary file so an interrupted process deletes it. */
export function registerTemporaryFile(path: string): void {
  temporaryFiles.add(path);
  installCleanupHandlers();
}

/** Forget a temporary file (it was renamed into place or deleted). */
export function releaseTemporaryFile(path: string): void {
  temporaryFiles.delete(path);
}

/** Delete every registered temporary file now (synchronously); returns how many were removed. */
export function removeTemporaryFiles(): number {
  let removed = 0;
  for (const path of temporaryFiles) {
    try {
      unlinkSync(path);
      removed++;
    } catch {
      // already gone
    }
  }
  temporaryFiles.clear();
  return removed;
}

/** Paths of the temporary files currently registered (for tests). */
export function pendingTemporaryFiles(): readonly string[] {
  return [...temporaryFiles];
}

/**
 * On SIGINT/SIGTERM, delete the temporary files and die of the same signal
 * (exit status 130/143 as the shell expects), unless another listener
 * handles the signal: then only the files are removed and the process is
 * left to that listener. A process blocked in a synchronous loop runs these
 * handlers only when it next yields to the event loop, so long runs should
 * run in slices (the CLI does).
 */
function installCleanupHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', removeTemporaryFiles);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const handler = () => {
      removeTemporaryFiles();
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, handler);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, handler);
  }
}

/** An input file of the same run, which an output must not overwrite (e.g. `{ flag: '--network', path }`). */
export interface NamedInput {
  /** How the user named it, e.g. `--network`. */
  readonly flag: string;
  /** The path as the user gave it (relative to the same `cwd`). */
  readonly path: string;
}

/**
 * How an output path is written, decided before anything is written:
 * - `stdout`: `-`, or a path to the process's own standard output
 *   (`/dev/stdout`, `/dev/fd/1`; also when that is a socket, which no
 *   `open()` reaches): written to file descriptor 1;
 * - `create` / `replace`: a regular file (absent, or present and writable):
 *   a temporary file beside it, renamed into place on commit;
 * - `stream`: a character device (`/dev/null`), FIFO or socket: opened and
 *   written in place, never renamed over (as root a rename would replace the
 *   device node itself).
 */
export type OutputTargetKind = 'stdout' | 'create' | 'replace' | 'stream';

/** Where an output goes, from {@link resolveOutputTarget}. */
export interface OutputTarget {
  readonly kind: OutputTargetKind;
  /** The path as the user gave it (for messages). */
  readonly path: string;
  /** The file really written: symbolic links followed (undefined for `stdout`). */
  readonly realPath?: string;
  /** Permission bits of the file being replaced, given to its replacement. */
  readonly mode?: number;
}

/**
 * The output policy every writer of this package (and the CLI) follows.
 * Refusals are {@link SpikeFileError}s, before anything is written:
 * - a symbolic link is followed: its target is written (created if missing), the link stays;
 * - a regular file without any write permission bit (e.g. mode 0444) is
 *   refused, also for root: a user who made a file read-only means it;
 * - a directory is refused;
 * - the same file (device and inode) as one of `inputs` is refused;
 * - a special file is streamed (see {@link OutputTargetKind}).
 */
export function resolveOutputTarget(path: string, cwd: string = process.cwd(), options: { action?: string; inputs?: readonly NamedInput[] } = {}): OutputTarget {
  const action = options.action ?? 'write';
  const refuse = (reason: string) => new SpikeFileError(path, action, reason);
  if (path === '-') return { kind: 'stdout', path };
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
    const link = lstatOrUndefined(absolute);
    return { kind: 'create', path, realPath: link?.isSymbolicLink() ? followLinks(absolute, refuse) : absolute };
  }
  if (isStandardOutput(stats)) return { kind: 'stdout', path };
  for (const input of options.inputs ?? []) {
    if (sameFile(stats, resolve(cwd, input.path))) throw refuse(`it is the ${input.flag} file ${input.path} (the same file): refusing to overwrite an input`);
  }
  if (stats.isDirectory()) throw refuse('is a directory');
  if (!stats.isFile()) return { kind: 'stream', path, realPath: absolute };
  const realPath = realPathOf(absolute, refuse);
  const mode = Number(stats.mode) & 0o7777;
  if ((mode & 0o222) === 0 || !writable(realPath)) {
    throw refuse(`the file is read-only (mode ${mode.toString(8).padStart(4, '0')}): remove it or make it writable to replace it`);
  }
  return { kind: 'replace', path, realPath, mode };
}

/** The path a chain of symbolic links leads to, even when its last target does not exist yet. */
function followLinks(path: string, refuse: (reason: string) => Error): string {
  let current = path;
  for (let hops = 0; hops < 40; hops++) {
    const stats = lstatOrUndefined(current);
    if (stats === undefined) return resolve(realPathOf(dirname(current), refuse), basename(current));
    if (!stats.isSymbolicLink()) return realPathOf(current, refuse);
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

function lstatOrUndefined(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
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

function sameFile(stats: { dev: number | bigint; ino: number | bigint }, other: string): boolean {
  try {
    const o = statSync(other);
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

/** How an {@link AtomicOutput} reaches its target. */
export type OutputKind = 'rename' | 'stream';

/**
 * A file written in place of `path` all at once: a temporary file in the
 * same directory, renamed over the target on {@link commit} (only when the
 * target is a regular file or does not exist). Special files (FIFOs,
 * `/dev/null`, terminals) and `-` (stdout) are written directly, streamed,
 * without a temporary file. The temporary file is deleted on {@link abort},
 * on SIGINT/SIGTERM and at exit.
 */
export class AtomicOutput {
  private fd: number | undefined;
  private done = false;

  private constructor(
    /** The path as the user gave it (for messages). */
    readonly path: string,
    /** `rename`: a temporary file renamed into place; `stream`: written directly. */
    readonly kind: OutputKind,
    /** The file actually being written (the temporary file, the special file, or `/dev/stdout`). */
    readonly writingPath: string,
    /** The final path (for `rename`). */
    readonly target: string,
    fd: number | undefined,
    private readonly ownsFd: boolean,
  ) {
    this.fd = fd;
  }

  /**
   * Open the output now, so that a missing or read-only directory fails
   * before a run starts. `action` completes "cannot ... PATH" in errors.
   * With `needsSeek` (HDF5), stdout and special files are refused.
   */
  static open(path: string, cwd: string = process.cwd(), options: { action?: string; needsSeek?: boolean; suffix?: string; inputs?: readonly NamedInput[] } = {}): AtomicOutput {
    const action = options.action ?? 'write';
    const target = resolveOutputTarget(path, cwd, { action, inputs: options.inputs });
    if (target.kind === 'stdout') {
      if (options.needsSeek) throw new SpikeFileError(path, action, 'this format needs a seekable file, not stdout');
      return new AtomicOutput(path, 'stream', '/dev/stdout', '/dev/stdout', 1, false);
    }
    const real = target.realPath as string;
    if (target.kind === 'stream') {
      if (options.needsSeek) throw new SpikeFileError(path, action, 'this format needs a regular file (it seeks), not a special file');
      try {
        // no O_CREAT, no O_TRUNC: write into the device or pipe as it is
        return new AtomicOutput(path, 'stream', real, real, openSync(real, constants.O_WRONLY), true);
      } catch (error) {
        throw new SpikeFileError(path, action, describeSystemError(error));
      }
    }
    // beside the file a symlink points to, so the rename replaces the file, not the link
    const directory = dirname(real);
    const directoryStat = statOrUndefined(directory);
    if (directoryStat === undefined) throw new SpikeFileError(path, action, `directory ${dirname(path) || '.'} does not exist`);
    if (!directoryStat.isDirectory()) throw new SpikeFileError(path, action, `${dirname(path)} is not a directory`);
    const temporary = temporaryPathBeside(real, options.suffix ?? 'tmp');
    let fd: number | undefined;
    try {
      fd = openSync(temporary, 'wx', 0o666);
      registerTemporaryFile(temporary);
      if (target.mode !== undefined) fchmodSync(fd, target.mode); // the replacement keeps the old file's permissions
      return new AtomicOutput(path, 'rename', temporary, real, fd, true);
    } catch (error) {
      if (fd !== undefined) {
        closeSync(fd);
        unlinkSync(temporary);
        releaseTemporaryFile(temporary);
      }
      throw new SpikeFileError(path, action, describeSystemError(error));
    }
  }

  /** Whether bytes go straight to the target (stdout, FIFO, device). */
  get streaming(): boolean {
    return this.kind === 'stream';
  }

  /** The open descriptor (closed after {@link closeDescriptor}, {@link commit} or {@link abort}). */
  get descriptor(): number {
    if (this.fd === undefined) throw new SpikeFileError(this.path, 'write', 'the output is closed');
    return this.fd;
  }

  /** Write all of `data` (retrying partial writes and EAGAIN on non-blocking pipes). */
  write(data: Uint8Array | string): void {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    writeFully(this.descriptor, bytes, this.path);
  }

  /** Close the descriptor but keep the file (a library such as h5wasm then writes `writingPath` itself). */
  closeDescriptor(): void {
    const fd = this.fd;
    this.fd = undefined;
    if (fd !== undefined && this.ownsFd) closeSync(fd);
  }

  /** Close and move the file into place (for `rename`). Throws {@link SpikeFileError} after aborting on failure. */
  commit(): void {
    if (this.done) return;
    try {
      // on disk before it replaces the old file (a delayed write error surfaces here, not after the rename)
      if (this.kind === 'rename' && this.fd !== undefined) fsyncSync(this.fd);
      this.closeDescriptor();
      if (this.kind === 'rename') {
        // the rename replaces only a regular file: a target that turned into a directory, FIFO or device stays
        const now = lstatOrUndefined(this.target);
        if (now !== undefined && !now.isFile()) throw new Error('the target is no longer a regular file; it was not replaced');
        renameSync(this.writingPath, this.target);
        releaseTemporaryFile(this.writingPath);
      }
      this.done = true;
    } catch (error) {
      this.abort();
      throw new SpikeFileError(this.path, 'write', describeSystemError(error));
    }
  }

  /** Close and delete the temporary file (a streamed target is left as far as it got). Safe to call twice. */
  abort(): void {
    if (this.done) return;
    this.done = true;
    try {
      this.closeDescriptor();
    } catch {
      // failing already: the file is removed below either way
    }
    if (this.kind === 'rename') {
      try {
        unlinkSync(this.writingPath);
      } catch {
        // already gone
      }
      releaseTemporaryFile(this.writingPath);
    }
  }
}

/** A fresh temporary path in the directory of `target` (hidden, with the pid and a random tag). */
export function temporaryPathBeside(target: string, suffix: string): string {
  const tag = `${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return join(dirname(target), `.${basename(target)}.${tag}.${suffix}`);
}

/** Write every byte of `bytes` to `fd`, retrying short writes and EAGAIN (stdout may be a non-blocking pipe). */
export function writeFully(fd: number, bytes: Uint8Array, path: string): void {
  let offset = 0;
  let waits = 0;
  while (offset < bytes.length) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
      waits = 0;
    } catch (error) {
      if ((error as { code?: string }).code === 'EAGAIN' && waits < 10_000) {
        waits++;
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1); // the reader is slower: wait 1 ms
        continue;
      }
      throw new SpikeFileError(path, 'write', describeSystemError(error));
    }
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** Whether `fd` is a regular file (a seekable target). */
export function isRegularFile(fd: number): boolean {
  return fstatSync(fd).isFile();
}
