import { InvalidParameterError } from '../errors/errors.js';
import { requireAbove } from '../errors/validate.js';
import type { EngineOptions } from '../contracts/engine-options.js';

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
