import type { Population } from './spike-statistics.js';

/** Limits of a {@link FigureRecorder}. */
export interface FigureRecorderOptions {
  /** Number of neurons N. */
  readonly neuronCount: number;
  /** Populations (default one `"all"`). */
  readonly populations?: readonly Population[];
  /** Start of the observed interval, seconds (default 0). */
  readonly startSeconds?: number;
  /** Most neurons in the raster (default 400): beyond, a uniform sample, every (N/limit)-th neuron. */
  readonly maxRasterNeurons?: number;
  /** Most dots in the raster (default 60000): beyond, only the first part of the run. */
  readonly maxRasterDots?: number;
}

/** Fine bins of the population rate kept while recording (merged pairwise when time runs past them). */
const FINE_BINS = 4096;
/** Width of the first fine bins, seconds (doubled at each merge). */
const FIRST_BIN_SECONDS = 1e-4;

/**
 * What the standard figure needs, collected spike by spike in O(dots +
 * bins) memory instead of the whole train: the raster's dots (uniformly
 * sampled neurons, up to the dot limit) and each population's spike counts
 * in fine time bins, which double in width (merging pairs, exact counts)
 * whenever the run outlasts them. Use `add` as a `SpikeListener`.
 */
export class FigureRecorder {
  readonly neuronCount: number;
  readonly populations: readonly Population[];
  readonly startSeconds: number;
  readonly maxRasterNeurons: number;
  readonly maxRasterDots: number;
  /** Neurons between two sampled ones (1: every neuron). */
  readonly stride: number;
  /** Raster dots: times (s) and neurons, `dots` of them. */
  readonly dotTimes: Float64Array;
  readonly dotNeurons: Float64Array;
  dots = 0;
  /** Whether sampled spikes were left out after the dot limit was reached. */
  truncated = false;
  /** Width of the fine bins now, seconds. */
  binSeconds = FIRST_BIN_SECONDS;
  /** Spike counts per population and fine bin (`counts[p][b]`). */
  readonly counts: Float64Array[];
  /** Fine bins in use (1 + the last bin a spike fell in). */
  usedBins = 0;
  /** Time of the last spike seen (seconds). */
  lastSeconds: number;
  /** Spikes recorded. */
  spikes = 0;
  private readonly starts: Float64Array;

  constructor(options: FigureRecorderOptions) {
    this.neuronCount = options.neuronCount;
    this.populations = options.populations ?? [{ name: 'all', first: 0, count: options.neuronCount }];
    this.startSeconds = options.startSeconds ?? 0;
    this.lastSeconds = this.startSeconds;
    this.maxRasterNeurons = Math.max(1, options.maxRasterNeurons ?? 400);
    this.maxRasterDots = Math.max(1, options.maxRasterDots ?? 60_000);
    this.stride = this.neuronCount <= this.maxRasterNeurons ? 1 : this.neuronCount / this.maxRasterNeurons;
    this.dotTimes = new Float64Array(this.maxRasterDots);
    this.dotNeurons = new Float64Array(this.maxRasterDots);
    this.counts = this.populations.map(() => new Float64Array(FINE_BINS));
    this.starts = Float64Array.from(this.populations, (p) => p.first);
  }

  /** Whether neuron `j` is in the raster's uniform sample (`floor(k * stride)` for k < limit). */
  sampled(j: number): boolean {
    if (this.stride === 1) return true;
    const k = Math.ceil(j / this.stride - 1e-12);
    return k < this.maxRasterNeurons && Math.floor(k * this.stride + 1e-9) === j;
  }

  /** Index of the population of neuron `j`. */
  populationOf(j: number): number {
    const starts = this.starts;
    let p = starts.length - 1;
    while (p > 0 && j < starts[p]) p--;
    return p;
  }

  /** Record one spike (time in seconds, in time order; neuron index). */
  add(timeSeconds: number, neuron: number): void {
    this.lastSeconds = timeSeconds;
    this.spikes++;
    let b = Math.floor((timeSeconds - this.startSeconds) / this.binSeconds);
    if (b < 0) b = 0;
    while (b >= FINE_BINS) b = this.mergeBins(timeSeconds);
    this.counts[this.populationOf(neuron)][b]++;
    if (b >= this.usedBins) this.usedBins = b + 1;
    if (!this.truncated && this.sampled(neuron)) {
      if (this.dots === this.maxRasterDots) this.truncated = true;
      else {
        this.dotTimes[this.dots] = timeSeconds;
        this.dotNeurons[this.dots++] = neuron;
      }
    }
  }

  /** Double the bin width, adding neighbouring bins; returns the new bin of `timeSeconds`. */
  private mergeBins(timeSeconds: number): number {
    for (const c of this.counts) {
      for (let b = 0; b < FINE_BINS / 2; b++) c[b] = c[2 * b] + c[2 * b + 1];
      c.fill(0, FINE_BINS / 2);
    }
    this.usedBins = Math.ceil(this.usedBins / 2);
    this.binSeconds *= 2;
    return Math.floor((timeSeconds - this.startSeconds) / this.binSeconds);
  }

  /**
   * Population rates over `[start, end]` in about `bins` bins, each a whole
   * number of fine bins wide (so every count is exact): rows of bin centre
   * (s), rate per neuron (Hz) and population; and the bin width used.
   */
  rates(endSeconds: number, bins: number): { rows: { t: number; rateHz: number; population: string }[]; binSeconds: number } {
    const fine = Math.max(1, Math.ceil((endSeconds - this.startSeconds) / this.binSeconds - 1e-9), this.usedBins);
    const group = Math.max(1, Math.ceil(fine / Math.max(1, bins)));
    const width = group * this.binSeconds;
    const rows: { t: number; rateHz: number; population: string }[] = [];
    this.populations.forEach((pop, p) => {
      for (let first = 0; first < fine; first += group) {
        let sum = 0;
        for (let b = first; b < Math.min(fine, first + group); b++) sum += this.counts[p][b];
        rows.push({ t: this.startSeconds + (first + group / 2) * this.binSeconds, rateHz: sum / pop.count / width, population: pop.name });
      }
    });
    return { rows, binSeconds: width };
  }
}
