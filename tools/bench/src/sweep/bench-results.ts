import type { BenchClock } from './bench-options.js';
import type { RunSample } from './worker-protocol.js';

/** The C anchor's programs. */
export type AnchorSeries = 'c-sp' | 'c-sp_best' | 'c-sp_lazy' | 'c-naive';

/** Brian2's C++ standalone mode at one step, e.g. `brian2-0.1ms` ({@link brian2Series}). */
export type Brian2Series = `brian2-${string}ms`;

/**
 * The measured implementations, one line each in the plot:
 * - `ours`: the composed SparseProp engine (DI, plugins)
 * - `inlined`: the same algorithm hand-inlined in one function
 * - `reference`: our O(N)-per-spike reference simulator
 * - `c-sp`, `c-sp_best`, `c-sp_lazy`, `c-naive`: the C anchor's programs
 * - `brian2-<dt>ms`: Brian2's C++ standalone grid simulation of the same network (not the same graph)
 */
export type SeriesName = 'ours' | 'inlined' | 'reference' | AnchorSeries | Brian2Series;

/** The series other than Brian2's, in table and legend order. */
export const SERIES: readonly SeriesName[] = ['ours', 'inlined', 'c-sp', 'c-sp_best', 'c-sp_lazy', 'c-naive', 'reference'];

/** Human-readable names of the series (Brian2's: {@link seriesLabel}). */
export const SERIES_LABELS: Readonly<Record<'ours' | 'inlined' | 'reference' | AnchorSeries, string>> = {
  ours: 'ours (DI engine)',
  inlined: 'ours, hand-inlined loop',
  reference: 'ours, O(N) reference',
  'c-sp': 'C sp (binary heap)',
  'c-sp_best': 'C sp_best (4-ary, exp keys)',
  'c-sp_lazy': 'C sp_lazy (lazy calendar)',
  'c-naive': 'C naive, O(N)',
};

/** The series name of Brian2 at step `dtMs`. */
export function brian2Series(dtMs: number): Brian2Series {
  return `brian2-${dtMs}ms`;
}

/** Whether a series is one of Brian2's. */
export function isBrian2Series(name: string): name is Brian2Series {
  return /^brian2-.+ms$/.test(name);
}

/** The step (ms) of a Brian2 series. */
export function brian2Dt(name: Brian2Series): number {
  return Number(name.slice('brian2-'.length, -2));
}

/** A series' human-readable name. */
export function seriesLabel(name: SeriesName): string {
  return isBrian2Series(name) ? `Brian2 C++ standalone, dt = ${brian2Dt(name)} ms` : SERIES_LABELS[name];
}

/** The series measured at a size, in order: {@link SERIES}, then Brian2's by decreasing step. */
export function seriesOf(size: Pick<SizeResult, 'medians'>): SeriesName[] {
  const present = Object.keys(size.medians) as SeriesName[];
  const brian2 = present.filter(isBrian2Series).sort((a, b) => brian2Dt(b) - brian2Dt(a));
  return [...SERIES.filter((name) => present.includes(name)), ...brian2];
}

/** Median cost of one series. */
export interface SeriesMedian {
  wallNsPerSpike: number;
  cpuNsPerSpike: number;
  /** Spikes per repetition. */
  spikes: number;
  /** Mean rate per neuron over the run, Hz (each program's own count over its own simulated span). */
  rateHz: number;
  /**
   * CPU seconds per simulated second: for each repetition, CPU per spike ×
   * spikes per simulated second (N × its rate); for Brian2 this is its CPU
   * time of the run loop over the simulated duration. Median over repetitions.
   */
  cpuSecondsPerSimSecond: number;
  /** The same on the wall clock. */
  wallSecondsPerSimSecond: number;
}

/** Outcome of comparing two spike-train checksums. */
export interface HashCheck {
  status: 'identical' | 'mismatch' | 'not compared';
  /** What was compared, or why not. */
  detail: string;
}

/** Memory of a measurement child, from its warm-up (engine alone). */
export interface MemoryProbe {
  /** Rise of the peak resident set size (maxRSS) over its value at the child's start, bytes (0 while below the start-up peak). */
  peakRssDeltaBytes: number;
  /** Rise of the resident set size with the simulator alive over the child's start, bytes. */
  rssDeltaBytes: number;
  /** Typed-array bytes held with the simulator alive, over the child's start: the simulator's state. */
  arrayBytesDelta: number;
  /** `max(peakRssDeltaBytes, rssDeltaBytes) / N`: resident memory per neuron. */
  rssBytesPerNeuron: number;
  /** `arrayBytesDelta / N`. */
  arrayBytesPerNeuron: number;
}

