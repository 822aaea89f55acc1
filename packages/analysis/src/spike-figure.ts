import { Resvg } from '@resvg/resvg-js';
import { max, min } from 'simple-statistics';
import { parse as parseVega, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { FigureRecorder } from './figure-recorder.js';
import { type Population, SpikeStatistics, type SpikeStatisticsResult } from './spike-statistics.js';

/** Spikes to draw, with the network they come from. */
export interface FigureInput {
  /** Spike times, seconds, in time order. */
  readonly times: ArrayLike<number>;
  /** Spiking neurons. */
  readonly neurons: ArrayLike<number>;
  /** Number of neurons N. */
  readonly neuronCount: number;
  /** Populations (default one `"all"`). */
  readonly populations?: readonly Population[];
  /** Observed interval, seconds (default: 0 to the last spike). */
  readonly startSeconds?: number;
  readonly endSeconds?: number;
  /** For the title: model name, out-degree K (when known), source file. */
  readonly model?: string;
  readonly k?: number;
  readonly source?: string;
  /**
   * The raster dots and rate bins collected while the run streamed (a
   * {@link FigureRecorder} fed every spike): then `times`/`neurons` may be
   * empty and only the statistics need the spikes (pass `statistics`).
   */
  readonly recorded?: FigureRecorder;
}

/** Limits of {@link figureSpec}. */
export interface FigureOptions {
  /** Most neurons in the raster (default 400): beyond, a uniform sample, every (N/limit)-th neuron. */
  readonly maxRasterNeurons?: number;
  /** Most dots in the raster (default 60000): beyond, only the first part of the run that holds that many. */
  readonly maxRasterDots?: number;
  /** Bins of the population rate over time (default 200). */
  readonly rateBins?: number;
  /** Bins of the rate and CV histograms (default 30). */
  readonly histogramBins?: number;
  /** Statistics already computed for the same spikes (else computed here). */
  readonly statistics?: SpikeStatisticsResult;
}

/** What the figure shows and how it was thinned (also returned for captions and tests). */
export interface FigureSummary {
  /** Neurons drawn in the raster, and the stride between them (1: all). */
  readonly rasterNeurons: number;
  readonly rasterStride: number;
  /** Dots drawn, and the end of the time window they cover (seconds). */
  readonly rasterDots: number;
  readonly rasterUntilSeconds: number;
  /** Whether the raster window was cut short to respect the dot limit. */
  readonly rasterTruncated: boolean;
  /** Width of a population-rate bin, seconds. */
  readonly rateBinSeconds: number;
}

const POPULATION_COLOURS = ['#1f5fa8', '#c8312f', '#2c9c4a', '#8a5ab5', '#d98b1c', '#4d4d4d'];

/**
 * The vega-lite spec of the standard figure: a raster (time × neuron, one
 * colour per population), the population rate over time, and histograms of
 * the neurons' firing rates and ISI CVs. Cost is one pass over the spikes
 * (1e7 spikes: a few seconds); the raster is thinned to at most
 * `maxRasterNeurons` neurons (a uniform sample: every (N/limit)-th neuron,
 * so each population keeps its share) and `maxRasterDots` dots (the first
 * part of the run that holds them), as the subtitle says.
 */
export function figureSpec(input: FigureInput, options: FigureOptions = {}): { spec: TopLevelSpec; summary: FigureSummary } {
  const n = input.neuronCount;
  const populations = input.populations ?? [{ name: 'all', first: 0, count: n }];
  const count = input.times.length;
  const start = input.startSeconds ?? 0;
  const lastSpike = input.recorded !== undefined ? input.recorded.lastSeconds : count > 0 ? input.times[count - 1] : start;
  const end = input.endSeconds ?? Math.max(start, lastSpike);
  const duration = end - start;
  const statistics = options.statistics ?? computeStatistics(input, populations, start, end);
  const names = populations.map((p) => p.name);
  // one streaming pass (or the recorder the run filled): raster dots of a uniform neuron sample and fine rate bins
  let recorder = input.recorded;
  if (recorder === undefined) {
    recorder = new FigureRecorder({ neuronCount: n, populations, startSeconds: start, maxRasterNeurons: options.maxRasterNeurons, maxRasterDots: options.maxRasterDots });
    for (let i = 0; i < count; i++) recorder.add(input.times[i], input.neurons[i]);
  }
  const { stride, maxRasterNeurons: maxNeurons, maxRasterDots: maxDots, truncated } = recorder;
  const raster = Array.from({ length: recorder.dots }, (_, d) => ({ t: recorder.dotTimes[d], neuron: recorder.dotNeurons[d], population: names[recorder.populationOf(recorder.dotNeurons[d])] }));
  const until = truncated ? raster[raster.length - 1].t : end;
  const { rows: rate, binSeconds: binWidth } = recorder.rates(end, Math.max(1, options.rateBins ?? 200));

  const histogramBins = Math.max(1, options.histogramBins ?? 30);
  // rates are spike counts over one duration: bins a whole number of counts wide, so none falls empty by aliasing
  const rateHistogram = histogramRows(statistics.ratesHz, populations, histogramBins, duration > 0 ? 1 / duration : 0);
  const cvHistogram = histogramRows(statistics.cvIsi, populations, histogramBins);

  const summary: FigureSummary = {
    rasterNeurons: stride === 1 ? n : maxNeurons,
    rasterStride: stride,
    rasterDots: raster.length,
    rasterUntilSeconds: until,
    rasterTruncated: truncated,
    rateBinSeconds: binWidth,
  };
  const colour = { field: 'population', type: 'nominal' as const, title: 'population', scale: { domain: names, range: POPULATION_COLOURS.slice(0, Math.max(1, names.length)) } };
  const statsLines = statistics.populations.map(
    (s) =>
      `${s.population} (${s.neurons.toLocaleString('en-US')} neurons): ${fmt(s.meanRateHz)} Hz, ISI CV ${fmt(s.cvIsiMean)} ± ${fmt(s.cvIsiSd)}, ` +
      `Fano ${fmt(s.fano)} (${fmt(s.fanoWindowSeconds * 1000)} ms windows), synchrony χ ${fmt(s.synchronyChi)} (${fmt(s.synchronyBinSeconds * 1000)} ms bins)`,
  );
  const rasterNote =
    stride === 1 && !truncated
      ? `all ${n.toLocaleString('en-US')} neurons`
      : `${stride === 1 ? `all ${n.toLocaleString('en-US')}` : `${maxNeurons.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} (uniform sample, every ${fmt(stride)}th)`} neurons${truncated ? `, first ${fmt(until - start)} s (${maxDots.toLocaleString('en-US')} dots)` : ''}`;
  const title = [
    `${input.model ?? 'spiking'} network`,
    `N = ${n.toLocaleString('en-US')}`,
    ...(input.k !== undefined ? [`K = ${input.k}`] : []),
    `${fmt(duration)} s simulated`,
    `${recorder.spikes.toLocaleString('en-US')} spikes`,
  ].join(', ');
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: title, subtitle: [...statsLines, ...(input.source ? [input.source] : [])], anchor: 'start', fontSize: 15 },
    background: 'white',
    config: { view: { stroke: '#888' }, axis: { labelFontSize: 11, titleFontSize: 12 }, legend: { orient: 'top-right', labelFontSize: 12 } },
    vconcat: [
      {
        title: { text: `raster: ${rasterNote}`, fontSize: 12, anchor: 'start' },
        width: 760,
        height: 300,
        data: { values: raster },
        mark: { type: 'square', size: raster.length > 20_000 ? 2 : 6, opacity: 0.8 },
        encoding: {
          x: { field: 't', type: 'quantitative', title: 'time (s)', scale: { domain: [start, truncated ? until : end], nice: false } },
          y: { field: 'neuron', type: 'quantitative', title: 'neuron index', scale: { domain: [0, n], nice: false } },
          color: colour,
        },
      },
      {
        title: { text: `population rate (${fmt(binWidth * 1000)} ms bins)`, fontSize: 12, anchor: 'start' },
        width: 760,
        height: 140,
        data: { values: rate },
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1 },
        encoding: {
          x: { field: 't', type: 'quantitative', title: 'time (s)', scale: { domain: [start, end], nice: false } },
          y: { field: 'rateHz', type: 'quantitative', title: 'rate per neuron (Hz)' },
          color: colour,
        },
      },
      {
        hconcat: [histogramLayer(rateHistogram, 'firing rate (Hz)', 'distribution of firing rates', colour), histogramLayer(cvHistogram, 'ISI coefficient of variation', 'distribution of ISI CVs (neurons with ≥ 3 spikes)', colour)],
      },
    ],
  };
  return { spec, summary };
}

