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
}
