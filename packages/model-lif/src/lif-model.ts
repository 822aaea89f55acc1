import { type ExpKeyModel, InvalidParameterError, layOutDrives } from '@sparseprop/core/plugin';

/**
 * Smallest LIF drive `iext` the phase engines accept. The drive enters the
 * voltage map through `I = 1 + iext`, which holds `iext` only to a relative
 * `eps / iext` (`eps = 2^-52`); the O(N) reference (and the voltage map of
 * any checker) resolves phases near threshold to that same fraction of the
 * period. At 1e-6 this is 2.2e-10, under the 1e-9 relative spike-time
 * tolerance every engine is tested to. Below about 1e-16 `I` rounds to
 * exactly 1: the neuron no longer fires, yet `omega` says it does.
 */
export const LIF_MIN_IEXT = 1e-6;

/**
 * Largest LIF drive `iext` the phase engines accept. The free period is
 * `ln(1 + 1/iext)` (about `1/iext`), so the exponential keys
 * `w = exp(-phi/omega)` of the default engines (JS and WebAssembly) all lie
 * within ~`1/iext` of 1 and resolve a phase to `eps * omega`, about
 * `eps * iext` of the period, and the phase/voltage maps lose the same. The
 * engine-to-reference spike-time difference grows as ~1.6e-13 * iext
 * (measured, N = 1000, K = 100, 2000 spikes: 1.6e-10 at 1e3, 2.6e-8 at 1e5,
 * 1.6e-3 at 1e10, NaN from 1e16 where `1 + 1/iext` rounds to 1): 1e3 keeps
 * it 6x under the 1e-9 tolerance.
 */
export const LIF_MAX_IEXT = 1e3;

/** The allowed drives, as error messages state them. */
const LIF_DRIVE_RANGE = `a number in [${LIF_MIN_IEXT}, ${LIF_MAX_IEXT}] for lif (LIF fires only for iext > 0; outside this range its phase arithmetic cannot keep spike times to 1e-9 relative)`;

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
   * @param drive external drive `iext` (dimensionless), in
   *   [{@link LIF_MIN_IEXT}, {@link LIF_MAX_IEXT}]: one number for all neurons
   *   or one per neuron (length `size`)
   * @throws InvalidParameterError naming `iext` (or `iext of neuron i`) and the range
   */
  constructor(size: number, drive: number | Float64Array) {
    const { drives, stride, homogeneous } = layOutDrives(size, drive, LIF_DRIVE_RANGE);
    for (let k = 0; k < drives.length; k++) {
      const iext = drives[k];
      if (!(iext >= LIF_MIN_IEXT && iext <= LIF_MAX_IEXT)) throw new InvalidParameterError(homogeneous ? 'iext' : `iext of neuron ${k}`, iext, LIF_DRIVE_RANGE);
    }
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
