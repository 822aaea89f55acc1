import { InputFormatError } from '@sparseprop/core';

/**
 * Readers for the plain-text files a network config or the CLI names. Every
 * reader is strict: a malformed line, a value out of range or times out of
 * order fail with {@link InputFormatError} naming `file:line`. A first line
 * that is not numeric is taken as a header. Blank lines and `#` comments are
 * skipped.
 */

interface Rows {
  /** Numeric columns per row. */
  columns: Float64Array[];
  /** 1-based line of each row. */
  lines: Int32Array;
}

function readRows(text: string, file: string, minColumns: number, maxColumns: number, header: string): Rows {
  const raw = text.split(/\r?\n/);
  const values: number[][] = [];
  const lines: number[] = [];
  for (let l = 0; l < raw.length; l++) {
    const line = raw[l].trim();
    if (line === '' || line.startsWith('#')) continue;
    const cells = line.split(/\s*[,;\t ]\s*/);
    if (values.length === 0 && lines.length === 0 && cells.some((c) => c !== '' && Number.isNaN(Number(c)))) {
      lines.push(-1); // header
      continue;
    }
    if (cells.length < minColumns || cells.length > maxColumns) {
      throw new InputFormatError(file, l + 1, `expected ${header} (${minColumns === maxColumns ? minColumns : `${minColumns}–${maxColumns}`} columns), got ${cells.length}: "${line}"`);
    }
    const row = cells.map(Number);
    const bad = row.findIndex((x, c) => !Number.isFinite(x) || cells[c] === '');
    if (bad >= 0) throw new InputFormatError(file, l + 1, `column ${bad + 1} is not a finite number: "${cells[bad]}"`);
    values.push(row);
    lines.push(l + 1);
  }
  const rowLines = lines.filter((x) => x > 0);
  const columns: Float64Array[] = [];
  for (let c = 0; c < maxColumns; c++) {
    const col = new Float64Array(values.length);
    for (let r = 0; r < values.length; r++) col[r] = c < values[r].length ? values[r][c] : NaN;
    columns.push(col);
  }
  return { columns, lines: Int32Array.from(rowLines) };
}

function checkIndex(file: string, line: number, what: string, x: number, size: number): void {
  if (!Number.isInteger(x) || x < 0 || x >= size) throw new InputFormatError(file, line, `${what} ${x} out of range: must be an integer in [0, ${size - 1}]`);
}

/** Edges `pre,post,weight[,delay_s]` (indices local to the projection's populations). */
export function parseEdgeCsv(text: string, file: string, preSize: number, postSize: number) {
  const { columns, lines } = readRows(text, file, 3, 4, 'pre,post,weight[,delay_s]');
  const e = lines.length;
  const pre = new Int32Array(e), post = new Int32Array(e), weight = columns[2];
  let delay: Float64Array | undefined;
  for (let s = 0; s < e; s++) {
    checkIndex(file, lines[s], 'pre', columns[0][s], preSize);
    checkIndex(file, lines[s], 'post', columns[1][s], postSize);
    pre[s] = columns[0][s];
    post[s] = columns[1][s];
    const d = columns[3][s];
    if (!Number.isNaN(d)) {
      if (d < 0) throw new InputFormatError(file, lines[s], `delay_s ${d} is negative: must be ≥ 0 (seconds)`);
      delay ??= new Float64Array(e);
      delay[s] = d;
    } else if (delay !== undefined) {
      throw new InputFormatError(file, lines[s], 'missing delay_s (earlier lines have one)');
    }
  }
  if (delay !== undefined) for (let s = 0; s < e; s++) if (Number.isNaN(columns[3][s])) throw new InputFormatError(file, lines[s], 'missing delay_s (later lines have one)');
  return { pre, post, weight, delay };
}

/** Kicks `time_s,neuron,weight`, time order nondecreasing, neuron in [0, n). */
export function parseInputEvents(text: string, file: string, n: number) {
  const { columns, lines } = readRows(text, file, 3, 3, 'time_s,neuron,weight');
  const times = columns[0], neurons = new Int32Array(lines.length), weights = columns[2];
  for (let s = 0; s < lines.length; s++) {
    if (times[s] < 0) throw new InputFormatError(file, lines[s], `time_s ${times[s]} is negative`);
    if (s > 0 && times[s] < times[s - 1]) throw new InputFormatError(file, lines[s], `time_s ${times[s]} is earlier than the line before (${times[s - 1]}): sort the events by time`);
    checkIndex(file, lines[s], 'neuron', columns[1][s], n);
    neurons[s] = columns[1][s];
  }
  return { times, neurons, weights };
}

/** Spikes `time_s,neuron` of a source population (local indices), time order nondecreasing. */
export function parseSpikeCsv(text: string, file: string, size: number) {
  const { columns, lines } = readRows(text, file, 2, 2, 'time_s,neuron');
  const times = columns[0], neurons = new Int32Array(lines.length);
  for (let s = 0; s < lines.length; s++) {
    if (times[s] < 0) throw new InputFormatError(file, lines[s], `time_s ${times[s]} is negative`);
    if (s > 0 && times[s] < times[s - 1]) throw new InputFormatError(file, lines[s], `time_s ${times[s]} is earlier than the line before: sort the spikes by time`);
    checkIndex(file, lines[s], 'neuron', columns[1][s], size);
    neurons[s] = columns[1][s];
  }
  return { times, neurons };
}

/** A rate signal `time_s,rate_hz`, times increasing, rates ≥ 0. */
export function parseRateSignal(text: string, file: string) {
  const { columns, lines } = readRows(text, file, 2, 2, 'time_s,rate_hz');
  if (lines.length === 0) throw new InputFormatError(file, 1, 'no samples: expected lines time_s,rate_hz');
  for (let s = 0; s < lines.length; s++) {
    if (columns[1][s] < 0) throw new InputFormatError(file, lines[s], `rate_hz ${columns[1][s]} is negative`);
    if (s > 0 && !(columns[0][s] > columns[0][s - 1])) throw new InputFormatError(file, lines[s], 'time_s must increase from line to line');
  }
  return { times: columns[0], rates: columns[1] };
}

/** One voltage per line (threshold units), exactly `n` of them. */
export function parseVoltages(text: string, file: string, n: number): Float64Array {
  const { columns, lines } = readRows(text, file, 1, 1, 'one voltage per line');
  if (lines.length !== n) throw new InputFormatError(file, lines.length > n ? lines[n] : (lines[lines.length - 1] ?? 0) + 1, `expected ${n} voltages (one per neuron), got ${lines.length}`);
  return columns[0];
}
