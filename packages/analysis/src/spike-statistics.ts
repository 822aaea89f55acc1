import { InvalidParameterError } from '@sparseprop/core';
import { mean, sampleStandardDeviation } from 'simple-statistics';

// the figure's streaming collector, importable without the plotting stack (`@sparseprop/analysis/statistics`)
export { FigureRecorder, type FigureRecorderOptions } from './figure-recorder.js';

/** A named, contiguous range of neurons (same shape as `@sparseprop/io`'s `PopulationRange`). */
export interface Population {
  readonly name: string;
  /** First neuron index. */
  readonly first: number;
  /** Number of neurons (≥ 1). */
  readonly count: number;
}

/** Settings of {@link SpikeStatistics}. */
export interface StatisticsOptions {
  /** Number of neurons N (integer ≥ 1). */
  readonly neurons: number;
  /** Populations covering `[0, N)`; default one population `"all"`. */
  readonly populations?: readonly Population[];
  /** Start of the observed interval, seconds (default 0). */
  readonly startSeconds?: number;
  /** Window of the Fano factor of spike counts, seconds (> 0; default 0.1). */
  readonly fanoWindowSeconds?: number;
  /** Bin of the population activity for the synchrony χ, seconds (> 0; default 0.005). */
  readonly synchronyBinSeconds?: number;
  /** Fewest spikes a neuron needs for its ISI CV to count (≥ 3, i.e. 2 intervals; default 3). */
  readonly minSpikesForCv?: number;
}

/** Statistics of one population over the observed interval. */
export interface PopulationStatistics {
  readonly population: string;
  /** Neurons in the population. */
  readonly neurons: number;
  /** Spikes of the population. */
  readonly spikes: number;
  /** Mean firing rate per neuron, Hz: spikes / neurons / duration. */
  readonly meanRateHz: number;
  /** Mean over neurons of the coefficient of variation of inter-spike intervals (NaN when no neuron qualifies). */
  readonly cvIsiMean: number;
  /** Sample standard deviation over neurons of the ISI CV (NaN with fewer than 2 neurons). */
  readonly cvIsiSd: number;
  /** Neurons with enough spikes for an ISI CV. */
  readonly cvNeurons: number;
  /** Mean over spiking neurons of the Fano factor of spike counts in windows of {@link fanoWindowSeconds} (NaN without full windows). */
  readonly fano: number;
  /** Window of the Fano factor, seconds. */
  readonly fanoWindowSeconds: number;
  /** Full windows counted. */
  readonly fanoWindows: number;
  /**
   * Golomb's synchrony χ (Golomb 2007, Scholarpedia "Neuronal synchrony
   * measures") of binned spike counts: χ² = Var_t(mean_i s_i(t)) / mean_i
   * Var_t(s_i(t)). 1 for identical trains, ~1/√N for independent ones; NaN
   * when no neuron's count varies.
   */
  readonly synchronyChi: number;
  /** Bin of χ, seconds. */
  readonly synchronyBinSeconds: number;
}

/** What {@link SpikeStatistics.finish} returns. */
export interface SpikeStatisticsResult {
  /** Observed interval, seconds. */
  readonly startSeconds: number;
  readonly endSeconds: number;
  /** One entry per population, in order. */
  readonly populations: readonly PopulationStatistics[];
  /** Per-neuron firing rates, Hz (for distributions). */
  readonly ratesHz: Float64Array;
  /** Per-neuron ISI CV, NaN for neurons with too few spikes. */
  readonly cvIsi: Float64Array;
}

/**
 * Streaming spike-train statistics: feed spikes in time order with
 * {@link add} (a `SpikeListener`: O(1), allocation-free, typed arrays of
 * O(N)), then {@link finish} at the end of the run. Per neuron it keeps the
 * ISI mean and variance (Welford's update, so a regular train gives CV = 0
 * exactly), spike counts per Fano window and per synchrony bin (their sums
 * and sums of squares), and per population the binned activity for χ.
 */
export class SpikeStatistics {
  private readonly n: number;
  private readonly start: number;
  private readonly fanoWindow: number;
  private readonly bin: number;
  private readonly minSpikes: number;
  readonly populations: readonly Population[];
  private readonly populationOf: Uint16Array | Uint32Array;

