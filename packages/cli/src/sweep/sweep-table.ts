import { formatExact } from '../io/format-exact.js';
import type { PointResult, SweepRecord } from './sweep-directory.js';
import { type ParameterValue, parameterNames } from './sweep-points.js';
import type { SweepStatistic } from './sweep-statistics.js';

/** A cell: a number (NaN when a statistic is undefined, e.g. no neuron had an ISI CV), a string parameter, or empty (no such population at this point). */
export type TableCell = number | string | undefined;

/**
 * The table of a sweep: one row per point that has a result, in point
 * order. Columns: `point`, the swept parameters, `seed`, the run's
 * `neurons`, `spikes`, `simulatedSeconds`, `rateHz`, then
 * `<population>.<statistic>` for every population and tabulated statistic.
 * Wall-clock times are left out (they are in the result files): the table
 * depends only on the sweep, never on the machine, the worker count or the
 * shares.
 */
export interface SweepTable {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly TableCell[])[];
  /** Populations, in the order of their first appearance. */
  readonly populations: readonly string[];
}

/** Build the table of the results present (missing points have no row). */
export function buildSweepTable(record: SweepRecord, results: ReadonlyMap<number, PointResult>): SweepTable {
  const parameters = parameterNames(record.sweep);
  const statistics = record.sweep.statistics as readonly SweepStatistic[];
  const indices = [...results.keys()].sort((a, b) => a - b);
  const populations: string[] = [];
  for (const index of indices) {
    for (const p of results.get(index)?.summary.populations ?? []) if (!populations.includes(p.population)) populations.push(p.population);
  }
  const columns = ['point', ...parameters, 'seed', 'neurons', 'spikes', 'simulatedSeconds', 'rateHz', ...populations.flatMap((p) => statistics.map((s) => `${p}.${s}`))];
  const rows = indices.map((index) => {
    const result = results.get(index) as PointResult;
    const { summary } = result;
    const row: TableCell[] = [index, ...parameters.map((name): ParameterValue => result.parameters[name]), result.seed, summary.neurons, summary.spikes, summary.simulatedSeconds, summary.rateHz];
    for (const name of populations) {
      const stats = summary.populations?.find((p) => p.population === name);
      for (const statistic of statistics) row.push(stats === undefined ? undefined : numberOf(stats[statistic]));
    }
    return row;
  });
  return { columns, rows, populations };
}

/**
 * The table as CSV: a header line, then one line per row; numbers as the
 * shortest text that reads back to the same double (`NaN` for undefined
 * statistics), strings quoted when they hold a comma, quote or line break,
 * empty cells for a population a point does not have.
 */
export function formatTableCsv(table: SweepTable): string {
  const lines = [table.columns.map(csvText).join(',')];
  for (const row of table.rows) lines.push(row.map((cell) => (cell === undefined ? '' : typeof cell === 'number' ? formatExact(cell) : csvText(cell))).join(','));
  return `${lines.join('\n')}\n`;
}

/** The table as JSON: an array of row objects keyed by column (NaN as `null`, absent cells left out). */
export function formatTableJson(table: SweepTable): string {
  const objects = table.rows.map((row) => {
    const object: Record<string, TableCell | null> = {};
    row.forEach((cell, c) => {
      if (cell !== undefined) object[table.columns[c]] = typeof cell === 'number' && Number.isNaN(cell) ? null : cell;
    });
    return object;
  });
  return `${JSON.stringify(objects, null, 1)}\n`;
}

/** A statistic as read back from a result file, where NaN was written as `null`. */
function numberOf(value: number | null | undefined): number {
  return typeof value === 'number' ? value : NaN;
}

function csvText(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
