import { InvalidParameterError, requireFinite } from '@sparseprop/core/plugin';

/** Parameters of the exponential integrate-and-fire neuron (all dimensionless voltages). */
export interface EifParameters {
  /** Slope factor ΔT of the exponential, > 0. Reference 0.1. */
  dT: number;
  /** Soft threshold V_T, where F is smallest. Reference 0. */
  VT: number;
  /** Reset voltage. Reference -1. */
  vReset: number;
  /** Spike cut-off, > vReset. Reference 1000 (the time from there to the divergence is negligible). */
  vPeak: number;
}

/** The reference values of docs/algorithm.md §2. */
export const EIF_DEFAULTS: Readonly<EifParameters> = { dT: 0.1, VT: 0, vReset: -1, vPeak: 1000 };

/** Fill defaults and check every parameter; errors name the parameter and its range. */
export function resolveEifParameters(given: Partial<EifParameters> = {}): EifParameters {
  const dT = given.dT ?? EIF_DEFAULTS.dT;
  if (typeof dT !== 'number' || !Number.isFinite(dT) || !(dT > 0)) throw new InvalidParameterError('dT', dT, 'a finite number > 0');
  const VT = requireFinite('VT', given.VT ?? EIF_DEFAULTS.VT);
  const vReset = requireFinite('vReset', given.vReset ?? EIF_DEFAULTS.vReset);
  const vPeak = given.vPeak ?? EIF_DEFAULTS.vPeak;
  if (typeof vPeak !== 'number' || !Number.isFinite(vPeak) || !(vPeak > vReset)) {
    throw new InvalidParameterError('vPeak', vPeak, `a finite number > vReset = ${vReset}`);
  }
  return { dT, VT, vReset, vPeak };
}

/** `F(V) = -V + dT exp((V - VT)/dT) + drive`, the EIF right-hand side (+Infinity once the exponential overflows). */
export function eifRhs(p: EifParameters, drive: number): (v: number) => number {
  const { dT, VT } = p;
  return (v) => -v + dT * Math.exp((v - VT) / dT) + drive;
}

/**
 * The smallest drive that still fires tonically: F is smallest at
 * `V* = min(VT, vPeak)` on (-∞, vPeak], so F > 0 there iff
 * `drive > V* - dT exp((V* - VT)/dT)` (= VT - dT for the usual VT < vPeak).
 */
export function tonicDriveThreshold(p: EifParameters): number {
  const vStar = Math.min(p.VT, p.vPeak);
  return vStar - p.dT * Math.exp((vStar - p.VT) / p.dT);
}

/** Range text of the drive for errors. */
export function driveRequirement(p: EifParameters): string {
  return `a finite number > ${tonicDriveThreshold(p)} (min F = F(VT) = dT - VT + iext must be > 0 for tonic firing; below it the EIF has a stable rest point)`;
}
