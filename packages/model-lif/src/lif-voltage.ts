import { InvalidParameterError, type VoltageDynamics } from '@sparseprop/core/plugin';

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
    return current + (v0 - current) * Math.exp(-dt);
  }

  timeToThreshold(v0: number, iext: number): number {
    if (v0 >= 1) return 0;
    const current = 1 + iext;
    if (current <= 1) return Infinity;
    return Math.log((current - v0) / (current - 1));
  }
}
