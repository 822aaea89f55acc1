import { InvalidParameterError, layOutDrives, type NeuronModel } from '@sparseprop/core/plugin';

const PI = Math.PI;

/**
 * Smallest QIF drive: the smallest normal double, 2^-1022. QIF arithmetic is
 * scale-free (a kick enters as `J / sqrt(I)`, time as `phase / (2 sqrt(I))`),
 * so every normal drive keeps full precision; a subnormal one has fewer
 * significant bits (5e-324 has one), and its `sqrt` and every spike time
 * with it. Spike times beyond the largest double are stopped by the
 * engines' non-finite check.
 */
export const QIF_MIN_IEXT = 2 ** -1022;

const QIF_DRIVE_RANGE = `a finite number ≥ ${QIF_MIN_IEXT} (2^-1022) for qif (QIF fires tonically only for I = iext > 0; I ≤ 0 has a stable rest state, and a subnormal drive has too few significant bits)`;

/**
 * Quadratic integrate-and-fire neuron, `dV/dt = V^2 + I` with `I = iext > 0`
 * (spike at `V = +inf`, reset to `-inf`), in the theta-neuron phase form of
 * docs/algorithm.md §2:
 *
 * - `V(phi) = sqrt(I) tan(phi/2)`, `phi(V) = 2 atan(V / sqrt(I))`, `phi` in `[-pi, pi]`
 * - `omega = 2 sqrt(I)`: one free period `2 pi / omega = pi / sqrt(I)`
 * - `ptc(phi, J) = 2 atan(tan(phi/2) + J / sqrt(I))`
 *
 * A finite kick never reaches `V = +inf`, so QIF neurons spike only by drift;
 * the PTC never returns the threshold phase for a phase below it. Phases
 * outside `[-pi, pi]` (rounding at the ends of a step) are treated as the
 * nearest end, where `tan` would otherwise wrap around its period.
 *
 * Per-neuron drives are stored in arrays read at `i * stride` (stride 0 when
 * homogeneous), so both cases run the same code.
 */
export class QifModel implements NeuronModel {
  readonly name = 'qif';
  readonly size: number;
  readonly homogeneous: boolean;
  readonly phiThreshold = PI;
  readonly phiReset = -PI;
  readonly phiMin = -PI;
  readonly vThreshold = Infinity;
  readonly vReset = -Infinity;
  private readonly stride: number;
  /** Phase velocity `2 sqrt(I)` per neuron (length 1 when homogeneous). */
  private readonly omegas: Float64Array;
  /** `sqrt(I)` per neuron: the voltage scale of the phase map. */
  private readonly sqrtDrives: Float64Array;

  /**
   * @param size number of neurons, integer ≥ 1
   * @param drive external drive `iext = I` (dimensionless, finite, > 0 for
   *   tonic firing): one number for all neurons or one per neuron (length `size`)
   */
  constructor(size: number, drive: number | Float64Array) {
    const { drives, stride, homogeneous } = layOutDrives(size, drive, QIF_DRIVE_RANGE);
    for (let k = 0; k < drives.length; k++) {
      if (!(drives[k] >= QIF_MIN_IEXT)) throw new InvalidParameterError(homogeneous ? 'iext' : `iext of neuron ${k}`, drives[k], QIF_DRIVE_RANGE);
    }
    const count = drives.length;
    this.size = size;
    this.homogeneous = homogeneous;
    this.stride = stride;
    this.omegas = new Float64Array(count);
    this.sqrtDrives = new Float64Array(count);
    for (let k = 0; k < count; k++) {
      const iext = drives[k];
      // same operations as the C anchor (omega = 2.0*sqrt(iext)), so its spike sequence is
      // reproduced; times only to libm rounding (V8's tan/atan are not glibc's)
      this.omegas[k] = 2.0 * Math.sqrt(iext);
      this.sqrtDrives[k] = Math.sqrt(iext);
    }
  }

  /** Phase velocity `2 sqrt(I_i)` of neuron `i`, per unit of dimensionless time. */
  omega(i: number): number {
    return this.omegas[i * this.stride];
  }

  /** `sqrt(I) tan(phi/2)`; `+Infinity` at `phi >= pi`, `-Infinity` at `phi <= -pi`. */
  voltage(phi: number, i: number): number {
    if (phi >= PI) return Infinity;
    if (phi <= -PI) return -Infinity;
    return this.sqrtDrives[i * this.stride] * Math.tan(phi * 0.5);
  }

  /** `2 atan(v / sqrt(I))` in `[-pi, pi]`: exactly `pi` at `v = +Infinity`, `-pi` at `-Infinity`. */
  phase(v: number, i: number): number {
    if (v === Infinity) return PI;
    return 2.0 * Math.atan(v / this.sqrtDrives[i * this.stride]);
  }

  /** `2 atan(tan(phi/2) + J/sqrt(I))`, in `[-pi, pi]`; `pi` for `phi >= pi`, `-pi` for `phi <= -pi`. */
  ptc(phi: number, J: number, i: number): number {
    if (phi >= PI) return PI; // at threshold: V = +inf stays +inf
    if (phi <= -PI) return -PI; // just reset: V = -inf stays -inf
    // c = J*2.0/omega as the C anchor writes it (= J/sqrt(I) exactly: both factors of 2 are exact)
    return 2.0 * Math.atan(Math.tan(phi * 0.5) + (J * 2.0) / this.omegas[i * this.stride]);
  }

  /**
   * ∂ptc/∂phi `= (1 + u^2) / (1 + (u + c)^2)` with `u = tan(phi/2)`, `c = J/sqrt(I)`;
   * its limit 1 at the ends `phi = ±pi` (where `u` is infinite), which hold for any phase beyond them.
   */
  dPtcDPhi(phi: number, J: number, i: number): number {
    if (phi >= PI || phi <= -PI) return 1;
    const u = Math.tan(phi * 0.5);
    const w = u + (J * 2.0) / this.omegas[i * this.stride];
    // |u| ≤ 1.7e16 for any double phi inside (-pi, pi), so 1 + u^2 stays finite; a kick so
    // large that w^2 overflows gives 0, the limit of the true (sub-1e-300) value
    return (1 + u * u) / (1 + w * w);
  }

  /** ∂ptc/∂J `= 2 / (sqrt(I) (1 + (u + c)^2))`; its limit 0 at the ends `phi = ±pi`. */
  dPtcDJ(phi: number, J: number, i: number): number {
    if (phi >= PI || phi <= -PI) return 0;
    const k = i * this.stride;
    const w = Math.tan(phi * 0.5) + (J * 2.0) / this.omegas[k];
    return 2.0 / (this.sqrtDrives[k] * (1 + w * w));
  }
}
