/**
 * One simulation as the worker runs it, in slices: the composed simulator
 * advances a chunk of spikes per call (runs continue where the last one
 * stopped, so slicing does not change the train), and after each chunk its
 * spikes are stored for download, sampled for the raster and binned for the
 * population rate. Nothing here touches worker or DOM globals, so Node tests
 * run it as the page does.
 */
import type { Simulator, SpikeRecorder } from '@sparseprop/core';
import type { Counters } from './protocol.js';

/** Spikes of one chunk, in emission order; reused for every chunk (no allocation per spike). */
class ChunkRecorder implements SpikeRecorder {
  times: Float64Array;
  neurons: Int32Array;
  count = 0;
  constructor(capacity: number) {
    this.times = new Float64Array(capacity);
    this.neurons = new Int32Array(capacity);
  }
  push(timeSeconds: number, neuron: number): void {
    this.times[this.count] = timeSeconds;
    this.neurons[this.count++] = neuron;
  }
  ensure(capacity: number): void {
    if (this.times.length >= capacity) return;
    this.times = new Float64Array(capacity);
    this.neurons = new Int32Array(capacity);
  }
}

/** The first `cap` spikes of the run, for download. */
export class SpikeStore {
  times = new Float64Array(1 << 16);
  neurons = new Int32Array(1 << 16);
  count = 0;
  constructor(readonly cap: number) {}

  append(times: Float64Array, neurons: Int32Array, count: number): void {
    const take = Math.min(count, this.cap - this.count);
    if (take <= 0) return;
    if (this.count + take > this.times.length) {
      const size = Math.min(this.cap, Math.max(this.count + take, this.times.length * 2));
      const t = new Float64Array(size), j = new Int32Array(size);
      t.set(this.times.subarray(0, this.count));
      j.set(this.neurons.subarray(0, this.count));
      this.times = t;
      this.neurons = j;
    }
    this.times.set(times.subarray(0, take), this.count);
    this.neurons.set(neurons.subarray(0, take), this.count);
    this.count += take;
  }
}

/**
 * The raster's rows: with N ≤ rows every neuron has a row; otherwise an
 * evenly spaced sample, neuron `ceil(r N / rows)` on row r (the procedural
 * network is random, so index order carries no structure). Both directions
 * are exact in doubles: a quotient that is not an integer lies at least
 * 1/N from one, far beyond rounding.
 */
export class RasterSampler {
  readonly rows: number;
  constructor(readonly neurons: number, maxRows: number) {
    this.rows = Math.max(1, Math.min(neurons, Math.floor(maxRows)));
  }
  /** The row of `neuron`, or -1 when it is not in the sample. */
  rowOf(neuron: number): number {
    const row = Math.floor((neuron * this.rows) / this.neurons);
    return Math.ceil((row * this.neurons) / this.rows) === neuron ? row : -1;
  }
}

/** What a session has produced since the last {@link SimSession.drain}. */
export interface Drained {
  readonly times: Float64Array;
  readonly rows: Int32Array;
  readonly firstBin: number;
  readonly binCounts: Int32Array;
}

/** When a run stops by itself (neither: when paused). */
export interface StopLimits {
  readonly spikes?: number;
  readonly durationSeconds?: number;
}

export class SimSession {
  private readonly chunk = new ChunkRecorder(1 << 14);
  readonly store: SpikeStore;
  private readonly sampler: RasterSampler;
  private spikes = 0;
  private wallSeconds = 0;
  private finished = false;
  private readonly startSeconds: number;
  // pending raster points
  private sampleTimes = new Float64Array(1 << 12);
  private sampleRows = new Int32Array(1 << 12);
  private samples = 0;
  // rate bins: `openBin` is counting; bins before it since `firstPendingBin` are complete
  private openBin = 0;
  private openCount = 0;
  private firstPendingBin = 0;
  private pendingBins: number[] = [];

  constructor(
    readonly simulator: Simulator,
    private readonly limits: StopLimits,
    rasterRows: number,
    readonly binSeconds: number,
    recordCap: number,
  ) {
    this.store = new SpikeStore(recordCap);
    this.sampler = new RasterSampler(simulator.size, rasterRows);
    this.startSeconds = simulator.timeSeconds;
    this.openBin = Math.floor(this.startSeconds / binSeconds);
    this.firstPendingBin = this.openBin;
  }

  /** Rows the raster shows. */
  get rasterRows(): number {
    return this.sampler.rows;
  }

  /** True once the stop condition is reached. */
  get done(): boolean {
    return this.finished;
  }

  /** Run up to `maxSpikes` more spikes (fewer at the stop condition); returns the spikes emitted. */
  advance(maxSpikes: number): number {
    if (this.finished) return 0;
    const left = this.limits.spikes === undefined ? Infinity : this.limits.spikes - this.spikes;
    const want = Math.max(0, Math.min(maxSpikes, left));
    const chunk = this.chunk;
    chunk.ensure(want);
    chunk.count = 0;
    const summary = this.simulator.run({ maxSpikes: want, maxTimeSeconds: this.limits.durationSeconds, record: chunk });
    this.wallSeconds += summary.wallSeconds;
    const emitted = chunk.count;
    this.spikes += emitted;
    this.absorb(emitted);
    if (emitted < want || (this.limits.spikes !== undefined && this.spikes >= this.limits.spikes)) this.finished = true;
    return emitted;
  }

  private absorb(count: number): void {
    const { times, neurons } = this.chunk;
    this.store.append(times, neurons, count);
    const sampler = this.sampler, bin = this.binSeconds;
    for (let s = 0; s < count; s++) {
      const t = times[s];
      const row = sampler.rowOf(neurons[s]);
      if (row >= 0) this.pushSample(t, row);
      const b = Math.floor(t / bin);
      if (b !== this.openBin) {
        this.pendingBins.push(this.openCount);
        for (let gap = this.openBin + 1; gap < b; gap++) this.pendingBins.push(0);
        this.openBin = b;
        this.openCount = 0;
      }
      this.openCount++;
    }
  }

  private pushSample(t: number, row: number): void {
    if (this.samples === this.sampleTimes.length) {
      const times = new Float64Array(this.samples * 2), rows = new Int32Array(this.samples * 2);
      times.set(this.sampleTimes);
      rows.set(this.sampleRows);
      this.sampleTimes = times;
      this.sampleRows = rows;
    }
    this.sampleTimes[this.samples] = t;
    this.sampleRows[this.samples++] = row;
  }

  /** The raster points and completed rate bins produced since the last call (fresh arrays, transferable). */
  drain(): Drained {
    const out: Drained = {
      times: this.sampleTimes.slice(0, this.samples),
      rows: this.sampleRows.slice(0, this.samples),
      firstBin: this.firstPendingBin,
      binCounts: Int32Array.from(this.pendingBins),
    };
    this.samples = 0;
    this.firstPendingBin += this.pendingBins.length;
    this.pendingBins = [];
    return out;
  }

  counters(): Counters {
    const simulator = this.simulator;
    const simSeconds = simulator.timeSeconds;
    const span = simSeconds - this.startSeconds;
    return {
      neurons: simulator.size,
      simSeconds,
      spikes: this.spikes,
      meanRateHz: span > 0 ? this.spikes / span / simulator.size : 0,
      usPerSpike: this.spikes > 0 ? (this.wallSeconds * 1e6) / this.spikes : 0,
      recorded: this.store.count,
    };
  }
}
