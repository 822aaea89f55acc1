import { InvalidParameterError, type NeuronModel, requireFinite } from '@sparseprop/core/plugin';
import { buildPhaseTable } from './build-phase-table.js';
import type { PhaseTable } from './phase-table.js';

/** A one-dimensional integrate-and-fire neuron `dV/dt = F(V)`, reset at vReset when V reaches vPeak. */
export interface IntegrateAndFireSpec {
  /**
   * Right-hand side F(V) of dV/dt = F(V), drive included (dimensionless
   * voltage per unit of dimensionless time). Must be > 0 on [vReset, vPeak]
   * (tonic firing) and also below vReset, where inhibition takes V. May
   * return +Infinity (e.g. an exponential that overflowed), never NaN.
   */
  rhs: (v: number) => number;
  /** Reset voltage (finite). */
  vReset: number;
  /** Spike cut-off voltage (finite, > vReset). */
  vPeak: number;
  /** Model name reported by {@link QuadratureModel.name}; default `"quadrature"`. */
  name?: string;
}

/**
 * Any one-dimensional integrate-and-fire model in the phase representation
 * of docs/algorithm.md §2, built by quadrature: `T(V) = ∫_V^vPeak dV'/F(V')`,
 * `omega = 1/T(vReset)`, `phi(V) = 1 - omega T(V)`, reset phase 0,
 * threshold phase 1.
 *
 * `T` and its inverse are piecewise Chebyshev tables (see PhaseTable),
 * accurate to a few ulps in T (relative) and to about 1e-14 in the phase
 * after any kick; `ptc(phi, J)` is `phase(voltage(phi) + J)` on the tables.
 * Voltages at or above `vTop` (where less than 2^-58 of a period is left)
 * have phase exactly 1. Below the reset the table reaches V ≈ vReset - 2.4e17 s
 * (s ~ F(vReset)) and continues linearly in `ln|V|` (exact for a leak), so
 * every voltage, -Infinity included (clamped), has a finite phase; the
 * lowest, phase(-Infinity), is `phiMin`.
 *
 * Homogeneous: every neuron shares the table.
 */
export class QuadratureModel implements NeuronModel {
  readonly name: string;
  readonly size: number;
  readonly homogeneous = true;
  readonly phiThreshold = 1;
  readonly phiReset = 0;
  readonly phiMin: number;
  readonly vThreshold: number;
  readonly vReset: number;
  /** The tables behind the maps (period, vTop, time to peak). */
  readonly table: PhaseTable;
  private readonly rhs: (v: number) => number;
  private readonly omegaValue: number;
  private readonly vTop: number;

  /**
   * Build the tables (a few tens of milliseconds).
   * @param spec the right-hand side, reset and cut-off
   * @param size number of neurons N, integer ≥ 1
   * @throws InvalidParameterError for a non-integer size, non-finite voltages,
   *   vPeak ≤ vReset, or F ≤ 0 (or NaN) anywhere the tables look
   */
  constructor(spec: IntegrateAndFireSpec, size: number) {
    if (!Number.isInteger(size) || size < 1) throw new InvalidParameterError('n', size, 'an integer ≥ 1');
    if (typeof spec.rhs !== 'function') throw new InvalidParameterError('rhs', typeof spec.rhs, 'a function F(V)');
    const vReset = requireFinite('vReset', spec.vReset);
    if (typeof spec.vPeak !== 'number' || !Number.isFinite(spec.vPeak) || !(spec.vPeak > vReset)) {
      throw new InvalidParameterError('vPeak', spec.vPeak, `a finite number > vReset = ${vReset}`);
    }
    this.name = spec.name ?? 'quadrature';
    this.size = size;
    this.rhs = spec.rhs;
    this.vReset = vReset;
    this.vThreshold = spec.vPeak;
    this.table = buildPhaseTable(spec.rhs, vReset, spec.vPeak);
    this.omegaValue = this.table.omega;
    this.vTop = this.table.vTop;
    this.phiMin = this.table.phase(-Infinity); // the clamped bottom: every phase() result is ≥ this
  }

  omega(_i: number): number {
    return this.omegaValue;
  }

  voltage(phi: number, _i: number): number {
    return this.table.voltage(phi);
  }

  phase(v: number, _i: number): number {
    return this.table.phase(v);
  }

  /** Time left to the peak from voltage `v` without input (dimensionless): `(1 - phase(v)) / omega`, relative accuracy ~1e-15. */
  timeToPeak(v: number): number {
    return this.table.timeToPeak(v);
  }

  ptc(phi: number, J: number, _i: number): number {
    return this.table.phase(this.table.voltage(phi) + J);
  }

  /** `F(V)/F(V + J)` with `V = voltage(phi)`; 0 when the kick reaches vTop. */
  dPtcDPhi(phi: number, J: number, _i: number): number {
    const v = this.table.voltage(phi);
    if (v + J >= this.vTop) return 0;
    // clamped like phase(): rhs(-Infinity) could make Infinity/Infinity at phi = 1
    return this.rhs(v) / this.rhs(Math.max(v + J, -Number.MAX_VALUE));
  }

  /** `omega/F(V + J)` with `V = voltage(phi)`; 0 when the kick reaches vTop. */
  dPtcDJ(phi: number, J: number, _i: number): number {
    const target = this.table.voltage(phi) + J;
    if (target >= this.vTop) return 0;
    return this.omegaValue / this.rhs(Math.max(target, -Number.MAX_VALUE));
  }
}
