/** Options shared by the engines and the reference simulator. */
export interface EngineOptions {
  /** Membrane time constant in seconds (converts dimensionless time to seconds), > 0. Default 0.01. */
  tau?: number;
  /**
   * Rebase the global shift (phase frame) or clock (time frame) every this
   * many spikes: O(N) work that keeps `psi + Phi` free of cancellation
   * (docs/algorithm.md §3). Integer ≥ 1; default N (amortised O(1) per spike).
   */
  rebaseEvery?: number;
  /** Initial phases, one per neuron, each finite in `[phiMin, phiThreshold]`. Default: all at `phiReset`. */
  initialPhases?: Float64Array;
  /**
   * Initial phases generated chunk by chunk instead of held in an N-sized
   * array (e.g. the random initial state of a billion neurons, which would
   * cost 8 bytes per neuron more): used when `initialPhases` is absent.
   * Engines that build their state in place (`exp-key`, `wasm`) read it in
   * chunks; others materialise it.
   */
  initialPhaseSource?: PhaseSource;
}

/**
 * Phases of neurons `0 … size-1`, produced on demand in chunks (model
 * convention, each finite in `[phiMin, phiThreshold]`). Deterministic: the
 * same range always gives the same numbers.
 */
export interface PhaseSource {
  /** Number of neurons. */
  readonly size: number;
  /**
   * Write the phases of neurons `start … start + out.length - 1` into `out`.
   * Reading the chunks in increasing order from 0 is the cheap way; any
   * order gives the same numbers.
   */
  fill(start: number, out: Float64Array): void;
}

/**
 * External input events for the plain network (kicks from outside it, e.g.
 * Poisson inputs of a training task): event `q` kicks neuron `targets[q]` at
 * `times[q]` seconds by the voltage jump `weights[channels[q]]` (threshold
 * units, the same jump a synapse of that weight gives; J > 0 excites). Many
 * events may share one weight (`channels`). An input at time `t` is applied
 * before any spike at a time ≥ `t`; a kick that reaches threshold makes its
 * target spike at `t`. Only engines that declare
 * {@link "@sparseprop/core"!EnginePluginBase.takesInputEvents} run them.
 */
export interface KickEvents {
  /** Event times in seconds, non-decreasing, finite. */
  readonly times: Float64Array;
  /** Target neuron of each event, in [0, N). */
  readonly targets: Int32Array;
  /** Weight index of each event, in [0, weights.length). */
  readonly channels: Int32Array;
  /** The voltage jumps (dimensionless, threshold units), one per weight index; finite. */
  readonly weights: Float64Array;
}
