import { InvalidParameterError, requireInteger } from '@sparseprop/core/plugin';

/** How closely and how cheaply a PTC is fitted. */
export interface FitOptions {
  /**
   * Largest absolute error allowed, in phase units (dimensionless), in
   * [1e-15, 1e-2]. Default 1e-12: about 4500 ulps of a phase near 1, far
   * above the rounding of Clenshaw's sum (a few ulps of the largest
   * coefficient) and far below any error a spike train could show.
   */
  readonly tolerance: number;
  /**
   * Largest polynomial degree of one piece of a 1-D fit, integer in
   * [4, 256]. A piece that needs more is split in two, so this trades
   * evaluation cost (one Clenshaw step, ~2.5 ns, per degree per call)
   * against the number of pieces (memory, fit time). Default 8: pieces of
   * degree 5–8, measured fastest for LIF and EIF. 2-D patches use at least
   * {@link MIN_SURFACE_DEGREE} per axis.
   */
  readonly maxDegree: number;
  /** Most pieces (1-D) or patches (2-D) one fit may use, integer ≥ 1; beyond, the fit fails with {@link ChebyshevFitError}. */
  readonly maxPieces: number;
}

/** Defaults of {@link FitOptions}. */
export const DEFAULT_FIT_OPTIONS: FitOptions = { tolerance: 1e-12, maxDegree: 8, maxPieces: 4096 };

/**
 * Smallest per-axis degree cap of a 2-D patch. A patch near a singularity
 * must be smaller than its distance to it by about tolerance^(-1/degree);
 * in 2-D the patch count grows with the square of that ratio, so low
 * degrees there cost thousands of patches (measured: LIF at iext = 0.02
 * needs > 4096 patches at degree 8, 24–80 at degree 16).
 */
export const MIN_SURFACE_DEGREE = 16;

/**
 * Range of {@link FitOptions.tolerance}: below 1e-14 the rounding of the
 * sampled PTC and of Clenshaw's sum (a few ulps of phases up to pi) is as
 * large as the tolerance.
 */
export const TOLERANCE_RANGE: readonly [number, number] = [1e-14, 1e-2];
/** Range of {@link FitOptions.maxDegree}: the resolution test reads the last three coefficients, so fewer than 5 leave nothing to fit with. */
export const MAX_DEGREE_RANGE: readonly [number, number] = [4, 256];

/** Fill defaults and validate, naming the offending option. */
export function resolveFitOptions(given: Partial<FitOptions> = {}): FitOptions {
  const tolerance = given.tolerance ?? DEFAULT_FIT_OPTIONS.tolerance;
  if (typeof tolerance !== 'number' || !(tolerance >= TOLERANCE_RANGE[0] && tolerance <= TOLERANCE_RANGE[1])) {
    throw new InvalidParameterError('tolerance', tolerance, `a number in [${TOLERANCE_RANGE[0]}, ${TOLERANCE_RANGE[1]}] (absolute PTC error, phase units)`);
  }
  const maxDegree = requireInteger('maxDegree', given.maxDegree ?? DEFAULT_FIT_OPTIONS.maxDegree, MAX_DEGREE_RANGE[0], MAX_DEGREE_RANGE[1]);
  const maxPieces = requireInteger('maxPieces', given.maxPieces ?? DEFAULT_FIT_OPTIONS.maxPieces, 1, 1 << 20);
  return { tolerance, maxDegree, maxPieces };
}
