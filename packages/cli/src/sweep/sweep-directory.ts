import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputFormatError } from '@sparseprop/core';
import { CliFileError, describeSystemError } from '../cli-errors.js';
import { parseJsonText } from '../io/json-text.js';
import { readInputText } from '../io/read-input-file.js';
import type { CliRunSummary } from '../run/run-summary.js';
import { type ParameterValue, pointCount } from './sweep-points.js';
import { type SweepFile, parseSweepFile } from './sweep-schema.js';

/** Format tag of `DIR/sweep.json`. */
export const SWEEP_RECORD_FORMAT = 'sparseprop-sweep/1';

/**
 * `DIR/sweep.json`: the sweep a directory holds results of. Written when a
 * sweep (or a share of it) starts; `sparseprop sweep merge DIR` reads it to
 * know every point.
 */
export interface SweepRecord {
  readonly format: typeof SWEEP_RECORD_FORMAT;
  /** Hash of what determines the results (base, grid, zip, run, seed): results of another sweep are refused. */
  readonly fingerprint: string;
  /** The sweep file as given (for messages). */
  readonly source: string;
  /** Number of points. */
  readonly points: number;
  /** The validated sweep file. */
  readonly sweep: SweepFile;
}

/** `DIR/points/point-NNNNNN.json`: one point's result. */
export interface PointResult {
  readonly fingerprint: string;
  readonly index: number;
  readonly parameters: Readonly<Record<string, ParameterValue>>;
  readonly seed: number;
  /** What `sparseprop run --json` prints for this point (NaN statistics are `null` in the file). */
  readonly summary: CliRunSummary;
}

/**
 * The output directory of a sweep: `sweep.json` (the sweep), `points/` (one
 * result file per point, each written atomically: a temporary file renamed
 * into place), and the table and figure built from them.
 */
export class SweepDirectory {
  /** Absolute path. */
  readonly path: string;
  constructor(
    /** The directory as the user gave it (for messages). */
    readonly given: string,
    cwd: string,
  ) {
    this.path = resolve(cwd, given);
  }

  /** Path of a file in the directory. */
  file(name: string): string {
    return join(this.path, name);
  }

  /** Path of point `index`'s result file. */
  pointFile(index: number): string {
    return join(this.path, 'points', `point-${String(index).padStart(6, '0')}.json`);
  }

  /**
   * Create the directory (and `points/`) and record the sweep. A directory
   * that already records a sweep with another fingerprint is refused (its
   * results would be mixed with this sweep's); one with the same fingerprint
   * is resumed, its record updated (statistics and figure may change).
   * Temporary files a killed process left behind are deleted.
   */
  open(record: SweepRecord): void {
    try {
      makeDirectories(join(this.path, 'points'));
    } catch (error) {
      throw new CliFileError(this.given, 'create the sweep directory', describeSystemError(error));
    }
    if (existsSync(this.file('sweep.json'))) {
      const existing = this.readRecord();
      if (existing.fingerprint !== record.fingerprint) {
        throw new CliFileError(this.given, 'use the sweep directory', `it holds results of another sweep (${existing.source}; base, grid, zip, run or seed differ): give another --out or delete it`);
      }
    }
    for (const name of readdirSync(join(this.path, 'points'))) {
      if (name.includes('.tmp-')) unlinkQuietly(join(this.path, 'points', name));
    }
    this.writeAtomically(this.file('sweep.json'), `${JSON.stringify(record, null, 2)}\n`);
  }

  /** The sweep this directory holds results of (`sweep.json`), checked. */
  readRecord(): SweepRecord {
    const path = this.file('sweep.json');
    if (!existsSync(path)) throw new CliFileError(this.given, 'merge', `it has no sweep.json: not a sweep directory (sparseprop sweep SWEEP.json --out ${this.given} makes one)`);
    const value = parseJsonText(readInputText(path, '/', 'sweep record'), path) as Partial<SweepRecord>;
    if (value?.format !== SWEEP_RECORD_FORMAT || typeof value.fingerprint !== 'string' || typeof value.source !== 'string') {
      throw new InputFormatError(path, 1, `not a sweep record (format ${SWEEP_RECORD_FORMAT}): is ${this.given} a sweep directory?`);
    }
    const sweep = parseSweepFile(value.sweep, `${path}: sweep`);
    return { format: SWEEP_RECORD_FORMAT, fingerprint: value.fingerprint, source: value.source, points: pointCount(sweep), sweep };
  }

  /** Write one point's result (atomically: a reader sees the whole file or none). */
  writePoint(result: PointResult): void {
    this.writeAtomically(this.pointFile(result.index), `${JSON.stringify(result)}\n`);
  }

  /**
   * Every point result in the directory, by index. A result file of another
   * sweep (other fingerprint) or with an index outside the sweep is an error
   * naming the file.
   */
  readPoints(record: SweepRecord): Map<number, PointResult> {
    const results = new Map<number, PointResult>();
    const folder = join(this.path, 'points');
    let names: string[];
    try {
      names = readdirSync(folder).sort();
    } catch (error) {
      throw new CliFileError(join(this.given, 'points'), 'read the sweep results in', describeSystemError(error));
    }
    for (const name of names) {
      const match = /^point-(\d+)\.json$/.exec(name);
      if (match === null) continue;
      const path = join(folder, name);
      const value = parseJsonText(readInputText(path, '/', 'point result'), path) as Partial<PointResult>;
      const index = Number(match[1]);
      if (value?.fingerprint !== record.fingerprint) throw new InputFormatError(path, 1, `a result of another sweep (fingerprint ${String(value?.fingerprint)}, expected ${record.fingerprint})`);
      if (value.index !== index || index >= record.points || typeof value.summary !== 'object' || value.summary === null) {
        throw new InputFormatError(path, 1, `not a result of point ${index} of this ${record.points}-point sweep`);
      }
      results.set(index, value as PointResult);
    }
    return results;
  }

  /** Write `text` to `path` through a temporary file renamed into place. */
  writeAtomically(path: string, text: string | Uint8Array): void {
    const temporary = `${path}.tmp-${process.pid}-${Math.floor(Math.random() * 2 ** 32).toString(16)}`;
    try {
      writeFileSync(temporary, text);
      renameSync(temporary, path);
    } catch (error) {
      unlinkQuietly(temporary);
      throw new CliFileError(path, 'write', describeSystemError(error));
    }
  }
}

/**
 * The fingerprint of a sweep: SHA-256 of the canonical JSON (keys sorted) of
 * what determines its results: `base`, `grid`, `zip`, `run` and `seed`.
 */
export function sweepFingerprint(sweep: SweepFile): string {
  const { base, grid, zip, run, seed } = sweep;
  return createHash('sha256').update(canonicalJson({ base, grid, zip, run, seed })).digest('hex').slice(0, 32);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).filter(([, item]) => item !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * `mkdir -p` one level at a time, from the deepest existing ancestor down.
 * (Node 20's `mkdirSync(path, { recursive: true })` never returns for a path
 * under `/proc`, where every `mkdir` fails with ENOENT.)
 */
function makeDirectories(path: string): void {
  const missing: string[] = [];
  for (let at = path; !existsSync(at); at = dirname(at)) {
    missing.push(at);
    if (dirname(at) === at) break;
  }
  for (const directory of missing.reverse()) mkdirSync(directory);
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}