  private readonly spikeCount: Float64Array;
  private readonly lastTime: Float64Array;
  private readonly isiMean: Float64Array;
  private readonly isiM2: Float64Array;
  // Fano: counts per window; current window index and count, sums over closed windows
  private readonly fanoIndex: Float64Array;
  private readonly fanoCurrent: Float64Array;
  private readonly fanoSquares: Float64Array;
  // synchrony: counts per bin, as for Fano
  private readonly binIndex: Float64Array;
  private readonly binCurrent: Float64Array;
  private readonly binSquares: Float64Array;
  // population activity per bin, streamed like the per-neuron counts (spikes come in time order): the
  // current bin's index and count, and the sum of squares over closed bins. O(populations) memory at any
  // simulated time (an array of every bin would grow with the time: 1e6 s is 2e8 bins).
  private readonly activityIndex: Float64Array;
  private readonly activityCurrent: Float64Array;
  private readonly activitySquares: Float64Array;
  private readonly activityTotal: Float64Array;
  private lastSpike = -Infinity;

  constructor(options: StatisticsOptions) {
    const n = options.neurons;
    if (!Number.isSafeInteger(n) || n < 1) throw new InvalidParameterError('neurons', n, 'an integer ≥ 1');
    this.n = n;
    this.start = options.startSeconds ?? 0;
    this.fanoWindow = positive('fanoWindowSeconds', options.fanoWindowSeconds ?? 0.1);
    this.bin = positive('synchronyBinSeconds', options.synchronyBinSeconds ?? 0.005);
    this.minSpikes = options.minSpikesForCv ?? 3;
    if (!Number.isSafeInteger(this.minSpikes) || this.minSpikes < 3) throw new InvalidParameterError('minSpikesForCv', this.minSpikes, 'an integer ≥ 3');
    this.populations = options.populations ?? [{ name: 'all', first: 0, count: n }];
    this.populationOf = this.populations.length < 65536 ? new Uint16Array(n) : new Uint32Array(n);
    let next = 0;
    this.populations.forEach((p, index) => {
      if (p.first !== next || !(p.count >= 1)) throw new InvalidParameterError(`populations[${index}]`, `${p.first}+${p.count}`, `contiguous from ${next}, count ≥ 1`);
      this.populationOf.fill(index, p.first, p.first + p.count);
      next += p.count;
    });
    if (next !== n) throw new InvalidParameterError('populations', next, `neurons in all populations = N = ${n}`);
    this.spikeCount = new Float64Array(n);
    this.lastTime = new Float64Array(n).fill(NaN);
    this.isiMean = new Float64Array(n);
    this.isiM2 = new Float64Array(n);
    this.fanoIndex = new Float64Array(n).fill(-1);
    this.fanoCurrent = new Float64Array(n);
    this.fanoSquares = new Float64Array(n);
    this.binIndex = new Float64Array(n).fill(-1);
    this.binCurrent = new Float64Array(n);
    this.binSquares = new Float64Array(n);
    this.activityIndex = new Float64Array(this.populations.length).fill(-1);
    this.activityCurrent = new Float64Array(this.populations.length);
    this.activitySquares = new Float64Array(this.populations.length);
    this.activityTotal = new Float64Array(this.populations.length);
    this.lastSpike = this.start;
  }

  /** Record one spike (time in seconds, non-decreasing, ≥ the start; neuron in `[0, N)`). */
  add(timeSeconds: number, neuron: number): void {
    if (!(timeSeconds >= this.lastSpike)) throw new InvalidParameterError('spike time', timeSeconds, `≥ ${this.lastSpike} (spikes in time order, from the start)`);
    this.lastSpike = timeSeconds;
    const count = ++this.spikeCount[neuron];
    const last = this.lastTime[neuron];
    if (count > 1) {
      // Welford's update of the ISI mean and sum of squared deviations
      const isi = timeSeconds - last;
      const k = count - 1;
      const delta = isi - this.isiMean[neuron];
      this.isiMean[neuron] += delta / k;
      this.isiM2[neuron] += delta * (isi - this.isiMean[neuron]);
    }
    this.lastTime[neuron] = timeSeconds;
    const relative = timeSeconds - this.start;
    const window = Math.floor(relative / this.fanoWindow);
    if (window !== this.fanoIndex[neuron]) {
      const c = this.fanoCurrent[neuron];
      this.fanoSquares[neuron] += c * c;
      this.fanoIndex[neuron] = window;
      this.fanoCurrent[neuron] = 0;
    }
    this.fanoCurrent[neuron]++;
    const b = Math.floor(relative / this.bin);
    if (b !== this.binIndex[neuron]) {
      const c = this.binCurrent[neuron];
      this.binSquares[neuron] += c * c;
      this.binIndex[neuron] = b;
      this.binCurrent[neuron] = 0;
    }
    this.binCurrent[neuron]++;
    const p = this.populationOf[neuron];
    if (b !== this.activityIndex[p]) {
      const c = this.activityCurrent[p];
      this.activitySquares[p] += c * c;
      this.activityIndex[p] = b;
      this.activityCurrent[p] = 0;
    }
    this.activityCurrent[p]++;
    this.activityTotal[p]++;
  }

