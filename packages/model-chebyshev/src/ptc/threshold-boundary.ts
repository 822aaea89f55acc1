import type { NeuronModel } from '@sparseprop/core';
import { ChebyshevFitError } from '../fit/chebyshev-fit-error.js';

/**
 * The phase `phi*(J)` from which a kick `J` reaches threshold:
 * `phase(vThreshold - J)`, so `ptc(phi, J) = phiThreshold` exactly for
 * `phi ≥ phi*(J)`. It is `phiThreshold` for `J ≤ 0` and for models whose
 * threshold voltage is infinite (QIF: a finite kick never reaches +inf).
 */
export function thresholdBoundary(base: NeuronModel, J: number): number {
  const v = base.vThreshold - J;
  if (J <= 0 || v === Infinity) return base.phiThreshold;
  const b = base.phase(v, 0);
  if (Number.isNaN(b)) throw new ChebyshevFitError(`the threshold boundary of ${base.name} for J = ${J}`, `phase(${v}) is NaN`);
  return Math.min(b, base.phiThreshold);
}
