import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CliFileError, describeSystemError } from '../cli-errors.js';

/** Largest file read whole into one string (V8 strings hold at most 2^29 - 24 characters). */
export const MAX_INPUT_FILE_BYTES = 2 ** 29 - 24;

/**
 * Read a UTF-8 text file given on the command line. Relative paths resolve
 * against `cwd`. Failures become {@link CliFileError}s naming `role` (e.g.
 * `"--network file"`) and the path as given.
 */
export function readInputText(path: string, cwd: string, role: string): string {
  const absolute = resolve(cwd, path);
  let bytes: number;
  try {
    const stats = statSync(absolute);
    if (stats.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    bytes = stats.size;
  } catch (error) {
    throw new CliFileError(path, `read the ${role}`, describeSystemError(error));
  }
  if (bytes > MAX_INPUT_FILE_BYTES) {
    throw new CliFileError(path, `read the ${role}`, `${(bytes / 2 ** 20).toFixed(0)} MiB is above the ${MAX_INPUT_FILE_BYTES >> 20} MiB a text input may have`);
  }
  try {
    return readFileSync(absolute, 'utf8');
  } catch (error) {
    throw new CliFileError(path, `read the ${role}`, describeSystemError(error));
  }
}

/** Size of a file in bytes, or undefined when it cannot be stat'ed (reading it will then report why). */
export function fileBytes(path: string, cwd: string): number | undefined {
  try {
    return statSync(resolve(cwd, path)).size;
  } catch {
    return undefined;
  }
}
