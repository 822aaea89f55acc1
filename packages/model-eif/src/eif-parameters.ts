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

/**
 * Smallest slope factor `dT` accepted. The tables must resolve the peak of
 * `1/F` at VT, about `sqrt(2 dT min F)` wide, with uniform voltage panels over
 * `[vReset, VT + ~40 dT]`: measured, dT = 1e-3 tabulates (period and phases
 * within 1.3e-14 of an ODE solution at the reference reset and cut-off,
 * drive VT - dT + 1e-3) and dT = 1e-4 exceeds the 16384 panels.
 */
export const EIF_MIN_DT = 1e-3;
/** Largest slope factor `dT` accepted (measured: 1e6 keeps the period within 2.2e-16 of the ODE's). */
export const EIF_MAX_DT = 1e6;
/**
 * Largest `|VT| / dT`. The exponent `(V - VT)/dT` is computed from voltages
 * near VT, each rounded to `eps |VT|`, so it errs by about `eps |VT| / dT`
 * (`eps = 2^-52`), and so does the period: measured against an ODE
 * solution, 4e-15 at |VT|/dT = 100, 1e-13 at 1e3, 4.5e-12 at 1e4 (beyond the
 * 1e-12 the PTC is tested to). 1e3 keeps a 10x margin.
 */
export const EIF_MAX_VT_OVER_DT = 1e3;
/**
 * Largest spike cut-off `vPeak`. Above it the search for the top of the
 * table (where less than 2^-58 of a period is left) meets `Infinity -
 * Infinity`: measured, 1e60 tabulates, 1e80 gives NaN voltages. Beyond a
 * few dT above VT the cut-off changes the period by less than a double can
 * show (the reference 1000 and 1e50 give the same period), so nothing is lost.
 */
export const EIF_MAX_V_PEAK = 1e50;
/**
 * Largest drive `iext` accepted. The tables work relative to the period
 * (about 1/iext), so precision does not depend on the drive: measured up to
 * 1e290, every period within 7e-15 of an ODE solution and the engines within
 * 8e-15 of the O(N) reference; at 1e295 the period (~1e-294) leaves too few
 * normal doubles below it to tabulate. 1e100 keeps 190 orders of margin
 * (and spike times, `tau` times the period, far from underflow).
 */
export const EIF_MAX_IEXT = 1e100;

/** Fill defaults and check every parameter; errors name the parameter and its range. */
export function resolveEifParameters(given: Partial<EifParameters> = {}): EifParameters {
  const dT = given.dT ?? EIF_DEFAULTS.dT;
  if (typeof dT !== 'number' || !(dT >= EIF_MIN_DT && dT <= EIF_MAX_DT)) throw new InvalidParameterError('dT', dT, `a number in [${EIF_MIN_DT}, ${EIF_MAX_DT}] (where the EIF tables keep 1e-12 in phase)`);
  const VT = requireFinite('VT', given.VT ?? EIF_DEFAULTS.VT);
  if (!(Math.abs(VT) <= EIF_MAX_VT_OVER_DT * dT)) {
    throw new InvalidParameterError('VT', VT, `a number in [-${EIF_MAX_VT_OVER_DT} dT, ${EIF_MAX_VT_OVER_DT} dT] = [${-EIF_MAX_VT_OVER_DT * dT}, ${EIF_MAX_VT_OVER_DT * dT}] (the exponent (V - VT)/dT loses eps |VT|/dT; beyond, phases lose 1e-12)`);
  }
  const vReset = requireFinite('vReset', given.vReset ?? EIF_DEFAULTS.vReset);
  const vPeak = given.vPeak ?? EIF_DEFAULTS.vPeak;
  if (typeof vPeak !== 'number' || !(vPeak > vReset && vPeak <= EIF_MAX_V_PEAK)) {
    throw new InvalidParameterError('vPeak', vPeak, `a number in (vReset, ${EIF_MAX_V_PEAK}] = (${vReset}, ${EIF_MAX_V_PEAK}]`);
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
  return `a number in (${tonicDriveThreshold(p)}, ${EIF_MAX_IEXT}] (above it min F = F(VT) = dT - VT + iext > 0, tonic firing; below it the EIF has a stable rest point)`;
}

/**
 * How table errors name the drive: `iext`, with the other parameters when
 * they are not the reference ones (a table that cannot be built is a property
 * of all of them together).
 */
export function driveParameterName(p: EifParameters): string {
  const d = EIF_DEFAULTS;
  if (p.dT === d.dT && p.VT === d.VT && p.vReset === d.vReset && p.vPeak === d.vPeak) return 'iext';
  return `iext (with dT = ${p.dT}, VT = ${p.VT}, vReset = ${p.vReset}, vPeak = ${p.vPeak})`;
}
