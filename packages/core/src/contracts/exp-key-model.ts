import type { NeuronModel } from './neuron-model.js';

/**
 * Optional capability of a homogeneous model whose PTC is a translation in
 * the coordinate `w = exp(-phi/omega)`:
 * `ptc(phi, J) = -omega ln(exp(-phi/omega) + expShift(J))`, clamped to
 * `phiThreshold` where the kick reaches threshold. LIF has it with
 * `expShift(J) = -J/I`.
 *
 * Then free evolution is a common scale factor of every `w` and an input a
 * multiply-add, so the engine needs no `exp`/`log` per input
 * ({@link ExpKeySimulator}).
 */
export interface ExpKeyModel extends NeuronModel {
  /** The translation of `w = exp(-phi/omega)` caused by a voltage jump `J` (positive for inhibition). */
  expShift(J: number): number;
}

/** True when `model` offers the {@link ExpKeyModel} capability and is homogeneous. */
export function isExpKeyModel(model: NeuronModel): model is ExpKeyModel {
  return model.homogeneous && typeof (model as Partial<ExpKeyModel>).expShift === 'function';
}
