import type { NeuronModel } from '../contracts/neuron-model.js';
import { InvalidParameterError } from '../errors/errors.js';

/**
 * Every phase must lie in `[phiMin, phiThreshold]` of its model (`phiMin`
 * itself only where it is finite: QIF's reset phase is `-pi = phiMin`).
 */
export function checkPhases(model: NeuronModel, phases: Float64Array): void {
  if (phases.length !== model.size) {
    throw new InvalidParameterError('phases.length', phases.length, `equal to the number of neurons (${model.size})`);
  }
  for (let i = 0; i < phases.length; i++) {
    const p = phases[i];
    if (!(p >= model.phiMin && p <= model.phiThreshold && Number.isFinite(p))) {
      throw new InvalidParameterError(`phase of neuron ${i}`, p, `a finite number in [${model.phiMin}, ${model.phiThreshold}] for model ${model.name}`);
    }
  }
}
