
/**
 * Where a run appends its spikes, in emission order (e.g. `SpikeTrain`, or a
 * streaming file exporter). Called once per spike from the engine's loop:
 * implementations must not allocate per call.
 */
export interface SpikeRecorder {
  /** Append one spike: time in seconds, neuron index. */
  push(timeSeconds: number, neuron: number): void;
}

/** Called once per spike, in emission order. */
export type SpikeListener = (timeSeconds: number, neuron: number) => void;

/** When a run stops and where its spikes go. At least one of the limits must be finite. */
export interface RunOptions {
  /** Stop after this many spikes (integer ≥ 0). */
  maxSpikes?: number;
  /** Stop when the simulated time would pass this absolute time, in seconds. */
  maxTimeSeconds?: number;
  /** Append every spike to this recorder (e.g. a `SpikeTrain`). */
  record?: SpikeRecorder;
  /** Stream every spike to this callback. */
  onSpike?: SpikeListener;
  /** Called every `progressEvery` spikes with the spikes done so far in this run. */
  onProgress?: (spikesDone: number) => void;
  /** Spikes between two progress calls (default 65536). */
  progressEvery?: number;
}

/** What one call of {@link Simulator.run} did. */
export interface RunSummary {
  /** Number of neurons. */
  neurons: number;
  /** Spikes emitted by this run. */
  spikes: number;
  /** Simulated time at the start of the run, in seconds. */
  startSeconds: number;
  /** Simulated time at the end of the run (last spike, or `maxTimeSeconds`), in seconds. */
  endSeconds: number;
  /** Mean firing rate per neuron over the run, Hz (`spikes / (end - start) / neurons`). */
  rateHz: number;
  /** Wall-clock time of the run's loop, seconds. */
  wallSeconds: number;
  /** Wall-clock nanoseconds per spike. */
  nsPerSpike: number;
}

/**
 * The complete dynamical state of a simulator, exactly (checkpoints): the
 * engine's name, its scalars (clock, global shift or factor, rebase
 * counters, ...) and its per-neuron arrays (queue keys or phases), as
 * stored. Restored into a simulator built from the same configuration, the
 * run continues spike for spike as if never interrupted.
 */
export interface EngineState {
  /** The engine that saved it (`Simulator.kind` plus, for plugins, their name); restore refuses another. */
  readonly engine: string;
  /** Scalars, each a finite double (integers stored exactly). */
  readonly numbers: Readonly<Record<string, number>>;
  /** Per-neuron (or other) arrays of doubles. */
  readonly arrays: Readonly<Record<string, Float64Array>>;
}

/**
 * An event-based network simulator. Runs continue from where the last one
 * stopped, so a long simulation can be split into pieces.
 */
export interface Simulator {
  /**
   * Which algorithm: phase-frame SparseProp with phase keys (`"phase"`) or
   * exponential keys (`"exp-key"`), time-frame SparseProp (`"time"`), the
   * O(N) `"reference"`, or another engine's own name.
   */
  readonly kind: string;
  /** Number of neurons. */
  readonly size: number;
  /** Current simulated time in seconds. */
  readonly timeSeconds: number;
  /** Advance the network until a limit of `options` is reached. */
  run(options: RunOptions): RunSummary;
  /** Current phase of every neuron, in the model's convention (docs/algorithm.md §2). */
  phases(): Float64Array;
  /** Replace the state by these phases (each finite in `[phiMin, phiThreshold]`), keeping the time. */
  setPhases(phases: Float64Array): void;
  /**
   * The exact state (optional: engines without it cannot checkpoint). A
   * copy: later runs do not change it.
   */
  saveState?(): EngineState;
  /**
   * Replace the whole state by one {@link saveState} returned from a
   * simulator built from the same configuration. Throws
   * `InvalidParameterError` for another engine's state or wrong sizes.
   */
  restoreState?(state: EngineState): void;
  /**
   * Optional: the simulator will not be used again, so it may hand its
   * resources on (e.g. the WebAssembly kernel returns its instance and linear
   * memory for the next simulator: many short runs, as in training, skip the
   * ~2 ms instantiation). Any later call throws.
   */
  dispose?(): void;
}

/**
 * A simulator of a compiled network, whose state is voltages (voltage space):
 * the network engine and its O(N) reference. `phases()` and `setPhases()`
 * throw for it (a sub-threshold neuron has no phase).
 */
export interface VoltageSimulator extends Simulator {
  /**
   * Voltage of network neuron `i` (integer in `[0, size)`) at the current
   * time, in the model's units (threshold units for LIF), computed exactly
   * from the state, not integrated: every event at or before
   * {@link Simulator.timeSeconds} is applied; a refractory neuron reads its
   * reset voltage. O(1).
   */
  voltage(i: number): number;
  /** {@link voltage} of every network neuron (a new array of length `size`). O(N). */
  voltages(): Float64Array;
}
