import type { BenchClock } from './bench-options.js';
import type { RunSample } from './worker-protocol.js';

/**
 * The measured implementations, one line each in the plot:
 * - `ours`: the composed SparseProp engine (DI, plugins)
 * - `inlined`: the same algorithm hand-inlined in one function
 * - `reference`: our O(N)-per-spike reference simulator
 * - `c-sp`, `c-sp_best`, `c-naive`: the C anchor's programs
 */
export type SeriesName = 'ours' | 'inlined' | 'reference' | 'c-sp' | 'c-sp_best' | 'c-naive';

/** Every series, in table and legend order. */
export const SERIES: readonly SeriesName[] = ['ours', 'inlined', 'c-sp', 'c-sp_best', 'c-naive', 'reference'];

/** Human-readable names of the series. */
export const SERIES_LABELS: Readonly<Record<SeriesName, string>> = {
  ours: 'ours (DI engine)',
  inlined: 'ours, hand-inlined loop',
  reference: 'ours, O(N) reference',
  'c-sp': 'C sp (binary heap)',
  'c-sp_best': 'C sp_best (4-ary, exp keys)',
  'c-naive': 'C naive, O(N)',
};

/** Median cost per spike of one series. */
export interface SeriesMedian {
  wallNsPerSpike: number;
  cpuNsPerSpike: number;
  /** Spikes per repetition. */
  spikes: number;
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
  /** Ratios of medians (on the report's clock): ours / c-sp, ours / c-sp_best, ours / inlined. */
  ratios: { oursOverSp: number; oursOverSpBest: number; oursOverInlined: number };
  /** Mean rate per neuron of our engine, Hz. */
  rateHz: number;
  memory: { engine: MemoryProbe | undefined; reference: MemoryProbe | undefined };
  checks: { oursVsSp: HashCheck; inlinedVsOurs: HashCheck; referenceVsNaive: HashCheck; spBestVsSp: HashCheck };
  /** Why this size was not measured (e.g. not enough memory); then `runs` is empty. */
  skipped?: string;
}

/** One sweep: a model × queue × frame over every size. */
export interface ConfigurationResult {
  model: string;
  queue: string;
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
  host: { node: string; platform: string; arch: string; cpuModel: string; cpus: number; totalMemoryBytes: number };
  /** The clock of `ratios`, the table and the plot. */
  clock: BenchClock;
  /** The command-line options, resolved. */
  options: Record<string, unknown>;
  /** Optional plugin packages that could not be loaded. */
  unavailablePlugins: string[];
  /** Whether the C anchor ran (and if not, why). */
  anchor: { used: boolean; note: string };
  configurations: ConfigurationResult[];
}

/** The per-spike cost of a sample or median on `clock`. */
export function nsPerSpike(value: { wallNsPerSpike: number; cpuNsPerSpike: number } | undefined, clock: BenchClock): number {
  if (value === undefined) return Number.NaN;
  return clock === 'cpu' ? value.cpuNsPerSpike : value.wallNsPerSpike;
}
