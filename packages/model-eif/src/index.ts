/**
 * Exponential integrate-and-fire model plugin for SparseProp (its phase
 * tables come from `@sparseprop/numerics`).
 * @packageDocumentation
 */
export { EifModel } from './eif-model.js';
export { EIF_DEFAULTS, tonicDriveThreshold, type EifParameters } from './eif-parameters.js';
export { eif, registerEif } from './plugin.js';
