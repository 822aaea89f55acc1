/**
 * Chebyshev-series PTCs for SparseProp: any one-dimensional
 * integrate-and-fire model — with a closed form, a quadrature table, or
 * nothing but its right-hand side F(V) — gets a PTC evaluated as one
 * polynomial by Clenshaw's recurrence (docs/algorithm.md §2, "Chebyshev PTC").
 * @packageDocumentation
 */
export { ChebyshevPtcModel, type ChebyshevPtcOptions, type PtcFitSummary, type PtcFitting } from './chebyshev-ptc-model.js';
export { chebyshev, registerChebyshevVariants, CHEBYSHEV_PREFIX, FIT_PARAMETERS } from './plugin.js';
export { fromRightHandSide, type RightHandSideSpec } from './from-right-hand-side.js';
export { type FitOptions, DEFAULT_FIT_OPTIONS, MIN_SURFACE_DEGREE, resolveFitOptions } from './fit/fit-options.js';
export { ChebyshevFitError } from './fit/chebyshev-fit-error.js';
export { PiecewiseChebyshev } from './fit/piecewise-chebyshev.js';
export { PiecewiseTensorChebyshev } from './fit/piecewise-tensor-chebyshev.js';
export { clenshaw, clenshawDerivative } from '@sparseprop/numerics';
