import { SparsePropError } from '@sparseprop/core';

/**
 * The command line itself is wrong: an unknown flag or subcommand, a flag
 * value that is not a number, conflicting flags, an unknown config key.
 */
export class CliUsageError extends SparsePropError {
  override readonly name = 'CliUsageError';
}

/** An input file cannot be read or the output file cannot be written. */
export class CliFileError extends SparsePropError {
  override readonly name = 'CliFileError';
  constructor(
    /** The path as the user gave it. */
    readonly path: string,
    /** What was being done, e.g. `"read the --network file"`. */
    readonly action: string,
    /** The cause, e.g. `"no such file or directory"`. */
    readonly reason: string,
  ) {
    super(`cannot ${action} ${path}: ${reason}`);
  }
}

/**
 * Writing an output failed while the run was going (disk full, an I/O
 * error, a pipe closed): exit status 1, like any run that fails after it
 * started. The previous contents of a replaced file are kept.
 */
export class CliOutputError extends SparsePropError {
  override readonly name = 'CliOutputError';
  constructor(
    /** The path as the user gave it (`-` for standard output). */
    readonly path: string,
    /** The cause, e.g. `"no space left on device"`. */
    readonly reason: string,
    /** Which output, e.g. `"--out file"` or `"--rates file"`. */
    readonly role = '--out file',
  ) {
    super(`cannot write the ${role} ${path}: ${reason}`);
  }
}

/**
 * A plugin refused the configuration while the simulator was being built,
 * before anything ran (e.g. a Chebyshev PTC that cannot be fitted for this
 * drive): an input problem, exit status 2. The plugin's own error is the
 * `cause`; the message is its message.
 */
export class CliSetupError extends SparsePropError {
  override readonly name = 'CliSetupError';
  constructor(cause: SparsePropError) {
    super(cause.message, { cause });
  }
}

/** A Node system error (`ENOENT`, `EACCES`, ...) as a short reason, e.g. `"no such file or directory"`. */
export function describeSystemError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EISDIR: 'is a directory',
    ENOTDIR: 'a component of the path is not a directory',
    ENOSPC: 'no space left on device',
    EDQUOT: 'disk quota exceeded',
    EFBIG: 'file too large',
    EIO: 'input/output error',
    EPIPE: 'the reader closed the pipe',
    ELOOP: 'too many levels of symbolic links',
    ENXIO: 'no reader on the other end (FIFO or device not open)',
    EROFS: 'read-only file system',
    EMFILE: 'too many open files',
  };
  if (typeof code === 'string' && code in reasons) return reasons[code];
  return error instanceof Error ? error.message : String(error);
}
