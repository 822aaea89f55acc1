import { escapeUnsafe, quoteInput } from './quote-input.js';

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

/**
 * The simulation state became non-finite: the next spike time (the popped
 * key) is NaN, or +Infinity with no time limit to stop at (no neuron will
 * ever fire). Engines check the popped key once per spike, so a model pushed
 * outside the range where its arithmetic holds stops with this error instead
 * of looping or writing NaN.
 */
export class NonFiniteStateError extends SparsePropError {
  override readonly name = 'NonFiniteStateError';
  constructor(
    /** Simulated time of the last finite state, seconds. */
    readonly timeSeconds: number,
    /** The neuron at the top of the queue. */
    readonly neuron: number,
    /** The non-finite value found. */
    readonly value: number,
  ) {
    super(
      Number.isNaN(value)
        ? `the simulation state became NaN at t = ${timeSeconds} s (next spike of neuron ${neuron}): the model's parameters are outside the range where its arithmetic holds`
        : `no neuron will ever reach threshold after t = ${timeSeconds} s (next spike of neuron ${neuron} at ${value}): give a time limit (maxTimeSeconds), or a drive that makes neurons fire`,
    );
  }
}

/** Which size made a network too large, and the largest that fits (see {@link InsufficientMemoryError}). */
export interface MemoryLimit {
  /** The parameter to reduce, e.g. `"n"` or `"--n"`. */
  readonly parameter: string;
  /** The largest value of it that fits the available memory. */
  readonly largest: number;
  /** What the estimate counted, e.g. `"15 B per neuron: exp-key engine, calendar queue"`. */
  readonly basis: string;
}

/** The requested network would not fit in memory; thrown before allocating. */
export class InsufficientMemoryError extends SparsePropError {
  override readonly name = 'InsufficientMemoryError';
  constructor(
    readonly requiredBytes: number,
    readonly availableBytes: number,
    /** The parameter to reduce and its largest value that fits, when known. */
    readonly limit?: MemoryLimit,
  ) {
    super(
      `network needs about ${(requiredBytes / 2 ** 30).toFixed(2)} GiB but only ` +
        `${(availableBytes / 2 ** 30).toFixed(2)} GiB are available` +
        (limit === undefined ? '' : ` (${limit.basis}): ${limit.parameter} must be at most ${limit.largest}`),
    );
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return quoteInput(value);
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of ${(value as unknown as ArrayLike<unknown>).length ?? value.byteLength}`;
  if (typeof value === 'object' && value !== null) return 'an object';
  return escapeUnsafe(String(value));
}