function computeStatistics(input: FigureInput, populations: readonly Population[], start: number, end: number): SpikeStatisticsResult {
  const stats = new SpikeStatistics({ neurons: input.neuronCount, populations, startSeconds: start });
  for (let i = 0; i < input.times.length; i++) stats.add(input.times[i], input.neurons[i]);
  return stats.finish(end);
}

/** Equal-width histogram rows per population over the finite values (one shared range). */
function histogramRows(values: Float64Array, populations: readonly Population[], bins: number, quantum = 0) {
  const finite = Array.from(values).filter((v) => Number.isFinite(v));
  if (finite.length === 0) return [];
  let lo = min(finite);
  const hi = max(finite);
  let width = hi > lo ? (hi - lo) / bins : 1;
  if (quantum > 0) {
    // values are multiples of `quantum`: centre the bins on them, each a whole number of quanta wide
    width = Math.max(1, Math.ceil(width / quantum - 1e-9)) * quantum;
    lo -= quantum / 2;
    bins = Math.floor((hi - lo) / width) + 1;
  }
  const rows: { population: string; from: number; to: number; neurons: number }[] = [];
  for (const pop of populations) {
    const counts = new Float64Array(bins);
    for (let i = pop.first; i < pop.first + pop.count; i++) {
      const v = values[i];
      if (Number.isFinite(v)) counts[Math.min(bins - 1, Math.floor((v - lo) / width))]++;
    }
    counts.forEach((c, b) => rows.push({ population: pop.name, from: lo + b * width, to: lo + (b + 1) * width, neurons: c }));
  }
  return rows;
}

