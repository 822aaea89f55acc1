import { renderSvg, svgToPng } from '@sparseprop/analysis';
import { InvalidParameterError } from '@sparseprop/core';
import type { PointResult, SweepRecord } from './sweep-directory.js';
import { type ParameterValue, sweepAxes } from './sweep-points.js';
import { type SweepStatistic, statisticLabel } from './sweep-statistics.js';

type Spec = Parameters<typeof renderSvg>[0];

/** What the sweep figure shows. */
export interface SweepFigureSummary {
  /** `heatmap` for a 2-axis sweep, `line` for a 1-axis one. */
  readonly kind: 'heatmap' | 'line';
  readonly statistic: SweepStatistic;
  readonly population: string;
  /** Cells (heatmap) or points (line) drawn: grid positions with a finite value, averaged over repeated positions. */
  readonly cells: number;
}

/**
 * The vega-lite spec of a chosen statistic over the sweep: a heatmap (first
 * axis across, second up, viridis colour, the value printed in each cell)
 * for a sweep with two axes, a line for one axis. Zipped parameters form
 * one axis, labelled by its first parameter (the others in brackets).
 * Points whose statistic is undefined (NaN) or missing leave their cell
 * empty; points at the same grid position (repeated values) are averaged.
 * Returns undefined for a sweep with more than two axes.
 */
export function sweepFigureSpec(record: SweepRecord, results: ReadonlyMap<number, PointResult>, populations: readonly string[]): { spec: Spec; summary: SweepFigureSummary } | undefined {
  const { sweep } = record;
  const axes = sweepAxes(sweep);
  if (axes.length < 1 || axes.length > 2) return undefined;
  const statistic = (sweep.figure?.statistic ?? sweep.statistics[0]) as SweepStatistic;
  const population = sweep.figure?.population ?? populations[0];
  if (population === undefined) return undefined;
  if (!populations.includes(population)) throw new InvalidParameterError(`${record.source}: figure.population`, population, `one of the populations of the results (${populations.join(', ')})`);
  const axisTitle = (a: number) => (axes[a].names.length === 1 ? axes[a].names[0] : `${axes[a].names[0]} (with ${axes[a].names.slice(1).join(', ')})`);
  const keyOf = (value: ParameterValue) => String(value);

  // average the statistic over points at the same position (repeated values)
  const cells = new Map<string, { x: ParameterValue; y?: ParameterValue; sum: number; count: number }>();
  for (const result of results.values()) {
    const value = result.summary.populations?.find((p) => p.population === population)?.[statistic];
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    const x = result.parameters[axes[0].names[0]];
    const y = axes.length === 2 ? result.parameters[axes[1].names[0]] : undefined;
    const key = y === undefined ? keyOf(x) : `${keyOf(x)}\u0000${keyOf(y)}`;
    const cell = cells.get(key) ?? { x, y, sum: 0, count: 0 };
    cell.sum += value;
    cell.count++;
    cells.set(key, cell);
  }
  const data = [...cells.values()].map((c) => ({ x: c.x, y: c.y, value: c.sum / c.count }));
  const label = statisticLabel(statistic);
  const length = 'spikes' in sweep.run ? `${sweep.run.spikes} spikes` : `${sweep.run.duration} s`;
  const subtitle = `${sweep.description ?? record.source}; ${results.size} of ${record.points} points, ${length} each, sweep seed ${sweep.seed}`;
  const distinct = (values: readonly ParameterValue[]) => values.filter((v, i) => values.findIndex((w) => keyOf(w) === keyOf(v)) === i);
  const xValues = distinct(axes[0].values[0]);
  const common = { $schema: 'https://vega.github.io/schema/vega-lite/v5.json', background: 'white', padding: 12, config: { font: 'DejaVu Sans, Liberation Sans, Arial, sans-serif' } };

  if (axes.length === 1) {
    const numeric = xValues.every((v) => typeof v === 'number');
    const spec = {
      ...common,
      title: { text: `${population}: ${label} over ${axisTitle(0)}`, subtitle },
      width: 480,
      height: 300,
      data: { values: data },
      mark: { type: 'line', point: { filled: true, size: 50 } },
      encoding: {
        x: numeric ? { field: 'x', type: 'quantitative', title: axisTitle(0), scale: { zero: false } } : { field: 'x', type: 'ordinal', title: axisTitle(0), sort: xValues.map(keyOf) },
        y: { field: 'value', type: 'quantitative', title: label, scale: { zero: false } },
      },
    };
    return { spec: spec as unknown as Spec, summary: { kind: 'line', statistic, population, cells: data.length } };
  }

  const yValues = distinct(axes[1].values[0]);
  const finite = data.map((d) => d.value);
  const middle = finite.length === 0 ? 0 : (Math.min(...finite) + Math.max(...finite)) / 2;
  const cellSize = Math.max(28, Math.min(64, Math.floor(560 / Math.max(xValues.length, yValues.length))));
  const spec = {
    ...common,
    title: { text: `${population}: ${label} over ${axisTitle(0)} × ${axisTitle(1)}`, subtitle },
    width: cellSize * xValues.length,
    height: cellSize * yValues.length,
    data: { values: data.map((d) => ({ ...d, x: keyOf(d.x), y: keyOf(d.y as ParameterValue) })) },
    encoding: {
      x: { field: 'x', type: 'ordinal', title: axisTitle(0), sort: xValues.map(keyOf), axis: { labelAngle: 0 } },
      y: { field: 'y', type: 'ordinal', title: axisTitle(1), sort: [...yValues].reverse().map(keyOf) },
    },
    layer: [
      { mark: { type: 'rect' }, encoding: { color: { field: 'value', type: 'quantitative', title: label, scale: { scheme: 'viridis' }, legend: { titleLimit: 400 } } } },
      {
        mark: { type: 'text', fontSize: cellSize >= 44 ? 11 : 9 },
        encoding: {
          text: { field: 'value', type: 'quantitative', format: '.3~g' },
          color: { condition: { test: `datum.value < ${middle}`, value: 'white' }, value: 'black' },
        },
      },
    ],
  };
  return { spec: spec as unknown as Spec, summary: { kind: 'heatmap', statistic, population, cells: data.length } };
}

/** Render the sweep figure as PNG (2× scale) or SVG bytes. */
export async function renderSweepFigure(spec: Spec, kind: 'png' | 'svg'): Promise<Uint8Array> {
  const svg = await renderSvg(spec);
  return kind === 'svg' ? new TextEncoder().encode(svg) : svgToPng(svg);
}