/** Two firing rates of the same network, compared. */
export interface RateCheck {
  oursHz: number;
  theirsHz: number;
  /** `theirs / ours - 1`. */
  relative: number;
  /** Simulated seconds of their run. */
  seconds: number;
}

/** Everything measured at one network size for one configuration. */
export interface SizeResult {
  n: number;
  /** The simulator the composition chose (`phase`, `exp`, `time`). */
  simulatorKind?: string;
  /** The inlined baseline that ran beside it (`phase` or `exp` keys), if any. */
  inlinedKind?: string;
  /** Whether the engine memoised the procedural targets (the C anchor regenerates them every spike). */
  targetsMemoised?: boolean;
  k: number;
  /** Timed spikes per repetition of the O(K log N) methods. */
  spikes: number;
  /** Spikes per repetition of the O(N) methods (`c-naive`, `reference`). */
  linearSpikes: number;
  warmupSpikes: number;
  /** Raw repetitions per series (absent series were not run). */
  runs: Partial<Record<SeriesName, RunSample[]>>;
  /** Medians over the repetitions. */
  medians: Partial<Record<SeriesName, SeriesMedian>>;
  /** Ratios of medians (on the report's clock): ours / c-sp, ours / c-sp_best, ours / c-sp_lazy, ours / inlined (per spike). */
  ratios: { oursOverSp: number; oursOverSpBest: number; oursOverSpLazy?: number; oursOverInlined: number };
  /** Per simulated second (on the report's clock): each Brian2 series' median cost over ours. */
  brian2OverOurs?: Partial<Record<Brian2Series, number>>;
  /** Mean rate per neuron of our engine, Hz. */
  rateHz: number;
  memory: { engine: MemoryProbe | undefined; reference: MemoryProbe | undefined };
  checks: { oursVsSp: HashCheck; inlinedVsOurs: HashCheck; referenceVsNaive: HashCheck; spBestVsSp: HashCheck; oursVsSpLazy?: HashCheck };
  /** Brian2's firing rate against ours (a grid simulation of another draw of the network: no checksum), per series. */
  rateChecks?: Partial<Record<Brian2Series, RateCheck>>;
  /** Why this size was not measured (e.g. not enough memory); then `runs` is empty. */
  skipped?: string;
}

/** One sweep: a model × queue × frame over every size. */
export interface ConfigurationResult {
  model: string;
  queue: string;
  /** `js` or `wasm` (absent in reports written before the kernel). */
  engine?: 'js' | 'wasm';
  /** The kernel's queue when the configuration named one. */
  kernelQueue?: 'heap32' | 'calendar';
  frame: 'phase' | 'time' | 'auto';
  expKeys: boolean;
  /** The simulator the composition chose (`phase`, `exp`, `time`). */
  simulatorKind: string | undefined;
  sizes: SizeResult[];
}

/** The whole JSON report of `pnpm bench --json`. */
export interface BenchReport {
  tool: 'pnpm bench';
  formatVersion: 1;
  startedAt: string;
  finishedAt: string;
  host: { node: string; platform: string; arch: string; cpuModel: string; cpus: number; totalMemoryBytes: number; /** 1, 5, 15-minute load averages when the run ended. */ loadAverage?: number[] };
  /** The clock of `ratios`, the table and the plot. */
  clock: BenchClock;
  /** The command-line options, resolved. */
  options: Record<string, unknown>;
  /** Optional plugin packages that could not be loaded. */
  unavailablePlugins: string[];
  /** Whether the C anchor ran (and if not, why); `lazy`: whether `sp_lazy` was built. */
  anchor: { used: boolean; note: string; lazy?: boolean };
  /** Whether the Brian2 series ran (and if not, why). */
  brian2?: { used: boolean; note: string };
  configurations: ConfigurationResult[];
}

/** The per-spike cost of a sample or median on `clock`. */
export function nsPerSpike(value: { wallNsPerSpike: number; cpuNsPerSpike: number } | undefined, clock: BenchClock): number {
  if (value === undefined) return Number.NaN;
  return clock === 'cpu' ? value.cpuNsPerSpike : value.wallNsPerSpike;
}

/** The cost per simulated second (s/s) of a median on `clock`. */
export function secondsPerSimSecond(value: SeriesMedian | undefined, clock: BenchClock): number {
  if (value === undefined) return Number.NaN;
  return clock === 'cpu' ? value.cpuSecondsPerSimSecond : value.wallSecondsPerSimSecond;
}

/** A run's cost per simulated second: ns per spike × N × rate (spikes per simulated second), in s/s. */
export function perSimSecond(nsPerSpikeValue: number, n: number, rateHz: number): number {
  return nsPerSpikeValue * 1e-9 * n * rateHz;
}
