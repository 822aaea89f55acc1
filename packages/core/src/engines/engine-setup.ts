import type { Connectivity } from '../contracts/connectivity.js';
import type { EventQueue } from '../contracts/event-queue.js';
import type { NeuronModel } from '../contracts/neuron-model.js';
import { InvalidParameterError } from '../errors/errors.js';
import type { EngineOptions } from '../contracts/engine-options.js';
import { resolveEngineOptions } from './engine-options.js';
import type { PhaseSource } from '../contracts/engine-options.js';
import { constantPhaseSource, materializePhases } from '../network/initial-phases.js';

/** What every simulator needs before its first spike. */
export interface EngineSetup {
  /** Number of neurons. */
  n: number;
  /** Membrane time constant, seconds. */
  tau: number;
  /** Spikes between two rebases. */
  rebaseEvery: number;
  /** The initial phases to set (given, generated, or every neuron at reset), materialised on first read. */
  readonly initialPhases: Float64Array;
  /** The same phases chunk by chunk, for engines that build their state in place (no N-sized copy). */
  readonly phaseSource: PhaseSource;
  /** Per-spike buffers for the targets and weights of the spiker. */
  targets: Int32Array;
  weights: Float64Array;
}

/**
 * Check that model, queue (when there is one) and connectivity describe the
 * same N, resolve the options and allocate the per-spike buffers once.
 */
export function setUpEngine(model: NeuronModel, queue: EventQueue | undefined, connectivity: Connectivity, options: EngineOptions): EngineSetup {
  const n = model.size;
  if ((queue !== undefined && queue.size !== n) || connectivity.size !== n) {
    throw new InvalidParameterError('queue/connectivity size', `${queue?.size ?? n}/${connectivity.size}`, `equal to the model size ${n}`);
  }
  // the model's constants, once: a NaN or non-positive phase velocity would turn every spike time into NaN
  // (the phase frame's keys do not contain omega, so its per-spike check could not see it)
  const omegas = model.homogeneous ? 1 : n;
  for (let i = 0; i < omegas; i++) {
    const omega = model.omega(i);
    if (!(omega > 0 && omega < Infinity)) throw new InvalidParameterError(model.homogeneous ? `omega of model ${model.name}` : `omega of model ${model.name} for neuron ${i}`, omega, 'a finite number > 0 (the phase velocity; check the drive and the model parameters)');
  }
  if (!(Number.isFinite(model.phiThreshold) && model.phiReset < model.phiThreshold)) {
    throw new InvalidParameterError(`phiThreshold/phiReset of model ${model.name}`, `${model.phiThreshold}/${model.phiReset}`, 'a finite threshold above the reset phase');
  }
  const resolved = resolveEngineOptions(options, n);
  const phaseSource = resolved.phaseSource ?? constantPhaseSource(n, model.phiReset);
  let phases: Float64Array | undefined;
  return {
    n,
    tau: resolved.tau,
    rebaseEvery: resolved.rebaseEvery,
    phaseSource,
    get initialPhases(): Float64Array {
      phases ??= resolved.initialPhases ?? materializePhases(phaseSource);
      return phases;
    },
    targets: new Int32Array(connectivity.maxOutDegree),
    weights: new Float64Array(connectivity.maxOutDegree),
  };
}
