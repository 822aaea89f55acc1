/**
 * Leaky integrate-and-fire neuron model plugin for SparseProp.
 * @packageDocumentation
 */
export { LifModel } from './lif-model.js';
export { LifVoltageDynamics } from './lif-voltage.js';
export { lif, registerLif } from './plugin.js';
