import type { CompressedRows, Connectivity, WeightSummary } from '../contracts/connectivity.js';
import { summarizeWeights } from './weight-summary.js';
import { InputFormatError, InvalidParameterError } from '../errors/errors.js';
import { requireInteger } from '../errors/validate.js';
import { quoteInput } from '../errors/quote-input.js';
import { parseDecimal } from '../util/decimal.js';

/**
 * Explicit sparse connectivity in compressed sparse rows: the synapses of
 * presynaptic neuron `j` are `post[rowStart[j] .. rowStart[j+1])` with weights
 * `weight[...]` (voltage jumps J, negative for inhibition). Targets keep the
 * order they were given in.
 */
export class SparseConnectivity implements Connectivity {
  readonly size: number;
  readonly maxOutDegree: number;
  /** Row pointers, length `size + 1`. */
  readonly rowStart: Int32Array;
  /** Postsynaptic neuron of each synapse. */
  readonly post: Int32Array;
  /** Weight (voltage jump J) of each synapse. */
  readonly weight: Float64Array;

  /** The network as compressed sparse rows (the arrays above, shared). */
  get rows(): CompressedRows {
    return this;
  }

  private constructor(size: number, rowStart: Int32Array, post: Int32Array, weight: Float64Array) {
    this.size = size;
    this.rowStart = rowStart;
    this.post = post;
    this.weight = weight;
    let maxDegree = 0;
    for (let j = 0; j < size; j++) maxDegree = Math.max(maxDegree, rowStart[j + 1] - rowStart[j]);
    this.maxOutDegree = maxDegree;
  }

  /**
   * Build from parallel edge arrays (any order). Rejects out-of-range indices,
   * autapses (`pre == post`), duplicate synapses and non-finite weights.
   * @param n number of neurons, integer in [2, 2^31 - 1]
   */
  static fromEdges(n: number, pre: ArrayLike<number>, post: ArrayLike<number>, weight: ArrayLike<number>): SparseConnectivity {
    requireInteger('n', n, 2, 2 ** 31 - 1);
    for (const [name, array] of [['pre', pre], ['post', post], ['weight', weight]] as const) {
      if (typeof (array as { length?: unknown } | null)?.length !== 'number') throw new InvalidParameterError(name, array, 'an array (or typed array) of numbers');
    }
    const m = pre.length;
    if (post.length !== m || weight.length !== m) {
      throw new InvalidParameterError('edges', `${m}/${post.length}/${weight.length}`, 'arrays pre, post, weight of equal length');
    }
    const rowStart = new Int32Array(n + 1);
    for (let e = 0; e < m; e++) {
      const p = pre[e], q = post[e], w = weight[e];
      if (!Number.isInteger(p) || p < 0 || p >= n) throw new InvalidParameterError(`pre[${e}]`, p, `an integer in [0, ${n - 1}]`);
      if (!Number.isInteger(q) || q < 0 || q >= n) throw new InvalidParameterError(`post[${e}]`, q, `an integer in [0, ${n - 1}]`);
      if (p === q) throw new InvalidParameterError(`post[${e}]`, q, `different from pre (${p}): autapses are not supported`);
      if (!Number.isFinite(w)) throw new InvalidParameterError(`weight[${e}]`, w, 'a finite number');
      rowStart[p + 1]++;
    }
    for (let j = 0; j < n; j++) rowStart[j + 1] += rowStart[j];
    const fill = rowStart.slice(0, n);
    const postOut = new Int32Array(m);
    const weightOut = new Float64Array(m);
    for (let e = 0; e < m; e++) {
      const at = fill[pre[e]]++;
      postOut[at] = post[e];
      weightOut[at] = weight[e];
    }
    // duplicates: mark-and-check per row
    const seenBy = new Int32Array(n).fill(-1);
    for (let j = 0; j < n; j++) {
      for (let s = rowStart[j]; s < rowStart[j + 1]; s++) {
        const q = postOut[s];
        if (seenBy[q] === j) throw new InvalidParameterError('edges', `${j}->${q}`, 'free of duplicate synapses');
        seenBy[q] = j;
      }
    }
    return new SparseConnectivity(n, rowStart, postOut, weightOut);
  }

