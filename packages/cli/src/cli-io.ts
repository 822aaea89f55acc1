/** Where a command writes, and what it knows about its surroundings. */
export interface CliIo {
  /** Results: the summary, the `--json` object, listings. */
  readonly stdout: OutputStream;
  /** Progress bar and error lines. */
  readonly stderr: OutputStream;
  /** Directory relative paths given as flags are resolved against. */
  readonly cwd: string;
}

/** The part of a writable stream the commands use. */
export interface OutputStream {
  write(text: string): unknown;
  /** True when the stream is a terminal (a progress bar is drawn only then). */
  readonly isTTY?: boolean;
}

/** The real process streams and working directory. */
export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd() };
}

/** An in-memory {@link CliIo} that records what was written (for tests and embedding). */
export interface CapturedIo extends CliIo {
  /** Everything written to stdout so far. */
  readonly out: () => string;
  /** Everything written to stderr so far. */
  readonly err: () => string;
}

/** A {@link CliIo} whose streams are strings; `tty` makes stderr claim to be a terminal. */
export function capturedIo(cwd: string = process.cwd(), tty = false): CapturedIo {
  let out = '', err = '';
  return {
    stdout: { write: (text: string) => (out += text) },
    stderr: { write: (text: string) => (err += text), isTTY: tty },
    cwd,
    out: () => out,
    err: () => err,
  };
}
