/**
 * Layout constants shared by the table builder, the table and the
 * drive-interpolated tables. Every table is a set of uniform panels, each
 * holding one polynomial in the panel coordinate u in [-1, 1], fitted as a
 * Chebyshev series and stored as monomials (see numerics/polynomial.ts).
 */

import { POLYNOMIAL_LENGTH } from '../series/polynomial.js';

/** Degree of the Chebyshev interpolant of the integrand 1/F on one panel (DEGREE + 1 samples); its integral has degree 17. */
export const DEGREE = 16;
/** Coefficients per forward panel (monomials in the panel coordinate). */
export const FORWARD_LENGTH = POLYNOMIAL_LENGTH;
/** Coefficients per inverse panel: an interpolant through POLYNOMIAL_LENGTH Chebyshev points. */
export const INVERSE_LENGTH = POLYNOMIAL_LENGTH;

/**
 * The forward table has two parts meeting at the joint `vJoint`: uniform
 * panels in V on [vJoint, vTop], and below the joint uniform panels in
 * `y = ln(1 + (vJoint - V)/s)`, s = F(vJoint) min(1, T(vJoint)), up to `Y_END`
 * (V ≈ vJoint - 2.4e17 s; for a leak T grows about linearly in y). Beyond, the
 * time to peak is extended linearly in y with the exact slope
 * `dT/dy = e^y / F(V)` (exact to rounding for a leak `F ≈ -aV + b`, whose
 * correction terms are e^-40 ≈ 4e-18 relative).
 */
export const Y_END = 40;

/**
 * The joint is the reset, unless the reset lies far below the structure of
 * F (see jointOf: `JOINT_SPAN` below four times the span from F's minimum to
 * the top): uniform V panels fine enough for the spike's exponential would
 * be wasted on a long leaky stretch, which the y panels (geometric in V)
 * cover with a few dozen.
 */
export const JOINT_SPAN = 16;

/**
 * The inverse tables run in `z = ln(1 - phi)`: V(z) from `Z_TOP` up to the
 * joint's z, y(z) above it. The largest double below 1 is `1 - 2^-53`, so
 * every phase < 1 has `z ≥ -53 ln 2 > Z_TOP`.
 */
export const Z_TOP = -54 * Math.LN2;

/**
 * Most phases a network sees lie in [0, 1 - S_LOW] (the reference network:
 * 98%). There a third inverse table, uniform in `s = 1 - phi` on
 * [S_LOW, 1], gives V without a logarithm; V(s) is singular only at s = 0
 * (like ln s), 8 panel half-widths away at most, so few panels suffice.
 */
export const S_LOW = 1 / 8;

/**
 * Above `vTop` the time to peak is below `2^-58` periods, so the phase
 * `1 - T/period` rounds to exactly 1: such voltages are at threshold.
 */
export const TOP_FRACTION = 2 ** -58;

/** Largest number of panels a table may use before the rhs is declared too steep to tabulate. */
export const MAX_PANELS = 1 << 14;