function histogramLayer(rows: object[], xTitle: string, title: string, colour: object) {
  return {
    title: { text: title, fontSize: 12, anchor: 'start' as const },
    width: 350,
    height: 150,
    data: { values: rows },
    mark: { type: 'bar' as const, opacity: 0.6, binSpacing: 0 },
    encoding: {
      x: { field: 'from', type: 'quantitative' as const, title: xTitle, bin: { binned: true } },
      x2: { field: 'to' },
      y: { field: 'neurons', type: 'quantitative' as const, title: 'neurons', stack: null },
      color: colour,
    },
  };
}

function fmt(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  const a = Math.abs(value);
  return a >= 1e-3 && a < 1e6 ? String(Number(value.toPrecision(3))) : value.toExponential(2);
}

/** Render a vega-lite spec to an SVG document (vega-lite → vega → SVG, no browser). */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parseVega(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Rasterise an SVG to PNG with resvg (system fonts; `scale` 2 for a sharp figure). */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  return new Resvg(svg, { fitTo: { mode: 'zoom', value: scale }, background: 'white', font: { loadSystemFonts: true } }).render().asPng();
}

/** The standard figure of a spike train as SVG text or PNG bytes (by `kind`), with what it shows. */
export async function renderSpikeFigure(input: FigureInput, kind: 'svg' | 'png', options: FigureOptions = {}): Promise<{ bytes: Uint8Array; summary: FigureSummary }> {
  const { spec, summary } = figureSpec(input, options);
  const svg = await renderSvg(spec);
  return { bytes: kind === 'svg' ? new TextEncoder().encode(svg) : svgToPng(svg), summary };
}
