import { extname } from 'node:path';
import { InputFormatError, parseDecimal } from '@sparseprop/core';
import { SpikeFileError, readNumpyArray } from '@sparseprop/io';
import { CliFileError } from '../cli-errors.js';
import { quoteInput } from '../quote-input.js';
import { formatExact } from './format-exact.js';
import { readInputText } from './read-input-file.js';

/** Initial phases read from a file, with the line each came from (for error messages). */
export interface InitialPhases {
  /** One phase per neuron, neuron 0 first, in the model's phase convention (docs/algorithm.md §2). */
  readonly phases: Float64Array;
  /** 1-based line number of each phase. */
  readonly lines: Int32Array;
  /** The file, as named in errors. */
  readonly source: string;
}

/**
 * Parse an `--init` file: one finite number per line, neuron 0 first; blank
 * lines are ignored. Errors name the file and line.
 */
export function parseInitialPhases(text: string, source: string): InitialPhases {
  const rows = text.split(/\r\n|\r|\n/); // CRLF, LF, or CR alone (old Mac files): each is one line end
  const phases: number[] = [];
  const lines: number[] = [];
  for (let r = 0; r < rows.length; r++) {
    const cell = (r === 0 ? rows[r].replace(/^\uFEFF/, '') : rows[r]).trim();
    if (cell === '') continue;
    const value = parseDecimal(cell); // decimal only: no 0x10, no Infinity
    if (!Number.isFinite(value)) throw new InputFormatError(source, r + 1, `expected one finite decimal phase per line, got ${quoteInput(cell)}`);
    phases.push(value);
    lines.push(r + 1);
  }
  return { phases: Float64Array.from(phases), lines: Int32Array.from(lines), source };
}

/**
 * Read an `--init` file: text (see {@link parseInitialPhases}), or a NumPy
 * `.npy` array or `.npz` archive with an array `phases` (float, one per
 * neuron; errors name the element as its "line", 1-based).
 */
export function readInitialPhasesFile(path: string, cwd: string): InitialPhases {
  const extension = extname(path).toLowerCase();
  if (extension === '.npy' || extension === '.npz') {
    let phases: Float64Array;
    try {
      phases = readNumpyArray(path, cwd, 'phases', 'read the --init file');
    } catch (error) {
      if (error instanceof SpikeFileError) throw new CliFileError(path, 'read the --init file', error.reason);
      throw error;
    }
    const bad = phases.findIndex((phi) => !Number.isFinite(phi));
    if (bad >= 0) throw new InputFormatError(path, bad + 1, `expected finite phases, element ${bad} is ${phases[bad]}`);
    return { phases, lines: Int32Array.from(phases, (_, i) => i + 1), source: path };
  }
  return parseInitialPhases(readInputText(path, cwd, '--init file'), path);
}

/** The file must hold exactly one phase per neuron. */
export function requirePhaseCount(init: InitialPhases, n: number): void {
  const count = init.phases.length;
  if (count !== n) {
    const line = count > n ? init.lines[n] : Math.max(1, init.lines[count - 1] ?? 1);
    throw new InputFormatError(init.source, line, `expected ${n} phases (one per neuron), found ${count}`);
  }
}

/** Write phases as the text {@link parseInitialPhases} reads (full double precision). */
export function formatInitialPhases(phases: ArrayLike<number>): string {
  let text = '';
  for (let i = 0; i < phases.length; i++) text += `${formatExact(phases[i])}\n`;
  return text;
}
