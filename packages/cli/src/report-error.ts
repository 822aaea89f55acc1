import { InputFormatError, InsufficientMemoryError, InvalidParameterError, SparsePropError, UnknownPluginError } from '@sparseprop/core';
import { CliFileError, CliSetupError, CliUsageError } from './cli-errors.js';
import type { OutputStream } from './cli-io.js';
import { ExitCode, type ExitCodeValue } from './exit-codes.js';
import { safeLine } from './quote-input.js';

/** Prefix of every error line, so scripts can grep for it. */
export const ERROR_PREFIX = 'sparseprop: error: ';

/**
 * Write `error` to `stderr` as ONE line, `sparseprop: error: <message>`, and
 * return the exit code it maps to. Errors SparseProp throws on purpose
 * ({@link SparsePropError}) never print a stack trace; anything else is a
 * bug or an environment failure, and its stack follows the line.
 */
export function reportError(error: unknown, stderr: OutputStream): ExitCodeValue {
  stderr.write(`${ERROR_PREFIX}${safeLine(oneLine(messageOf(error)))}\n`);
  if (error instanceof SparsePropError) return isInvalidInput(error) ? ExitCode.invalidInput : ExitCode.failure;
  if (error instanceof RangeError && /allocation failed|Invalid (typed )?array length/i.test(error.message)) {
    return ExitCode.failure; // out of memory: the message says enough
  }
  if (error instanceof Error && error.stack) stderr.write(`${error.stack}\n`);
  return ExitCode.failure;
}

/**
 * A {@link SparsePropError} thrown while a run was being set up, as an input
 * error: every refusal before the run starts exits with status 2, whichever
 * plugin raised it. Other errors (bugs) are returned unchanged.
 */
export function asSetupError(error: unknown): unknown {
  return error instanceof SparsePropError && !isInvalidInput(error) ? new CliSetupError(error) : error;
}

function isInvalidInput(error: SparsePropError): boolean {
  return (
    error instanceof CliUsageError ||
    error instanceof CliSetupError ||
    error instanceof CliFileError ||
    error instanceof InvalidParameterError ||
    error instanceof InputFormatError ||
    error instanceof UnknownPluginError ||
    error instanceof InsufficientMemoryError
  );
}

function messageOf(error: unknown): string {
  if (error instanceof RangeError && /allocation failed/i.test(error.message)) {
    return `out of memory (${error.message}); try a smaller --n`;
  }
  return error instanceof Error ? error.message : String(error);
}

function oneLine(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').trim();
}
