import { dotBasis } from '../series/chebyshev-series.js';
import { evaluatePolynomial, POLYNOMIAL_LENGTH } from '../series/polynomial.js';
import { Y_END, Z_TOP } from './phase-table-layout.js';

/** The arrays of a {@link DriveFamily}; every table entry is a Chebyshev series in the drive (`nodes` coefficients). */
export interface DriveFamilyData {
  // panel arrays: for panel p and drive index k, the polynomial at [(p M + k) POLYNOMIAL_LENGTH …]
  /** Drive interval [driveLow, driveHigh] the family covers. */
  readonly driveLow: number;
  readonly driveHigh: number;
  /** Number of drive nodes M (coefficients per table entry). */
  readonly nodes: number;
  readonly vReset: number;
  readonly vPeak: number;
  /** Common joint of the V and y panels and scale of y (see PhaseTable). */
  readonly vJoint: number;
  readonly yScale: number;
  /** Common top of the upper tables (the largest vTop over the drive interval). */
  readonly vTop: number;
  readonly upperPanels: number;
  readonly lowerPanels: number;
  readonly upperInversePanels: number;
  readonly lowerInversePanels: number;
  /** Common joint of the inverse tables in z = ln(1 - phi). */
  readonly zJoint: number;
  /** Common end of the lower inverse tables in z. */
  readonly wEnd: number;
  readonly upperCoef: Float64Array;
  readonly lowerCoef: Float64Array;
  readonly upperInverseCoef: Float64Array;
  readonly lowerInverseCoef: Float64Array;
  /** T(vReset), T(Y_END) and dT/dy at Y_END as series in the drive. */
  readonly periodCoef: Float64Array;
  readonly tailTimeCoef: Float64Array;
  readonly tailSlopeCoef: Float64Array;
}

/**
 * The phase tables of one model for every drive in an interval, as
 * Chebyshev series in the drive on top of the panel layout of PhaseTable:
 * one table's worth of coefficients times M nodes, instead of one table per
 * neuron. A neuron evaluates them with its basis vector `T_m(x)`, x its drive
 * mapped to [-1, 1] (see {@link DriveFamily.coordinate}).
 */
export class DriveFamily {
  readonly driveLow: number;
  readonly driveHigh: number;
  readonly nodes: number;
  readonly vReset: number;
  readonly vPeak: number;
  readonly vJoint: number;
  readonly yScale: number;
  readonly vTop: number;
  readonly zJoint: number;
  readonly wEnd: number;
  private readonly data: DriveFamilyData;
  private readonly upperScale: number;
  private readonly lowerScale: number;
  private readonly upperInverseScale: number;
  private readonly lowerInverseScale: number;

  constructor(data: DriveFamilyData) {
    this.data = data;
    this.driveLow = data.driveLow;
    this.driveHigh = data.driveHigh;
    this.nodes = data.nodes;
    this.vReset = data.vReset;
    this.vPeak = data.vPeak;
    this.vJoint = data.vJoint;
    this.yScale = data.yScale;
    this.vTop = data.vTop;
    this.zJoint = data.zJoint;
    this.wEnd = data.wEnd;
    this.upperScale = data.upperPanels / (data.vTop - data.vJoint);
    this.lowerScale = data.lowerPanels / Y_END;
    this.upperInverseScale = data.upperInversePanels / (data.zJoint - Z_TOP);
    this.lowerInverseScale = data.lowerInversePanels / (data.wEnd - data.zJoint);
  }

  /**
   * Panel `panel` of `coef` at u for the drive with basis `basis`: M
   * independent polynomial evaluations (Estrin, which the CPU overlaps)
   * summed with the basis weights.
   */
  private evaluate(coef: Float64Array, panel: number, basis: Float64Array, u: number): number {
    const m = this.nodes, base = panel * m * POLYNOMIAL_LENGTH;
    let sum = 0;
    for (let k = 0; k < m; k++) sum += basis[k] * evaluatePolynomial(coef, base + k * POLYNOMIAL_LENGTH, u);
    return sum;
  }

  /** The drive mapped to the family's coordinate in [-1, 1]. */
  coordinate(drive: number): number {
    const x = (2 * drive - this.driveLow - this.driveHigh) / (this.driveHigh - this.driveLow);
    return Math.min(1, Math.max(-1, x));
  }

  /** Free period T(vReset) for the drive with basis `basis`. */
  period(basis: Float64Array): number {
    return dotBasis(this.data.periodCoef, 0, basis, this.nodes);
  }

  /** Time to peak from `v` (as PhaseTable.timeToPeak) for the drive with basis `basis`. */
  timeToPeak(v: number, basis: Float64Array): number {
    const d = this.data, m = this.nodes;
    if (v >= this.vTop) return 0;
    if (v >= this.vJoint) {
      const x = (v - this.vJoint) * this.upperScale;
      let p = Math.floor(x);
      if (p >= d.upperPanels) p = d.upperPanels - 1;
      return this.evaluate(d.upperCoef, p, basis, 2 * (x - p) - 1);
    }
    const y = Math.log1p(Math.min((this.vJoint - v) / this.yScale, Number.MAX_VALUE));
    if (y < Y_END) {
      const x = y * this.lowerScale;
      let p = Math.floor(x);
      if (p >= d.lowerPanels) p = d.lowerPanels - 1;
      return this.evaluate(d.lowerCoef, p, basis, 2 * (x - p) - 1);
    }
    return dotBasis(d.tailTimeCoef, 0, basis, m) + (y - Y_END) * dotBasis(d.tailSlopeCoef, 0, basis, m);
  }

  /** Voltage at phase `phi` (as PhaseTable.voltage) for the drive with basis `basis` and period `period`. */
  voltage(phi: number, basis: Float64Array, period: number): number {
    const d = this.data, m = this.nodes;
    if (phi >= 1) return this.vPeak;
    const z = Math.log(1 - phi);
    if (z <= this.zJoint) {
      const x = (this.zJoint - z) * this.upperInverseScale; // panels run from the joint toward Z_TOP
      let p = Math.floor(x);
      if (p >= d.upperInversePanels) p = d.upperInversePanels - 1;
      return this.evaluate(d.upperInverseCoef, p, basis, 2 * (x - p) - 1);
    }
    let y: number;
    if (z < this.wEnd) {
      const x = (z - this.zJoint) * this.lowerInverseScale;
      let p = Math.floor(x);
      if (p >= d.lowerInversePanels) p = d.lowerInversePanels - 1;
      y = this.evaluate(d.lowerInverseCoef, p, basis, 2 * (x - p) - 1);
    } else {
      y = Y_END + ((1 - phi) * period - dotBasis(d.tailTimeCoef, 0, basis, m)) / dotBasis(d.tailSlopeCoef, 0, basis, m);
    }
    const v = this.vJoint - this.yScale * Math.expm1(y);
    return v > -Number.MAX_VALUE ? v : -Number.MAX_VALUE;
  }
}
