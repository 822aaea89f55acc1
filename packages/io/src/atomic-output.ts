import { closeSync, fstatSync, lstatSync, openSync, realpathSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
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
  static open(path: string, cwd: string = process.cwd(), options: { action?: string; needsSeek?: boolean; suffix?: string } = {}): AtomicOutput {
    const action = options.action ?? 'write';
    if (path === '') throw new SpikeFileError(path, action, 'empty path');
    if (path === '-') {
      if (options.needsSeek) throw new SpikeFileError(path, action, 'this format needs a seekable file, not stdout');
      return new AtomicOutput(path, 'stream', '/dev/stdout', '/dev/stdout', 1, false);
    }
    let target = resolve(cwd, path);
    const existing = statOrUndefined(target);
    if (existing?.isDirectory()) throw new SpikeFileError(path, action, 'is a directory');
    if (existing !== undefined && !existing.isFile()) {
      if (options.needsSeek) throw new SpikeFileError(path, action, 'this format needs a regular file (it seeks), not a special file');
      try {
        return new AtomicOutput(path, 'stream', target, target, openSync(target, 'w'), true);
      } catch (error) {
        throw new SpikeFileError(path, action, describeSystemError(error));
      }
    }
    // write beside the file a symlink points to, so the rename replaces the file, not the link
    if (existing !== undefined && lstatSync(target).isSymbolicLink()) target = realpathSync(target);
    const directory = dirname(target);
    const directoryStat = statOrUndefined(directory);
    if (directoryStat === undefined) throw new SpikeFileError(path, action, `directory ${dirname(path) || '.'} does not exist`);
    if (!directoryStat.isDirectory()) throw new SpikeFileError(path, action, `${dirname(path)} is not a directory`);
    const temporary = temporaryPathBeside(target, options.suffix ?? 'tmp');
    try {
      const fd = openSync(temporary, 'wx');
      registerTemporaryFile(temporary);
      return new AtomicOutput(path, 'rename', temporary, target, fd, true);
    } catch (error) {
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
      this.closeDescriptor();
      if (this.kind === 'rename') {
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
