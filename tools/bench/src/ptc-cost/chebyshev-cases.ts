import { composeSimulator, createContainer, type NeuronModel, SpikeTrain, summarizeWeights } from '@sparseprop/core/plugin';
import { EifModel, registerEif } from '@sparseprop/model-eif';
import { LifModel, registerLif } from '@sparseprop/model-lif';
import { registerHeapQueues } from '@sparseprop/queue-heap';
import { ChebyshevPtcModel } from '@sparseprop/model-chebyshev';

/** The reference benchmark's network (docs/algorithm.md §1) at a size that runs in a second: its coupling and drive. */
export const J = -1 / Math.sqrt(100);
export const IEXT = 0.1;

/** The models compared, by name. */
export const CASES = ['lif', 'chebyshev:lif', 'eif', 'chebyshev:eif'] as const;
export type CaseName = (typeof CASES)[number];

/** The model of a case: closed form or table, or its Chebyshev fit for the one weight J (default options). */
export function modelOf(name: CaseName): NeuronModel {
  const base = name.endsWith('lif') ? new LifModel(1, IEXT) : new EifModel(1, IEXT);
  return name.startsWith('chebyshev:') ? new ChebyshevPtcModel(base, { weights: summarizeWeights([J]) }) : base;
}

/**
 * Phases at which the engine calls ptc in a running network: every neuron's
 * phase after 20000 spikes of the reference network at N = 20000, K = 100
 * (targets are drawn uniformly, so these are the phases kicks land on).
 */
export function networkPhases(name: CaseName): Float64Array {
  const container = registerHeapQueues(registerEif(registerLif(createContainer())));
  const { simulator } = composeSimulator({ model: name.endsWith('lif') ? 'lif' : 'eif', n: 20000, k: 100, j0: 1, iext: IEXT, seed: 1 }, container);
  simulator.run({ maxSpikes: 20000, record: new SpikeTrain() });
  return simulator.phases();
}
