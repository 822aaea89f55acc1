/** Base class of every error SparseProp throws on purpose. */
export class SparsePropError extends Error {
  override readonly name: string = 'SparsePropError';
}

/**
 * A parameter is outside its allowed range (or not a number). The message
 * names the parameter, the value and the range, e.g.
 * `k must be an integer in [1, n-1 = 9], got 10`.
 */
export class InvalidParameterError extends SparsePropError {
  override readonly name = 'InvalidParameterError';
  constructor(
    /** Name of the offending parameter, as the user wrote it. */
    readonly parameter: string,
    /** The value that was rejected. */
    readonly value: unknown,
    /** Human-readable allowed range, e.g. `"(0, Infinity)"`. */
    readonly allowed: string,
  ) {
    super(`${parameter} must be ${allowed}, got ${formatValue(value)}`);
  }
}

/** An input file is malformed; the message names the file and line (1-based). */
export class InputFormatError extends SparsePropError {
  override readonly name = 'InputFormatError';
  constructor(
    readonly source: string,
    readonly line: number,
    readonly problem: string,
  ) {
    super(`${source}:${line}: ${problem}`);
  }
}

/** A requested plugin (model, queue, connectivity) is not registered. */
export class UnknownPluginError extends SparsePropError {
  override readonly name = 'UnknownPluginError';
  constructor(
    readonly kind: string,
    readonly requested: string,
    readonly available: readonly string[],
  ) {
    super(`unknown ${kind} "${requested}"; registered: ${available.join(', ') || '(none)'}`);
  }
}

/**
 * Excitation made neurons fire at one instant without end (more than N
 * spikes with no time passing): the dynamics have no next event time.
 */
export class RunawayExcitationError extends SparsePropError {
  override readonly name = 'RunawayExcitationError';
  constructor(
    readonly timeSeconds: number,
    readonly spikesAtThatInstant: number,
  ) {
    super(
      `runaway excitation: ${spikesAtThatInstant} spikes at t = ${timeSeconds} s without time advancing; ` +
        'reduce excitatory weights below the threshold-to-reset voltage gap',
    );
  }
}

/** The requested network would not fit in memory; thrown before allocating. */
export class InsufficientMemoryError extends SparsePropError {
  override readonly name = 'InsufficientMemoryError';
  constructor(
    readonly requiredBytes: number,
    readonly availableBytes: number,
  ) {
    super(
      `network needs about ${(requiredBytes / 2 ** 30).toFixed(2)} GiB but only ` +
        `${(availableBytes / 2 ** 30).toFixed(2)} GiB are available`,
    );
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}
