import type { VoltageDynamics } from '@sparseprop/core';

/**
 * Exact voltage-space dynamics of the quadratic integrate-and-fire neuron
 * `dV/dt = V^2 + I`, `I = iext` (time in units of tau): a spike when `V`
 * reaches `+Infinity`, reset to `-Infinity` (a kick at `-Infinity` changes
 * nothing, as the theta neuron's PTC at phase -pi). Closed forms:
 *
 * - `I > 0`, `s = sqrt(I)`: `V(t) = s tan(atan(V0/s) + s t)`; time to threshold `(pi/2 - atan(V0/s)) / s`
 * - `I = 0`: `V(t) = V0 / (1 - V0 t)` (`-1/t` from `-Infinity`); threshold at `1/V0` when `V0 > 0`
 * - `I < 0`, `a = sqrt(-I)` (rest at `-a`, unstable point `a`):
 *   `V(t) = -a tanh(a t - artanh(V0/a))` for `|V0| < a`,
 *   `V(t) = -a coth(a t - artanh(a/V0))` for `|V0| > a` (blow-up at `artanh(a/V0)/a` when `V0 > a`)
 *
 * Only drift reaches `+Infinity`: a finite kick never makes a QIF neuron spike at once.
 */
export class QifVoltageDynamics implements VoltageDynamics {
  readonly name = 'qif';
  readonly vThreshold = Infinity;
  readonly vReset = -Infinity;

  freeVoltage(v0: number, dt: number, iext: number): number {
    if (dt === 0) return v0;
    if (iext > 0) {
      const s = Math.sqrt(iext);
      const theta = Math.atan(v0 / s) + s * dt;
      return theta >= Math.PI / 2 ? Infinity : s * Math.tan(theta);
    }
    if (iext === 0) {
      if (v0 === -Infinity) return -1 / dt;
      const den = 1 - v0 * dt;
      return den <= 0 ? Infinity : v0 / den;
    }
    const a = Math.sqrt(-iext);
    if (v0 === a || v0 === -a) return v0;
    if (Math.abs(v0) < a) return -a * Math.tanh(a * dt - Math.atanh(v0 / a));
    const x = a * dt - Math.atanh(a / v0); // v0 = -Infinity: atanh(-0) = -0
    if (v0 > 0 && x >= 0) return Infinity; // at or past the blow-up
    return -a / Math.tanh(x);
  }

  timeToThreshold(v0: number, iext: number): number {
    if (v0 === Infinity) return 0;
    if (iext > 0) {
      const s = Math.sqrt(iext);
      return (Math.PI / 2 - Math.atan(v0 / s)) / s;
    }
    if (iext === 0) return v0 > 0 ? 1 / v0 : Infinity;
    const a = Math.sqrt(-iext);
    return v0 > a ? Math.atanh(a / v0) / a : Infinity;
  }
}
