import type { SpikeTrainComparison } from './compare-spike-trains.js';

/**
 * Counts how property runs ended, so that a suite can assert that most runs
 * compared whole trains (a property that always stopped at an early tie
 * would check little).
 */
export class EquivalenceTally {
  full = 0;
  tie = 0;

  /** True when `cmp` is an agreement: whole train identical, or parted at a rounding tie. */
  accept(cmp: SpikeTrainComparison): boolean {
    if (cmp.identicalPrefix === cmp.compared) {
      this.full++;
      return true;
    }
    if (cmp.divergedAtTie) {
      this.tie++;
      return true;
    }
    return false;
  }

  /** Fraction of accepted runs that compared the whole train. */
  get fullFraction(): number {
    return this.full / Math.max(1, this.full + this.tie);
  }
}
