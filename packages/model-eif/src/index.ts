/**
 * Exponential integrate-and-fire model plugin for SparseProp (its phase
 * tables come from `@sparseprop/numerics`).
 * @packageDocumentation
 */
export { EifModel } from './eif-model.js';
export { EIF_DEFAULTS, EIF_MAX_DT, EIF_MAX_IEXT, EIF_MAX_V_PEAK, EIF_MAX_VT_OVER_DT, EIF_MIN_DT, tonicDriveThreshold, type EifParameters } from './eif-parameters.js';
export { eif, registerEif } from './plugin.js';
