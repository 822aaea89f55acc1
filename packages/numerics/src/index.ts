/**
 * Shared numerics for SparseProp models: Chebyshev series (interpolation at
 * first-kind points, Clenshaw evaluation, truncation), adaptive
 * Gauss–Legendre quadrature, and {@link QuadratureModel}, an
 * integrate-and-fire model built from its right-hand side `F(V)` alone.
 * Models depend on `@sparseprop/core` and this package only.
 * @packageDocumentation
 */
export { chebyshevNodes, interlacedPoints, chebyshevCoefficients, chebyshevCoefficientsDirectAngles } from './series/chebyshev-transform.js';
export { clenshaw, clenshawDerivative } from './series/clenshaw.js';
export { chopDegree, tailMagnitude } from './series/chop.js';
export { roundingNoise } from './series/rounding-noise.js';
export { antiderivative, valueAtLeft, valueAtRight, chebyshevBasis, dotBasis } from './series/chebyshev-series.js';
export { chebyshevToMonomial, evaluatePolynomial, evaluateWithDerivative, POLYNOMIAL_LENGTH } from './series/polynomial.js';
export { adaptiveIntegrate, type QuadraturePiece } from './quadrature/adaptive-quadrature.js';
export { gaussLegendre, integrateWithRule, type GaussRule } from './quadrature/gauss-legendre.js';
export { QuadratureModel, type IntegrateAndFireSpec } from './model-from-rhs/quadrature-model.js';
export { buildPhaseTable } from './model-from-rhs/build-phase-table.js';
export { buildDriveFamily } from './model-from-rhs/build-drive-family.js';
export type { PhaseTable } from './model-from-rhs/phase-table.js';
export type { DriveFamily } from './model-from-rhs/drive-family.js';
