/**
 * Exponential integrate-and-fire model plugin for SparseProp, and the
 * generic quadrature-built integrate-and-fire model behind it.
 * @packageDocumentation
 */
export { QuadratureModel, type IntegrateAndFireSpec } from './quadrature-model.js';
export { EifModel } from './eif-model.js';
export { EIF_DEFAULTS, tonicDriveThreshold, type EifParameters } from './eif-parameters.js';
export { eif, registerEif } from './plugin.js';
export type { PhaseTable } from './phase-table.js';