  /**
   * The statistics over `[start, endSeconds]` (default: the last spike).
   * Fano windows and χ bins count only whole windows/bins inside the interval.
   */
  finish(endSeconds: number = Math.max(this.start, this.lastSpike)): SpikeStatisticsResult {
    const duration = endSeconds - this.start;
    const windows = Math.floor(duration / this.fanoWindow + 1e-9); // whole windows (1e-9: a duration of exactly k windows is not cut to k-1 by rounding)
    const bins = Math.floor(duration / this.bin + 1e-9);
    const ratesHz = new Float64Array(this.n);
    const cvIsi = new Float64Array(this.n).fill(NaN);
    const populations = this.populations.map((pop, p) => {
      let spikes = 0;
      const cvs: number[] = [];
      let fanoSum = 0, fanoNeurons = 0;
      let varianceSum = 0;
      for (let i = pop.first; i < pop.first + pop.count; i++) {
        const count = this.spikeCount[i];
        spikes += count;
        ratesHz[i] = duration > 0 ? count / duration : NaN;
        if (count >= this.minSpikes && this.isiMean[i] > 0) {
          const cv = Math.sqrt(this.isiM2[i] / (count - 2)) / this.isiMean[i]; // sample SD of count-1 intervals
          cvIsi[i] = cv;
          cvs.push(cv);
        }
        if (windows >= 2) {
          const { sum, squares } = this.closedCounts(i, this.fanoIndex, this.fanoCurrent, this.fanoSquares, windows);
          const m = sum / windows;
          if (m > 0) {
            fanoSum += (squares / windows - m * m) / m;
            fanoNeurons++;
          }
        }
        if (bins >= 2) {
          const { sum, squares } = this.closedCounts(i, this.binIndex, this.binCurrent, this.binSquares, bins);
          const m = sum / bins;
          varianceSum += squares / bins - m * m;
        }
      }
      let chi = NaN;
      if (bins >= 2 && varianceSum > 0) {
        // closed bins all lie inside [0, bins); the open one counts only when it is whole (as for the neurons)
        const inside = this.activityIndex[p] >= 0 && this.activityIndex[p] < bins;
        const open = this.activityCurrent[p];
        const s = (this.activityTotal[p] - (inside ? 0 : open)) / pop.count; // mean counts per neuron, summed over bins
        const s2 = (this.activitySquares[p] + (inside ? open * open : 0)) / (pop.count * pop.count);
        const m = s / bins;
        chi = Math.sqrt(Math.max(0, s2 / bins - m * m) / (varianceSum / pop.count));
      }
      return {
        population: pop.name,
        neurons: pop.count,
        spikes,
        meanRateHz: duration > 0 ? spikes / pop.count / duration : NaN,
        cvIsiMean: cvs.length > 0 ? mean(cvs) : NaN,
        cvIsiSd: cvs.length > 1 ? sampleStandardDeviation(cvs) : NaN,
        cvNeurons: cvs.length,
        fano: fanoNeurons > 0 ? fanoSum / fanoNeurons : NaN,
        fanoWindowSeconds: this.fanoWindow,
        fanoWindows: windows,
        synchronyChi: chi,
        synchronyBinSeconds: this.bin,
      };
    });
    return { startSeconds: this.start, endSeconds, populations, ratesHz, cvIsi };
  }

  /**
   * Sum and sum of squares of neuron i's counts over the whole windows
   * `0 .. windows-1`. Spikes are in time order and no later than the end,
   * so only the neuron's open (latest) window can lie at or beyond
   * `windows` (the partial last one); every closed window lies before it.
   */
  private closedCounts(i: number, index: Float64Array, current: Float64Array, squares: Float64Array, windows: number) {
    const inside = index[i] >= 0 && index[i] < windows;
    const openCount = current[i];
    return {
      sum: this.spikeCount[i] - (inside ? 0 : openCount),
      squares: squares[i] + (inside ? openCount * openCount : 0),
    };
  }
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || !(value > 0)) throw new InvalidParameterError(name, value, 'a finite number of seconds > 0');
  return value;
}
