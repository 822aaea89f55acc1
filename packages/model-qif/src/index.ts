/**
 * Quadratic integrate-and-fire (theta neuron) model plugin for SparseProp.
 * @packageDocumentation
 */
export { QifModel } from './qif-model.js';
export { qif, registerQif } from './plugin.js';
