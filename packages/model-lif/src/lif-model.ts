import { type ExpKeyModel, layOutDrives } from '@sparseprop/core/plugin';

/**
 * Leaky integrate-and-fire neuron, `dV/dt = -V + I` with `I = 1 + iext`,
 * threshold 1, reset 0 (docs/algorithm.md §2), in the phase representation with one free
 * period mapped to phase 0 → 1:
 *
 * - `omega = 1 / ln(1 + 1/iext)`
 * - `V(phi) = I (1 - exp(-phi/omega))`, `phi(V) = -omega ln(1 - V/I)`
 * - `ptc(phi, J) = -omega ln(exp(-phi/omega) - J/I)`
 *
 * In `w = exp(-phi/omega)` a kick is the translation `w -> w - J/I`
 * ({@link ExpKeyModel}), which the exponential-key engine uses.
 *
 * Phases go below 0 under inhibition (unbounded below). Per-neuron drives are
 * stored in arrays read at `i * stride` (stride 0 when homogeneous), so both
 * cases run the same code.
 */
export class LifModel implements ExpKeyModel {
  readonly name = 'lif';
  readonly size: number;
  readonly homogeneous: boolean;
  readonly phiThreshold = 1;
  readonly phiReset = 0;
  readonly phiMin = -Infinity;
  readonly vThreshold = 1;
  readonly vReset = 0;
  private readonly stride: number;
  /** Phase velocity per neuron (length 1 when homogeneous). */
  private readonly omegas: Float64Array;
  /** -1/omega per neuron. */
  private readonly minusInvOmegas: Float64Array;
  /** Total drive I = 1 + iext per neuron. */
  private readonly currents: Float64Array;
  /** exp(-phiThreshold/omega) = iext/I: the PTC argument at which a kick reaches threshold. */
  private readonly thresholdArgs: Float64Array;

  /**
   * @param size number of neurons, integer ≥ 1
   * @param drive external drive `iext` (dimensionless, > 0 for tonic firing):
   *   one number for all neurons or one per neuron (length `size`)
   */
  constructor(size: number, drive: number | Float64Array) {
    const { drives, stride, homogeneous } = layOutDrives(
      size,
      drive,
      'a finite number > 0 (LIF fires tonically only when I = 1 + iext exceeds threshold 1)',
    );
    const count = drives.length;
    this.size = size;
    this.homogeneous = homogeneous;
    this.stride = stride;
    this.omegas = new Float64Array(count);
    this.minusInvOmegas = new Float64Array(count);
    this.currents = new Float64Array(count);
    this.thresholdArgs = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      const iext = drives[k];
      // same operations as the reference (and the C anchor), so spike trains agree bit for bit
      const omega = 1.0 / Math.log(1.0 + 1.0 / iext);
      this.omegas[k] = omega;
      this.minusInvOmegas[k] = -1.0 / omega;
      this.currents[k] = 1.0 + iext;
      this.thresholdArgs[k] = iext / (1.0 + iext);
    }
  }

  omega(i: number): number {
    return this.omegas[i * this.stride];
  }

  voltage(phi: number, i: number): number {
    const k = i * this.stride;
    return this.currents[k] * (1 - Math.exp(phi * this.minusInvOmegas[k]));
  }

  phase(v: number, i: number): number {
    if (v >= 1) return 1;
    const k = i * this.stride;
    return -this.omegas[k] * Math.log(1 - v / this.currents[k]);
  }

  ptc(phi: number, J: number, i: number): number {
    const k = i * this.stride;
    const arg = Math.exp(phi * this.minusInvOmegas[k]) - J / this.currents[k];
    if (arg <= this.thresholdArgs[k]) return 1; // the kick reaches threshold: spike now
    return -this.omegas[k] * Math.log(arg);
  }

  /** `-J/I`: the translation of `w = exp(-phi/omega)` by a jump J (homogeneous models; neuron 0's drive). */
  expShift(J: number): number {
    return -J / this.currents[0];
  }

  dPtcDPhi(phi: number, J: number, i: number): number {
    const k = i * this.stride;
    const e = Math.exp(phi * this.minusInvOmegas[k]);
    const arg = e - J / this.currents[k];
    return arg <= this.thresholdArgs[k] ? 0 : e / arg;
  }

  dPtcDJ(phi: number, J: number, i: number): number {
    const k = i * this.stride;
    const arg = Math.exp(phi * this.minusInvOmegas[k]) - J / this.currents[k];
    return arg <= this.thresholdArgs[k] ? 0 : this.omegas[k] / (this.currents[k] * arg);
  }
}
