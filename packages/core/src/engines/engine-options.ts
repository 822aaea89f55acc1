import { InvalidParameterError } from '../errors/errors.js';
import { requireAbove } from '../errors/validate.js';
import type { EngineOptions, PhaseSource } from '../contracts/engine-options.js';
import { arrayPhaseSource, materializePhases } from '../network/initial-phases.js';

/** Engine options with defaults applied and validated. */
export interface ResolvedEngineOptions {
  tau: number;
  rebaseEvery: number;
  /**
   * The initial phases as one array: the given array, or the
   * `initialPhaseSource` materialised on first read (8 bytes per neuron).
   * Engines that build their state in chunks read {@link phaseSource} instead.
   */
  readonly initialPhases: Float64Array | undefined;
  /** The initial phases chunk by chunk (over the array when one was given), or undefined for the default. */
  readonly phaseSource: PhaseSource | undefined;
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
  const given = options.initialPhases;
  const source = given !== undefined ? arrayPhaseSource(given) : options.initialPhaseSource;
  if (source !== undefined && source.size !== n) {
    throw new InvalidParameterError('initialPhaseSource.size', source.size, `equal to the number of neurons (${n})`);
  }
  let phases = given;
  return {
    tau,
    rebaseEvery,
    phaseSource: source,
    get initialPhases(): Float64Array | undefined {
      if (phases === undefined && source !== undefined) phases = materializePhases(source);
      return phases;
    },
  };
}
