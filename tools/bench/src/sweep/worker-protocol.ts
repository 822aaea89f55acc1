/**
 * Messages between the bench orchestrator and a measurement child process
 * (Node IPC). One child measures one configuration at one N, so the engine's
 * call sites only ever see one model, one queue and one connectivity class.
 */

/** What a child measures: given as JSON in its first command-line argument. */
export interface WorkerConfig {
  /** `engine`: SparseProp (composed by DI); `reference`: the O(N) reference simulator. */
  kind: 'engine' | 'reference';
  model: string;
  queue: string;
  /** `js` (with `queue`) or `wasm` (the WebAssembly kernel; `queue` only labels it). */
  engine: 'js' | 'wasm';
  /** The wasm kernel's own queue (`heap32`, `calendar`); undefined: the one the engine picks at this N. */
  kernelQueue?: 'heap32' | 'calendar';
  frame: 'phase' | 'time' | 'auto';
  n: number;
  k: number;
  seed: number;
  /** Spikes per timed repetition. */
  spikes: number;
  /** Spikes of the warm-up run (not timed). */
  warmupSpikes: number;
  /** Exponential keys where the model supports them (composeSimulator's `expKeys`). */
  expKeys: boolean;
  /** Memoise procedural targets up to this many bytes (composeSimulator's `targetCacheBytes`); undefined: the engine's default. */
  targetCacheBytes?: number;
  /** Also time the hand-inlined loop matching the engine, alternating with it (LIF, binary heap). */
  inlined: boolean;
}

/** One timed run from a fresh network state: cost and checksums. */
export interface RunSample {
  spikes: number;
  /** Wall-clock ns per spike. */
  wallNsPerSpike: number;
  /** Process CPU (user + system, all threads) ns per spike. */
  cpuNsPerSpike: number;
  /** The C anchor's uint32 hash (`hash*31 + j`) of the spike train. */
  hash: number;
  /** Sum of spiking indices. */
  sumidx: number;
  /** Mean rate per neuron, Hz. */
  rateHz: number;
  /** Time of the last spike, s. */
  lastTime: number;
}

/** Orchestrator → child. */
export type WorkerRequest = { type: 'warmup' } | { type: 'rep'; index: number } | { type: 'exit' };

/** Child → orchestrator. */
export type WorkerReply =
  | { type: 'ready'; baselineMaxRssBytes: number; unavailablePlugins: string[] }
  | {
      type: 'warmed';
      /** Peak resident memory after building and warming the simulator, minus the baseline at `ready`. */
      peakRssDeltaBytes: number;
      /** Resident set size with the warmed simulator alive, minus the same at `ready`. */
      rssDeltaBytes: number;
      /** Typed-array (ArrayBuffer) bytes with the warmed simulator alive, minus the same at `ready`: the state it holds. */
      arrayBytesDelta: number;
      /** Which inlined loop runs beside the engine in this child (`phase`, `exp`), if any. */
      inlined: 'phase' | 'exp' | 'wasm' | undefined;
      /** The simulator the composition chose (`phase`, `exp`, `time`, `reference`). */
      simulatorKind: string;
      /** Whether the procedural connectivity memoises its targets (unknown: undefined). */
      targetsMemoised: boolean | undefined;
    }
  | { type: 'rep'; index: number; engine: RunSample; inlined?: RunSample }
  | { type: 'failed'; message: string };
