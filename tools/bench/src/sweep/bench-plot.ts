import { writeFileSync } from 'node:fs';
import { renderSvg, svgToPng } from '@sparseprop/analysis';
import { type BenchReport, nsPerSpike, SERIES, SERIES_LABELS } from './bench-results.js';
import { configurationLabel } from './bench-table.js';

/** A vega-lite specification, as the analysis package renders it. */
type TopLevelSpec = Parameters<typeof renderSvg>[0];

/** One point of the plot. */
export interface PlotPoint {
  n: number;
  nsPerSpike: number;
  series: string;
  /** `TypeScript` (ours) or `C` (the anchor): drawn solid or dashed. */
  language: 'TypeScript' | 'C';
}

/** The points of the report: the median cost per spike of every measured series at every size. */
export function plotPoints(report: BenchReport): PlotPoint[] {
  const several = report.configurations.length > 1;
  const points: PlotPoint[] = [];
  for (const config of report.configurations) {
    const ownLabel = (label: string) => (several ? `${label} [${configurationLabel(config)}]` : label);
    for (const size of config.sizes) {
      for (const name of SERIES) {
        const value = nsPerSpike(size.medians[name], report.clock);
        if (!Number.isFinite(value)) continue;
        // the C programs do not depend on our queue: label them once per model
        const label = name.startsWith('c-') ? (several ? `${SERIES_LABELS[name]} [${config.model}]` : SERIES_LABELS[name]) : ownLabel(SERIES_LABELS[name]);
        if (points.some((p) => p.series === label && p.n === size.n)) continue;
        points.push({ n: size.n, nsPerSpike: value, series: label, language: name.startsWith('c-') ? 'C' : 'TypeScript' });
      }
    }
  }
  return points;
}

/** The vega-lite spec: log-log lines of ns per spike against N, one per series. */
export function plotSpec(report: BenchReport): TopLevelSpec {
  const clock = report.clock === 'cpu' ? 'CPU' : 'wall-clock';
  const k = report.configurations[0]?.sizes[0]?.k;
  const points = plotPoints(report);
  const series = [...new Set(points.map((p) => p.series))];
  const decades = [...new Set(points.map((p) => Math.round(Math.log10(p.n))))].map((e) => 10 ** e);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: `SparseProp: cost per spike against network size (K = ${k ?? '?'})`,
      subtitle: [
        ...(report.configurations.length === 1 ? [`ours: ${configurationLabel(report.configurations[0])}`] : []),
        `median ${clock} ns per spike, ${report.host.cpuModel}, ${report.host.cpus} CPUs, ${report.startedAt.slice(0, 10)}`,
      ],
    },
    width: 560,
    height: 360,
    background: 'white',
    data: { values: points },
    mark: { type: 'line', point: true },
    encoding: {
      x: {
        field: 'n',
        type: 'quantitative',
        scale: { type: 'log', nice: false },
        title: 'neurons N',
        axis: { values: decades, labelExpr: "replace(format(datum.value, '.0e'), '+', '')", grid: true },
      },
      y: { field: 'nsPerSpike', type: 'quantitative', scale: { type: 'log' }, title: 'ns per spike', axis: { format: '~s' } },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: series }, legend: { orient: 'top-left', labelLimit: 320 } },
      strokeDash: { field: 'language', type: 'nominal', title: null, scale: { domain: ['TypeScript', 'C'], range: [[1, 0], [6, 3]] }, legend: null },
      tooltip: [{ field: 'series' }, { field: 'n' }, { field: 'nsPerSpike', format: '.0f' }],
    },
  };
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
