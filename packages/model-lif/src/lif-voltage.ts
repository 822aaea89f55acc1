import { InvalidParameterError, type VoltageDynamics } from '@sparseprop/core/plugin';

/** The largest double below the threshold 1. */
const BELOW_THRESHOLD = 1 - 2 ** -53;

/**
 * Exact voltage-space dynamics of the leaky integrate-and-fire neuron
 * `dV/dt = -V + I`, `I = 1 + iext` (time in units of tau), threshold 1,
 * reset `vReset` (threshold units):
 *
 * - free evolution `V(t) = I + (V0 - I) e^{-t}`
 * - time to threshold `ln((I - V0) / (I - 1))` when `I > 1`, else `+Infinity`
 *   (a neuron with `I ≤ 1` relaxes towards `I` and fires only from input).
 *
 * @example
 * const lif = new LifVoltageDynamics(0.5);
 * lif.freeVoltage(0, Math.LN2, 0);   // I = 1: 1 + (0 - 1) / 2 = 0.5
 * lif.timeToThreshold(0, 1);         // I = 2: ln 2
 * lif.timeToThreshold(0, -0.5);      // I = 0.5 < 1: Infinity
 */
export class LifVoltageDynamics implements VoltageDynamics {
  readonly name = 'lif';
  readonly vThreshold = 1;
  readonly vReset: number;

  /** @param vReset reset voltage, finite and < 1 (threshold units); default 0 */
  constructor(vReset = 0) {
    if (typeof vReset !== 'number' || !Number.isFinite(vReset) || vReset >= 1) {
      throw new InvalidParameterError('vReset', vReset, 'a finite number < 1 (the LIF threshold)');
    }
    this.vReset = vReset;
  }

  freeVoltage(v0: number, dt: number, iext: number): number {
    if (dt === 0) return v0;
    const current = 1 + iext;
    const v = current + (v0 - current) * Math.exp(-dt);
    // With I ≤ 1 a voltage below threshold stays below it forever (it relaxes towards I), but
    // I + (v0 - I) e^{-dt} rounds to exactly 1 once (1 - v0) e^{-dt} falls under half an ulp (I = 1:
    // a drive of 0, or within 1e-16 of it). That rounding would fire the neuron at whichever event
    // happened to advance it, a time set by rounding alone (the engine and the O(N) reference advance
    // at different events and disagreed by 1.8e-4 s). Keep the exact ordering: the largest double below 1.
    return v >= 1 && current <= 1 && v0 < 1 ? BELOW_THRESHOLD : v; // the rare test first: one comparison in the common case
  }

  timeToThreshold(v0: number, iext: number): number {
    if (v0 >= 1) return 0;
    const current = 1 + iext;
    if (current <= 1) return Infinity;
    return Math.log((current - v0) / (current - 1));
  }
}
