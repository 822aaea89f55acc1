import { InvalidParameterError } from '@sparseprop/core';

/**
 * The integrand 1/F(V) of the time to peak, checked at every evaluation:
 * F must be > 0 (tonic firing) wherever the table looks, and +Infinity is
 * allowed (an exponential that overflowed contributes 0). Records the
 * smallest F seen, which sets how accurate the inverse map must be.
 */
export class Integrand {
  /** Smallest F evaluated so far. */
  fMin = Infinity;

  constructor(
    private readonly rhs: (v: number) => number,
    /** Parameter name used in errors, e.g. `"rhs"` or `"iext"`. */
    private readonly parameter: string,
    /** Range text used in errors. */
    private readonly requirement: string,
  ) {}

  /** F(v), after checking it is > 0. */
  force(v: number): number {
    const f = this.rhs(v);
    if (!(f > 0)) throw new InvalidParameterError(this.parameter, `F(${v}) = ${f}`, this.requirement);
    if (f < this.fMin) this.fMin = f;
    return f;
  }

  /** 1/F(v). */
  at(v: number): number {
    return 1 / this.force(v);
  }
}
