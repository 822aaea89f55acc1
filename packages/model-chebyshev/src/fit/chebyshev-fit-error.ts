import { SparsePropError } from '@sparseprop/core';

/**
 * A PTC could not be fitted to the requested tolerance: pieces of at most
 * `maxDegree` would have been needed beyond the budget, or the function gave
 * a non-finite value. The message names the function, the interval and the
 * options, and what to change.
 */
export class ChebyshevFitError extends SparsePropError {
  override readonly name = 'ChebyshevFitError';
  constructor(
    /** What was being fitted, e.g. `"ptc(phi, J = -0.1) of lif"`. */
    readonly what: string,
    /** Why it failed. */
    readonly problem: string,
  ) {
    super(`cannot fit ${what}: ${problem}`);
  }
}
