import { InputFormatError, InvalidParameterError } from '@sparseprop/core';
import { quoteInput } from '../quote-input.js';
import { readInputText } from './read-input-file.js';

/** A list of neuron indices on the command line: integers and inclusive ranges, comma-separated (`0,5,17`, `0-99,500`). */
const INLINE_LIST = /^\s*\d+(\s*-\s*\d+)?(\s*,\s*\d+(\s*-\s*\d+)?)*\s*$/;

/** True when a `--record-neurons`/`--voltage-neurons` value is an inline list rather than a file name. */
export function isInlineNeuronList(value: string): boolean {
  return INLINE_LIST.test(value);
}

/**
 * The neurons a `--record-neurons`/`--voltage-neurons` value names, sorted
 * and without repeats: an inline list (`0,5,17`, ranges `10-19` inclusive)
 * or a file of indices (one or more per line, separated by commas or
 * whitespace; `#` comments and a header line `neuron` are skipped).
 * Every index must be an integer in `[0, n)`: an {@link InvalidParameterError}
 * naming the flag (inline) or an {@link InputFormatError} naming the file and
 * line. Relative file paths resolve against `cwd`.
 */
export function readNeuronList(flag: string, value: string, n: number, cwd: string): Int32Array {
  const allowed = `neuron indices in [0, ${n - 1}] (integers; ranges a-b with a ≤ b; comma-separated, or a file of indices)`;
  if (value.trim() === '') throw new InvalidParameterError(flag, value, allowed);
  const seen = new Uint8Array(n);
  let count = 0;
  const add = (i: number, refuse: (text: string, why: string) => never, text: string) => {
    if (!Number.isSafeInteger(i) || i < 0 || i >= n) refuse(text, allowed);
    if (seen[i] === 0) {
      seen[i] = 1;
      count++;
    }
  };
  const addItem = (item: string, refuse: (text: string, why: string) => never) => {
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(item);
    if (range !== null) {
      const a = Number(range[1]), b = Number(range[2]);
      if (!(a <= b)) refuse(item, allowed);
      add(a, refuse, item);
      add(b, refuse, item); // both ends checked before the loop: it runs at most n times
      for (let i = a; i <= b; i++) add(i, refuse, item);
      return;
    }
    if (!/^\d+$/.test(item)) refuse(item, allowed);
    add(Number(item), refuse, item);
  };
  if (isInlineNeuronList(value)) {
    const refuse = (text: string, why: string): never => {
      throw new InvalidParameterError(flag, text, why);
    };
    for (const item of value.split(',')) addItem(item.trim(), refuse);
  } else {
    const text = readInputText(value, cwd, `${flag} file`);
    const lines = text.split(/\r?\n/);
    let header = true;
    for (let l = 0; l < lines.length; l++) {
      const line = lines[l].replace(/#.*/, '').trim();
      if (line === '') continue;
      if (header && /^neurons?$/i.test(line)) {
        header = false;
        continue;
      }
      header = false;
      const refuse = (item: string, why: string): never => {
        throw new InputFormatError(value, l + 1, `${quoteInput(item)} is not one of the ${why}`);
      };
      for (const item of line.split(/\s*[,;\s]\s*/)) if (item !== '') addItem(item, refuse);
    }
    if (count === 0) throw new InputFormatError(value, Math.max(1, lines.length), `no neuron index in the ${flag} file (expected ${allowed})`);
  }
  const out = new Int32Array(count);
  for (let i = 0, k = 0; i < n && k < count; i++) if (seen[i] === 1) out[k++] = i;
  return out;
}
