/**
 * Leaky integrate-and-fire neuron model plugin for SparseProp.
 * @packageDocumentation
 */
export { LifModel, LIF_MIN_IEXT, LIF_MAX_IEXT } from './lif-model.js';
export { LifVoltageDynamics } from './lif-voltage.js';
export { lif, registerLif } from './plugin.js';
