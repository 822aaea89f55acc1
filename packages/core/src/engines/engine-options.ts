import { InvalidParameterError } from '../errors/errors.js';
import { requireAbove } from '../errors/validate.js';

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

/** Engine options with defaults applied and validated. */
export interface ResolvedEngineOptions {
  tau: number;
  rebaseEvery: number;
  initialPhases: Float64Array | undefined;
}

export function resolveEngineOptions(options: EngineOptions, n: number): ResolvedEngineOptions {
  const tau = requireAbove('tau', options.tau ?? 0.01, 0);
  const rebaseEvery = options.rebaseEvery ?? n;
  if (!Number.isInteger(rebaseEvery) || rebaseEvery < 1) {
    throw new InvalidParameterError('rebaseEvery', rebaseEvery, 'an integer ≥ 1');
  }
  if (options.initialPhases && options.initialPhases.length !== n) {
    throw new InvalidParameterError('initialPhases.length', options.initialPhases.length, `equal to the number of neurons (${n})`);
  }
  return { tau, rebaseEvery, initialPhases: options.initialPhases };
}
