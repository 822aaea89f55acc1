/**
 * Quadratic integrate-and-fire (theta neuron) model plugin for SparseProp.
 * @packageDocumentation
 */
export { QifModel, QIF_MIN_IEXT } from './qif-model.js';
export { QifVoltageDynamics } from './qif-voltage.js';
export { qif, registerQif } from './plugin.js';
