import { writeFileSync } from 'node:fs';
import { renderSvg, svgToPng } from '@sparseprop/analysis';
import { type BenchReport, nsPerSpike, secondsPerSimSecond, seriesLabel, seriesOf } from './bench-results.js';
import { configurationLabel } from './bench-table.js';

/** A vega-lite specification, as the analysis package renders it. */
type TopLevelSpec = Parameters<typeof renderSvg>[0];

/** The two panels of the plot. */
export const PLOT_METRICS = ['cost per spike (ns)', 'cost per simulated second (s)'] as const;

/** One point of the plot. */
export interface PlotPoint {
  n: number;
  /** ns per spike, or seconds per simulated second (see `metric`). */
  value: number;
  metric: (typeof PLOT_METRICS)[number];
  series: string;
  /** `TypeScript` (ours), `C` (the anchor) or `C++` (Brian2's generated program): solid, dashed, dotted. */
  language: 'TypeScript' | 'C' | 'C++';
}

/**
 * The points of the report: the median cost per spike of every measured
 * series at every size, and its cost per simulated second (every series but
 * the O(N) ones, whose shorter runs cover only the network's first moments).
 */
export function plotPoints(report: BenchReport): PlotPoint[] {
  const several = report.configurations.length > 1;
  const points: PlotPoint[] = [];
  for (const config of report.configurations) {
    const ownLabel = (label: string) => (several ? `${label} [${shortConfigurationLabel(config)}]` : label);
    const models = new Set(report.configurations.map((c) => c.model));
    for (const size of config.sizes) {
      // the hand-inlined loops are in the tables; the plot compares implementations
      for (const name of seriesOf(size).filter((s) => s !== 'inlined')) {
        const external = name !== 'ours';
        // the C and Brian2 programs and our reference do not depend on our queue: label them once per model
        const label = external ? (models.size > 1 ? `${seriesLabel(name)} [${config.model}]` : seriesLabel(name)) : ownLabel(seriesLabel(name));
        if (points.some((p) => p.series === label && p.n === size.n)) continue;
        const language = name.startsWith('c-') ? 'C' : name.startsWith('brian2-') ? 'C++' : 'TypeScript';
        const perSpike = nsPerSpike(size.medians[name], report.clock);
        if (Number.isFinite(perSpike)) points.push({ n: size.n, value: perSpike, metric: PLOT_METRICS[0], series: label, language });
        const perSecond = secondsPerSimSecond(size.medians[name], report.clock);
        if (Number.isFinite(perSecond) && name !== 'c-naive' && name !== 'reference') points.push({ n: size.n, value: perSecond, metric: PLOT_METRICS[1], series: label, language });
      }
    }
  }
  return points;
}

/** A configuration's name in the legend: the engine and its queue (and the model when not LIF). */
export function shortConfigurationLabel(config: BenchReport['configurations'][number]): string {
  const engine = config.engine === 'wasm' ? (config.kernelQueue === 'heap32' ? 'wasm kernel, 32-ary heap' : 'wasm kernel, default queue') : `JS engine, ${config.queue}`;
  return config.model === 'lif' ? engine : `${config.model}, ${engine}`;
}

/** The vega-lite spec: log-log lines of ns per spike and of seconds per simulated second against N, one per series, side by side. */
export function plotSpec(report: BenchReport): TopLevelSpec {
  const clock = report.clock === 'cpu' ? 'CPU' : 'wall-clock';
  const k = report.configurations[0]?.sizes[0]?.k;
  const points = plotPoints(report);
  const series = [...new Set(points.map((p) => p.series))];
  const decades = [...new Set(points.map((p) => Math.round(Math.log10(p.n))))].map((e) => 10 ** e);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: `SparseProp: cost per spike and per simulated second against network size (LIF reference network, K = ${k ?? '?'})`,
      subtitle: [
        ...(report.configurations.length === 1 ? [`ours: ${configurationLabel(report.configurations[0])}`] : []),
        `median ${clock} time, ${report.host.cpuModel}, ${report.host.cpus} CPUs, ${report.startedAt.slice(0, 10)}; dashed: C, dotted: Brian2 (C++, grid)`,
      ],
    },
    background: 'white',
    data: { values: points },
    hconcat: PLOT_METRICS.map((metric, panel) => ({
      width: 400,
      height: 340,
      title: metric,
      transform: [{ filter: { field: 'metric', equal: metric } }],
      mark: { type: 'line', point: true },
      encoding: {
        x: {
          field: 'n',
          type: 'quantitative',
          scale: { type: 'log', nice: false },
          title: 'neurons N',
          axis: { values: decades, labelExpr: "replace(format(datum.value, '.0e'), '+', '')", grid: true },
        },
        y: {
          field: 'value',
          type: 'quantitative',
          scale: { type: 'log' },
          title: panel === 0 ? `${clock} ns per spike` : `${clock} seconds per simulated second`,
          axis: { format: '~g' },
        },
        color: { field: 'series', type: 'nominal', title: null, scale: { domain: series }, legend: { orient: 'bottom', columns: 2, labelLimit: 520 } },
        strokeDash: { field: 'language', type: 'nominal', title: null, scale: { domain: ['TypeScript', 'C', 'C++'], range: [[1, 0], [6, 3], [2, 2]] }, legend: null },
        tooltip: [{ field: 'series' }, { field: 'n' }, { field: 'value', format: '.3g' }],
      },
    })),
  } as TopLevelSpec;
}

/** Render the plot as an SVG document (vega-lite → vega → SVG, no browser; the analysis package's renderer). */
export async function renderPlotSvg(report: BenchReport): Promise<string> {
  return renderSvg(plotSpec(report));
}

/** Write the plot to `path`: SVG, or PNG (rasterised by resvg) when the name ends in `.png`. */
export async function writePlot(report: BenchReport, path: string): Promise<void> {
  const svg = await renderPlotSvg(report);
  writeFileSync(path, /\.png$/i.test(path) ? svgToPng(svg) : svg);
}
