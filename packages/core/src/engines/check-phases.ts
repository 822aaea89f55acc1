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
  checkPhaseChunk(model, 0, phases);
}

/** {@link checkPhases} for the phases of neurons `start … start + chunk.length - 1` (errors name the neuron). */
export function checkPhaseChunk(model: NeuronModel, start: number, chunk: Float64Array): void {
  const min = model.phiMin, max = model.phiThreshold;
  for (let s = 0; s < chunk.length; s++) {
    const p = chunk[s];
    if (!(p >= min && p <= max && Number.isFinite(p))) {
      throw new InvalidParameterError(`phase of neuron ${start + s}`, p, `a finite number in [${model.phiMin}, ${model.phiThreshold}] for model ${model.name}`);
    }
  }
}
