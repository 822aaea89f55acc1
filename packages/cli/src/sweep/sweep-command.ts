import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { sweepUsage } from '../help.js';
import { parseJsonText } from '../io/json-text.js';
import { readInputText } from '../io/read-input-file.js';
import { reportError } from '../report-error.js';
import { checkNetworkPoint, checkSweepBase, pointRunConfig } from './point-config.js';
import { parseSweepArgs } from './sweep-args.js';
import { type PointResult, SWEEP_RECORD_FORMAT, SweepDirectory, type SweepRecord, sweepFingerprint } from './sweep-directory.js';
import { renderSweepFigure, sweepFigureSpec } from './sweep-figure.js';
import { describePoint, pointCount, sweepPoint } from './sweep-points.js';
import { parseSweepFile } from './sweep-schema.js';
import { resolveShare, shareIndices } from './sweep-share.js';
import { buildSweepTable, formatTableCsv, formatTableJson } from './sweep-table.js';
import { defaultWorkerCount, runOnWorkers } from './worker-pool.js';
import type { RunPointRequest } from './worker-messages.js';

/** Replaceable collaborators of {@link sweepCommand} (tests inject them). */
export interface SweepCommandDependencies {
  /** Environment read for the share (`SLURM_ARRAY_TASK_ID`, `JOB_COMPLETION_INDEX`, ...); default `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
}

/** Most missing points listed by name in a message (the count is always given). */
const MAX_LISTED_MISSING = 20;

/**
 * `sparseprop sweep SWEEP.json [flags]` and `sparseprop sweep merge DIR`.
 *
 * A sweep runs every point of SWEEP.json (or this process's share of them)
 * on a pool of worker threads and writes one result file per point into the
 * output directory; points that already have a result are skipped, so an
 * interrupted sweep resumes where it stopped. A whole sweep then writes the
 * table (`table.csv`, `table.json`) and the figure (`figure.png`); shares
 * leave that to `sparseprop sweep merge DIR`, which also says which points
 * are missing. Errors print one line and return a non-zero exit code.
 */
export async function sweepCommand(argv: readonly string[], io: CliIo, dependencies: SweepCommandDependencies = {}): Promise<number> {
  try {
    const args = parseSweepArgs(argv);
    if (args.command === 'help') {
      io.stdout.write(sweepUsage());
      return ExitCode.success;
    }
    if (args.command === 'merge') return await mergeSweep(args.directory, args.quiet, io);

    const sweep = parseSweepFile(parseJsonText(readInputText(args.file, io.cwd, 'sweep file'), args.file), args.file);
    const base = checkSweepBase(sweep, args.file);
    const points = pointCount(sweep);
    const sweepFile = resolve(io.cwd, args.file);
    const configOf = (index: number) => pointRunConfig(sweep, base, sweepPoint(sweep, index), sweepFile);
    if (base.kind === 'network') {
      for (let p = 0; p < points; p++) checkNetworkPoint(configOf(p), `${args.file}: point ${p} (${describePoint(sweepPoint(sweep, p))})`);
    }
    const share = resolveShare(args, dependencies.env ?? process.env);
    const directory = new SweepDirectory(args.out ?? defaultOutput(args.file), io.cwd);
    const record: SweepRecord = { format: SWEEP_RECORD_FORMAT, fingerprint: sweepFingerprint(sweep), source: args.file, points, sweep };
    directory.open(record);

    const done = directory.readPoints(record);
    const mine = shareIndices(points, share);
    const todo = mine.filter((p) => !done.has(p));
    const workers = Math.max(1, Math.min(args.workers ?? defaultWorkerCount(), todo.length));
    const log = (line: string) => {
      if (!args.quiet) io.stderr.write(`${line}\n`);
    };
    const which = share.count === 1 ? `${points} points` : `share ${share.index} of ${share.count} (${share.source}): ${mine.length} of ${points} points`;
    log(`sweep ${args.file}: ${which}; ${mine.length - todo.length} done before, ${todo.length} to run${todo.length > 0 ? ` on ${workers} worker${workers === 1 ? '' : 's'}` : ''} -> ${directory.given}`);

    const requests: RunPointRequest[] = todo.map((index) => ({ index, config: configOf(index), cwd: dirname(sweepFile) }));
    let finished = 0;
    await runOnWorkers(
      requests,
      workers,
      (reply) => {
        const point = sweepPoint(sweep, reply.index);
        const result: PointResult = { fingerprint: record.fingerprint, index: point.index, parameters: point.parameters, seed: point.seed, summary: reply.summary };
        directory.writePoint(result);
        finished++;
        log(`[${finished}/${todo.length}] point ${point.index} (${describePoint(point)}): ${reply.summary.spikes} spikes, ${reply.summary.rateHz.toPrecision(4)} Hz, ${reply.summary.wallSeconds.toFixed(2)} s`);
      },
      (index) => `${index} (${describePoint(sweepPoint(sweep, index))})`,
    );

    if (share.count > 1) {
      io.stdout.write(`share ${share.index} of ${share.count} done (${mine.length} points in ${directory.given}); when every share is done: sparseprop sweep merge ${directory.given}\n`);
      return ExitCode.success;
    }
    await writeTableAndFigure(directory, record, directory.readPoints(record), io);
    return ExitCode.success;
  } catch (error) {
    return reportError(error, io.stderr);
  }
}

/** `sparseprop sweep merge DIR`: the table and figure of the results present; exit 1 (after writing them) when points are missing. */
async function mergeSweep(given: string, quiet: boolean, io: CliIo): Promise<number> {
  const directory = new SweepDirectory(given, io.cwd);
  const record = directory.readRecord();
  const results = directory.readPoints(record);
  await writeTableAndFigure(directory, record, results, io);
  const missing: number[] = [];
  for (let p = 0; p < record.points; p++) if (!results.has(p)) missing.push(p);
  if (missing.length === 0) return ExitCode.success;
  const listed = missing.slice(0, MAX_LISTED_MISSING).map((p) => `${p} (${describePoint(sweepPoint(record.sweep, p))})`);
  const more = missing.length > MAX_LISTED_MISSING ? `, and ${missing.length - MAX_LISTED_MISSING} more` : '';
  io.stderr.write(`sparseprop: error: ${missing.length} of ${record.points} points have no result in ${given}: ${listed.join(', ')}${more}; run their shares again (sparseprop sweep ${record.source} --out ${given} ...), then merge\n`);
  if (!quiet) io.stderr.write(`the table holds the ${results.size} points present\n`);
  return ExitCode.failure;
}

/** Write `table.csv`, `table.json` and (for a 1- or 2-axis sweep) `figure.png`, atomically; list them on stdout. */
async function writeTableAndFigure(directory: SweepDirectory, record: SweepRecord, results: ReadonlyMap<number, PointResult>, io: CliIo): Promise<void> {
  const table = buildSweepTable(record, results);
  directory.writeAtomically(directory.file('table.csv'), formatTableCsv(table));
  directory.writeAtomically(directory.file('table.json'), formatTableJson(table));
  const shown = (name: string) => (isAbsolute(directory.given) ? directory.file(name) : relative(io.cwd, directory.file(name)) || name);
  io.stdout.write(`table: ${shown('table.csv')}, ${shown('table.json')} (${table.rows.length} of ${record.points} points)\n`);
  const figure = sweepFigureSpec(record, results, table.populations);
  if (figure === undefined) {
    io.stdout.write('figure: none (a figure needs a sweep with one or two axes, and results)\n');
    return;
  }
  directory.writeAtomically(directory.file('figure.png'), await renderSweepFigure(figure.spec, 'png'));
  const { kind, population, statistic, cells } = figure.summary;
  io.stdout.write(`figure: ${shown('figure.png')} (${kind} of ${population} ${statistic}, ${cells} ${kind === 'heatmap' ? 'cells' : 'points'})\n`);
}

/** `runs/brunel.json` → `runs/brunel.sweep`: the default output directory, beside the sweep file. */
function defaultOutput(file: string): string {
  return `${file.replace(/\.json$/i, '')}.sweep`;
}
