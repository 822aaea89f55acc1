/**
 * The NPY format (NumPy's `.npy`, format versions 1.0 and 2.0): a magic
 * string, a little-endian header length and a Python-literal header dict
 * `{'descr': ..., 'fortran_order': False, 'shape': (...), }` padded with
 * spaces to a multiple of 64 bytes, then the raw C-order data.
 */

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The header bytes of an array of `descr` (e.g. `<f8`) and `shape` (`[]` for a 0-d array). */
export function npyHeader(descr: string, shape: readonly number[]): Uint8Array {
  const shapeText = shape.length === 0 ? '()' : shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  // version 1.0: 2-byte length; 2.0 (4-byte length) only for headers beyond 65535 bytes
  const version = dict.length + 11 > 0xffff ? 2 : 1;
  const prefix = version === 1 ? 10 : 12;
  const total = Math.ceil((prefix + dict.length + 1) / 64) * 64;
  const headerLength = total - prefix;
  const bytes = new Uint8Array(total);
  bytes.set(MAGIC, 0);
  bytes[6] = version;
  bytes[7] = 0;
  const view = new DataView(bytes.buffer);
  if (version === 1) view.setUint16(8, headerLength, true);
  else view.setUint32(8, headerLength, true);
  const text = dict.padEnd(headerLength - 1, ' ') + '\n';
  for (let i = 0; i < text.length; i++) bytes[prefix + i] = text.charCodeAt(i);
  return bytes;
}

/** A 0-d NumPy unicode array (`<U{n}`, UTF-32LE) holding `text`: header and data. */
export function npyString(text: string): Uint8Array {
  const codePoints = Array.from(text, (c) => c.codePointAt(0) ?? 0);
  const n = Math.max(1, codePoints.length);
  const header = npyHeader(`<U${n}`, []);
  const out = new Uint8Array(header.length + 4 * n);
  out.set(header, 0);
  const view = new DataView(out.buffer);
  codePoints.forEach((cp, i) => view.setUint32(header.length + 4 * i, cp, true));
  return out;
}

/** A parsed NPY header. */
export interface NpyHeader {
  /** Data type, e.g. `<f8`, `<i4`, `<U12`. */
  readonly descr: string;
  readonly fortranOrder: boolean;
  readonly shape: readonly number[];
  /** Byte offset of the data. */
  readonly dataOffset: number;
}

/** Parse the header of NPY bytes; returns a reason string when they are not NPY. */
export function parseNpyHeader(bytes: Uint8Array): NpyHeader | string {
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) return 'not an NPY array (no \\x93NUMPY magic)';
  const version = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const prefix = version === 1 ? 10 : 12;
  if (version < 1 || version > 3) return `unsupported NPY version ${version}`;
  const length = version === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (prefix + length > bytes.length) return 'truncated NPY header';
  const text = new TextDecoder(version === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(prefix, prefix + length));
  const descr = /'descr'\s*:\s*'([^']+)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) return `malformed NPY header ${JSON.stringify(text.trim())}`;
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(Number);
  if (shape.some((d) => !Number.isSafeInteger(d) || d < 0)) return `malformed NPY shape (${shapeText})`;
  return { descr, fortranOrder: fortran === 'True', shape, dataOffset: prefix + length };
}

/**
 * The elements of a 1-d numeric NPY array as numbers (`Float64Array`), or a
 * reason string. Accepts little-endian (or byte-order-free) floats and
 * integers of 1–8 bytes; 64-bit integers must be below 2^53.
 */
export function npyNumbers(bytes: Uint8Array): { values: Float64Array; descr: string } | string {
  const header = parseNpyHeader(bytes);
  if (typeof header === 'string') return header;
  if (header.shape.length !== 1) return `expected a 1-d array, got shape (${header.shape.join(', ')})`;
  const n = header.shape[0];
  const match = /^([<|=])([fiu])(\d)$/.exec(header.descr);
  if (match === null) return `expected a little-endian numeric array, got dtype '${header.descr}'`;
  const [, , kind, sizeText] = match;
  const size = Number(sizeText);
  if (header.dataOffset + n * size > bytes.length) return `truncated data: ${n} elements of ${size} bytes do not fit`;
  const start = bytes.byteOffset + header.dataOffset;
  // little-endian machine (every platform Node runs on): copy into an aligned buffer and view it, no per-element decoding
  if (LITTLE_ENDIAN && kind === 'f' && size === 8) return { values: new Float64Array(bytes.buffer.slice(start, start + 8 * n)), descr: header.descr };
  if (LITTLE_ENDIAN && kind === 'i' && size === 4) return { values: Float64Array.from(new Int32Array(bytes.buffer.slice(start, start + 4 * n))), descr: header.descr };
  const view = new DataView(bytes.buffer, start, n * size);
  const values = new Float64Array(n);
  const read = reader(kind, size);
  if (read === undefined) return `unsupported dtype '${header.descr}'`;
  for (let i = 0; i < n; i++) {
    const v = read(view, i * size);
    if (!Number.isFinite(v) && kind !== 'f') return `element ${i} does not fit a double`;
    values[i] = v;
  }
  return { values, descr: header.descr };
}

function reader(kind: string, size: number): ((view: DataView, offset: number) => number) | undefined {
  if (kind === 'f' && size === 8) return (v, o) => v.getFloat64(o, true);
  if (kind === 'f' && size === 4) return (v, o) => v.getFloat32(o, true);
  if (kind === 'i' && size === 1) return (v, o) => v.getInt8(o);
  if (kind === 'u' && size === 1) return (v, o) => v.getUint8(o);
  if (kind === 'i' && size === 2) return (v, o) => v.getInt16(o, true);
  if (kind === 'u' && size === 2) return (v, o) => v.getUint16(o, true);
  if (kind === 'i' && size === 4) return (v, o) => v.getInt32(o, true);
  if (kind === 'u' && size === 4) return (v, o) => v.getUint32(o, true);
  if (kind === 'i' && size === 8) return (v, o) => checkSafe(v.getBigInt64(o, true));
  if (kind === 'u' && size === 8) return (v, o) => checkSafe(v.getBigUint64(o, true));
  return undefined;
}

function checkSafe(value: bigint): number {
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : NaN;
}

/** The text of a 0-d (or 1-element) NumPy unicode array (`<U{n}`), or a reason string. */
export function npyText(bytes: Uint8Array): string | { error: string } {
  const header = parseNpyHeader(bytes);
  if (typeof header === 'string') return { error: header };
  const match = /^[<|=]U(\d+)$/.exec(header.descr);
  if (match === null) return { error: `expected a unicode string array, got dtype '${header.descr}'` };
  const n = Number(match[1]);
  const view = new DataView(bytes.buffer, bytes.byteOffset + header.dataOffset);
  let text = '';
  for (let i = 0; i < n; i++) {
    const cp = view.getUint32(4 * i, true);
    if (cp === 0) break;
    text += String.fromCodePoint(cp);
  }
  return text;
}
