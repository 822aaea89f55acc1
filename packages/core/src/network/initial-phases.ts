import type { NeuronModel } from '../contracts/neuron-model.js';
import type { ModelPlugin } from '../contracts/plugins.js';
import { Xoroshiro128Plus } from '../rng/xoroshiro128plus.js';

/**
 * Random initial phases: neuron i gets the i-th uniform variate of
 * xoroshiro128+ seeded with `seed` (as the C anchor), mapped by the plugin's
 * `initialPhase` (default: uniform on `[phiReset, phiThreshold)`).
 */
export function randomInitialPhases(model: NeuronModel, plugin: Pick<ModelPlugin, 'initialPhase'>, seed: number): Float64Array {
  const rng = new Xoroshiro128Plus(seed);
  const phases = new Float64Array(model.size);
  const span = model.phiThreshold - model.phiReset;
  for (let i = 0; i < phases.length; i++) {
    const u = rng.nextDouble();
    phases[i] = plugin.initialPhase ? plugin.initialPhase(u, model) : model.phiReset + u * span;
  }
  return phases;
}
