import type { Connectivity } from '../contracts/connectivity.js';
import type { EventQueue } from '../contracts/event-queue.js';
import type { NeuronModel } from '../contracts/neuron-model.js';
import { InvalidParameterError } from '../errors/errors.js';
import type { EngineOptions } from '../contracts/engine-options.js';
import { resolveEngineOptions } from './engine-options.js';

/** What every simulator needs before its first spike. */
export interface EngineSetup {
  /** Number of neurons. */
  n: number;
  /** Membrane time constant, seconds. */
  tau: number;
  /** Spikes between two rebases. */
  rebaseEvery: number;
  /** The initial phases to set (given, or every neuron at reset). */
  initialPhases: Float64Array;
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
  const resolved = resolveEngineOptions(options, n);
  return {
    n,
    tau: resolved.tau,
    rebaseEvery: resolved.rebaseEvery,
    initialPhases: resolved.initialPhases ?? new Float64Array(n).fill(model.phiReset),
    targets: new Int32Array(connectivity.maxOutDegree),
    weights: new Float64Array(connectivity.maxOutDegree),
  };
}
