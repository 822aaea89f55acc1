import { SparsePropError } from '@sparseprop/core';

/** A spike or state file cannot be written or read: the message names the file, what was tried and why. */
export class SpikeFileError extends SparsePropError {
  override readonly name = 'SpikeFileError';
  constructor(
    /** The path as the user gave it. */
    readonly path: string,
    /** What was being done, e.g. `"write"`, `"read the --out file"`. */
    readonly action: string,
    /** The cause, e.g. `"no such file or directory"`. */
    readonly reason: string,
  ) {
    super(`cannot ${action} ${path}: ${reason}`);
  }
}

/** A Node system error (`ENOENT`, `EACCES`, ...) as a short reason, e.g. `"no such file or directory"`. */
export function describeSystemError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'is a directory',
    ENOTDIR: 'a component of the path is not a directory',
    ENOSPC: 'no space left on device',
    EROFS: 'read-only file system',
    EMFILE: 'too many open files',
    EPIPE: 'the reader closed the pipe',
  };
  if (typeof code === 'string' && code in reasons) return reasons[code];
  if (error instanceof SparsePropError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