  /**
   * Parse a CSV edge list with the header `pre,post,weight` (neurons from 0,
   * weight = voltage jump J, a decimal number). Blank lines are ignored; lines
   * end in LF, CRLF or CR alone; a byte-order mark is ignored. Errors are
   * {@link InputFormatError}s naming the file and line, with the offending
   * text quoted and cut ({@link quoteInput}).
   * @param n number of neurons; when omitted, 1 + the largest index seen
   * @param source name used in error messages (e.g. the file path)
   * @param options `checkSize(neurons, edges)` is called after parsing and
   *   before the network's arrays are allocated (they take ~12 bytes per
   *   neuron and ~12 per edge): throw there (e.g. an
   *   {@link InsufficientMemoryError}) to refuse a file naming neuron 7e8
   *   before gigabytes are allocated for it.
   */
  static fromCsv(text: string, n?: number, source = 'edges.csv', options: { checkSize?: (neurons: number, edges: number) => void } = {}): SparseConnectivity {
    if (typeof text !== 'string') throw new InvalidParameterError('text', text, 'the text of a CSV edge list (a string)');
    if (n !== undefined) requireInteger('n', n, 2, 2 ** 31 - 1);
    const lines = text.split(LINE_END);
    let lineNo = 0;
    while (lineNo < lines.length && lines[lineNo].replace(/^\uFEFF/, '').trim() === '') lineNo++;
    if (lineNo === lines.length) throw new InputFormatError(source, 1, 'the file is empty: expected the header "pre,post,weight" and one edge per line');
    const header = lines[lineNo].trim().replace(/^\uFEFF/, '');
    if (header.replace(/\s+/g, '') !== 'pre,post,weight') {
      throw new InputFormatError(source, lineNo + 1, `expected header "pre,post,weight", got ${quoteInput(header)}`);
    }
    const pre: number[] = [], post: number[] = [], weight: number[] = [];
    let largest = -1;
    for (let l = lineNo + 1; l < lines.length; l++) {
      const line = lines[l].trim();
      if (line === '') continue;
      const cells = line.split(',');
      if (cells.length !== 3) throw new InputFormatError(source, l + 1, `expected 3 fields pre,post,weight, got ${cells.length}: ${quoteInput(line)}`);
      const p = parseIndex(cells[0], source, l + 1, 'pre');
      const q = parseIndex(cells[1], source, l + 1, 'post');
      const w = parseDecimal(cells[2]);
      if (!Number.isFinite(w)) throw new InputFormatError(source, l + 1, `weight is not a finite decimal number: ${quoteInput(cells[2].trim())}`);
      if (p === q) throw new InputFormatError(source, l + 1, `autapse ${p}->${q} is not supported`);
      if (n !== undefined && (p >= n || q >= n)) throw new InputFormatError(source, l + 1, `neuron index ${Math.max(p, q)} out of range [0, ${n - 1}]`);
      largest = Math.max(largest, p, q);
      pre.push(p);
      post.push(q);
      weight.push(w);
    }
    const size = n ?? largest + 1;
    if (size < 2) throw new InputFormatError(source, lineNo + 1, pre.length === 0 ? 'no edges after the header: give --n, or at least one edge' : 'edge list describes fewer than 2 neurons');
    options.checkSize?.(size, pre.length);
    try {
      return SparseConnectivity.fromEdges(size, pre, post, weight);
    } catch (error) {
      throw duplicateAtLine(error, lines, lineNo, source);
    }
  }

  weightSummary(): WeightSummary {
    return summarizeWeights(this.weight);
  }

  targetsOf(pre: number, targets: Int32Array, weights: Float64Array): number {
    const start = this.rowStart[pre], end = this.rowStart[pre + 1];
    const post = this.post, weight = this.weight;
    for (let s = start; s < end; s++) {
      targets[s - start] = post[s];
      weights[s - start] = weight[s];
    }
    return end - start;
  }
}

function parseIndex(cell: string, source: string, line: number, what: string): number {
  const t = cell.trim();
  if (!/^\d+$/.test(t)) throw new InputFormatError(source, line, `${what} is not a neuron index (integer ≥ 0): ${quoteInput(t)}`);
  const v = Number(t);
  if (v > 2 ** 31 - 2) throw new InputFormatError(source, line, `${what} index ${quoteInput(t)} too large (at most 2147483646)`);
  return v;
}

/** Line ends of text files: CRLF, LF, or CR alone (old Mac files). */
const LINE_END = /\r\n|\r|\n/;

/** A duplicate synapse found by {@link SparseConnectivity.fromEdges}, reported at the line that repeats it. */
function duplicateAtLine(error: unknown, lines: readonly string[], headerLine: number, source: string): unknown {
  const pair = error instanceof InvalidParameterError && error.parameter === 'edges' ? /^(\d+)->(\d+)$/.exec(String(error.value)) : null;
  if (pair === null) return error;
  // only on error: find the two lines again rather than keep a line number per edge
  const key = `${pair[1]},${pair[2]}`;
  let first = -1;
  for (let l = headerLine + 1; l < lines.length; l++) {
    const cells = lines[l].trim().split(',');
    if (cells.length !== 3 || `${Number(cells[0])},${Number(cells[1])}` !== key) continue;
    if (first < 0) first = l + 1;
    else return new InputFormatError(source, l + 1, `duplicate synapse ${pair[1]}->${pair[2]} (first at line ${first}); give each pre,post pair once`);
  }
  return error;
}
