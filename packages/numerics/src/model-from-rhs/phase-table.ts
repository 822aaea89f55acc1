import { evaluatePolynomial, evaluateWithDerivative } from '../series/polynomial.js';
import { FORWARD_LENGTH, INVERSE_LENGTH, S_LOW, Y_END, Z_TOP } from './phase-table-layout.js';

/** The arrays and constants of a {@link PhaseTable} (see build-phase-table.ts). */
export interface PhaseTableData {
  readonly vReset: number;
  readonly vPeak: number;
  /** Where the V panels meet the y panels (vReset, or vTop - JOINT_SPAN when the reset is further down). */
  readonly vJoint: number;
  /** Voltages ≥ vTop have phase exactly 1 (time to peak below 2^-58 periods). */
  readonly vTop: number;
  /** Free period T(vReset) = 1/omega (dimensionless time). */
  readonly period: number;
  /** Smallest F seen on the table (sets the inverse tolerance). */
  readonly fMin: number;
  /** Upper forward panels on [vJoint, vTop]: T(V), FORWARD_LENGTH monomial coefficients each. */
  readonly upperCoef: Float64Array;
  /** T at the upper panel boundaries (decreasing, length panels + 1; the first is T(vJoint)). */
  readonly upperBounds: Float64Array;
  /** Voltage scale s of the lower coordinate y = ln(1 + (vJoint - V)/s): F(vJoint) min(1, T(vJoint)) (see lowerScale). */
  readonly yScale: number;
  /** Lower forward panels on y in [0, Y_END]: T(y). */
  readonly lowerCoef: Float64Array;
  /** T at the lower panel boundaries (increasing, length panels + 1). */
  readonly lowerBounds: Float64Array;
  /** dT/dy at y = Y_END, for the linear extension below. */
  readonly tailSlope: number;
  /** Where the inverse tables meet in z = ln(1 - phi) (ln(T(vJoint)/period), 0 when the joint is the reset). */
  readonly zJoint: number;
  /** Upper inverse panels V(z) on [Z_TOP, zJoint], laid out in zJoint - z from the joint. */
  readonly upperInverseCoef: Float64Array;
  /** Lower inverse panels y(z) on [zJoint, wEnd]; undefined when y(z) could not be tabulated (Newton instead). */
  readonly lowerInverseCoef: Float64Array | undefined;
  /** End of the lower inverse table (≥ ln(T(Y_END)/period)). */
  readonly wEnd: number;
  /** Fast inverse panels V(s), s = 1 - phi in [S_LOW, 1] (no logarithm); undefined when V(s) could not be tabulated there. */
  readonly middleInverseCoef?: Float64Array | undefined;
}

const NEWTON_SCRATCH = new Float64Array(2);

/**
 * The time-to-peak function `T(V) = ∫_V^vPeak dV'/F(V')` of one
 * integrate-and-fire neuron and its inverse, as piecewise polynomials,
 * with the phase maps of docs/algorithm.md §2 on top: `phi(V) = 1 - T(V)/T(vReset)`.
 *
 * Every lookup is O(1): panels are uniform in their coordinate (V above the
 * joint, `ln(1 + (vJoint - V)/s)` below it; `ln(1 - phi)` for the inverse), so
 * the panel index is one multiplication. Allocation-free.
 */
export class PhaseTable {
  readonly vReset: number;
  readonly vPeak: number;
  readonly vJoint: number;
  readonly vTop: number;
  readonly period: number;
  readonly omega: number;
  readonly fMin: number;
  readonly yScale: number;
  /** Bottom of the lower table, vJoint - yScale expm1(Y_END). */
  readonly vBottom: number;
  /** Time to peak at the joint and at vBottom. */
  readonly jointTime: number;
  readonly tailTime: number;
  readonly tailSlope: number;
  readonly zJoint: number;
  readonly wEnd: number;
  private readonly upperCoef: Float64Array;
  private readonly upperBounds: Float64Array;
  private readonly upperPanels: number;
  private readonly upperScale: number;
  private readonly lowerCoef: Float64Array;
  private readonly lowerBounds: Float64Array;
  private readonly lowerPanels: number;
  private readonly lowerScale: number;
  private readonly upperInverseCoef: Float64Array;
  private readonly upperInversePanels: number;
  private readonly upperInverseScale: number;
  private readonly lowerInverseCoef: Float64Array | undefined;
  private readonly lowerInversePanels: number;
  private readonly lowerInverseScale: number;
  private readonly middleInverseCoef: Float64Array | undefined;
  private readonly middleInversePanels: number;
  private readonly middleInverseScale: number;

  constructor(data: PhaseTableData) {
    this.vReset = data.vReset;
    this.vPeak = data.vPeak;
    this.vJoint = data.vJoint;
    this.vTop = data.vTop;
    this.period = data.period;
    this.omega = 1 / data.period;
    this.fMin = data.fMin;
    this.yScale = data.yScale;
    this.vBottom = data.vJoint - data.yScale * Math.expm1(Y_END);
    this.upperCoef = data.upperCoef;
    this.upperBounds = data.upperBounds;
    this.upperPanels = data.upperBounds.length - 1;
    this.upperScale = this.upperPanels / (data.vTop - data.vJoint);
    this.jointTime = data.upperBounds[0];
    this.lowerCoef = data.lowerCoef;
    this.lowerBounds = data.lowerBounds;
    this.lowerPanels = data.lowerBounds.length - 1;
    this.lowerScale = this.lowerPanels / Y_END;
    this.tailTime = data.lowerBounds[this.lowerPanels];
    this.tailSlope = data.tailSlope;
    this.zJoint = data.zJoint;
    this.wEnd = data.wEnd;
    this.upperInverseCoef = data.upperInverseCoef;
    this.upperInversePanels = data.upperInverseCoef.length / INVERSE_LENGTH;
    this.upperInverseScale = this.upperInversePanels / (data.zJoint - Z_TOP);
    this.lowerInverseCoef = data.lowerInverseCoef;
    this.lowerInversePanels = data.lowerInverseCoef ? data.lowerInverseCoef.length / INVERSE_LENGTH : 0;
    this.lowerInverseScale = this.lowerInversePanels / (data.wEnd - data.zJoint);
    this.middleInverseCoef = data.middleInverseCoef;
    this.middleInversePanels = data.middleInverseCoef ? data.middleInverseCoef.length / INVERSE_LENGTH : 0;
    this.middleInverseScale = this.middleInversePanels / (1 - S_LOW);
  }

  /**
   * Time to reach vPeak from `v` without input (dimensionless, ≥ 0): 0 at
   * and above vTop, `period` at vReset, growing like `ln|v|` for a leaky
   * model as v → -∞ (v is clamped to -Number.MAX_VALUE, so -Infinity is finite).
   */
  timeToPeak(v: number): number {
    if (v >= this.vTop) return 0;
    if (v >= this.vJoint) {
      const x = (v - this.vJoint) * this.upperScale;
      let p = Math.floor(x);
      if (p >= this.upperPanels) p = this.upperPanels - 1;
      return evaluatePolynomial(this.upperCoef, p * FORWARD_LENGTH, 2 * (x - p) - 1);
    }
    const y = Math.log1p(Math.min((this.vJoint - v) / this.yScale, Number.MAX_VALUE));
    if (y < Y_END) {
      const x = y * this.lowerScale;
      let p = Math.floor(x);
      if (p >= this.lowerPanels) p = this.lowerPanels - 1;
      return evaluatePolynomial(this.lowerCoef, p * FORWARD_LENGTH, 2 * (x - p) - 1);
    }
    return this.tailTime + (y - Y_END) * this.tailSlope;
  }

  /** Phase `1 - T(v)/period` of voltage `v`: exactly 1 at and above vTop, 0 at vReset (to rounding). */
  phase(v: number): number {
    return 1 - this.timeToPeak(v) * this.omega;
  }

  /**
   * Voltage at phase `phi` (inverse of {@link phase}): vPeak for phi ≥ 1,
   * -Number.MAX_VALUE below the phase of -Number.MAX_VALUE.
   */
  voltage(phi: number): number {
    if (phi >= 1) return this.vPeak;
    const s = 1 - phi; // exact for phi in [0.5, 1), where the map is steepest
    if (s >= S_LOW && s <= 1 && this.middleInverseCoef !== undefined) {
      const x = (s - S_LOW) * this.middleInverseScale;
      let p = Math.floor(x);
      if (p >= this.middleInversePanels) p = this.middleInversePanels - 1;
      return evaluatePolynomial(this.middleInverseCoef, p * INVERSE_LENGTH, 2 * (x - p) - 1);
    }
    const z = Math.log(s);
    if (z <= this.zJoint) {
      // panels run from the joint (z = 0 when it is the reset) toward Z_TOP, so the coordinate's
      // rounding is relative to |z| there, like Math.log's own
      const x = (this.zJoint - z) * this.upperInverseScale;
      let p = Math.floor(x);
      if (p >= this.upperInversePanels) p = this.upperInversePanels - 1;
      return evaluatePolynomial(this.upperInverseCoef, p * INVERSE_LENGTH, 2 * (x - p) - 1);
    }
    let y: number;
    if (z < this.wEnd) {
      if (this.lowerInverseCoef !== undefined) {
        const x = (z - this.zJoint) * this.lowerInverseScale;
        let p = Math.floor(x);
        if (p >= this.lowerInversePanels) p = this.lowerInversePanels - 1;
        y = evaluatePolynomial(this.lowerInverseCoef, p * INVERSE_LENGTH, 2 * (x - p) - 1);
      } else {
        y = this.solveLower((1 - phi) * this.period);
      }
    } else {
      y = Y_END + ((1 - phi) * this.period - this.tailTime) / this.tailSlope;
    }
    const v = this.vJoint - this.yScale * Math.expm1(y);
    return v > -Number.MAX_VALUE ? v : -Number.MAX_VALUE;
  }

  /** V with T(V) = `time` on either side of the joint (Newton on the forward panels; for building inverse tables). */
  solve(time: number): number {
    return time <= this.jointTime ? this.solveUpper(time) : this.vJoint - this.yScale * Math.expm1(this.solveLower(time));
  }

  /**
   * V in [vJoint, vTop] with T(V) = `time` (clamped to the table's range),
   * by bisection on the panel bounds and safeguarded Newton on the panel's
   * polynomial. Used to build the inverse table; slower than {@link voltage}.
   */
  solveUpper(time: number): number {
    const bounds = this.upperBounds, panels = this.upperPanels;
    if (time >= bounds[0]) return this.vJoint;
    if (time <= bounds[panels]) return this.vTop;
    let lo = 0, hi = panels; // bounds[lo] > time ≥ bounds[hi]
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (bounds[mid] > time) lo = mid;
      else hi = mid;
    }
    const u = solveInPanel(this.upperCoef, lo * FORWARD_LENGTH, time, bounds[lo], bounds[lo + 1]);
    return this.vJoint + (lo + (u + 1) / 2) / this.upperScale;
  }

  /** y ≥ 0 with T(y) = `time` below the joint (linear extension past Y_END), as {@link solveUpper}. */
  solveLower(time: number): number {
    const bounds = this.lowerBounds, panels = this.lowerPanels;
    if (time <= bounds[0]) return 0;
    if (time >= bounds[panels]) return Y_END + (time - bounds[panels]) / this.tailSlope;
    let lo = 0, hi = panels; // bounds[lo] < time ≤ bounds[hi]
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (bounds[mid] < time) lo = mid;
      else hi = mid;
    }
    const u = solveInPanel(this.lowerCoef, lo * FORWARD_LENGTH, time, bounds[lo], bounds[lo + 1]);
    return (lo + (u + 1) / 2) / this.lowerScale;
  }
}

/**
 * Solve `S(u) = target` for u in [-1, 1] where S is the monotone polynomial
 * at `offset` with `S(-1) = left`, `S(1) = right`: Newton from the secant
 * guess, falling back to bisection whenever a step leaves the bracket.
 */
function solveInPanel(coef: Float64Array, offset: number, target: number, left: number, right: number): number {
  const increasing = right > left;
  let lo = -1, hi = 1;
  let u = -1 + (2 * (target - left)) / (right - left);
  if (!(u > -1 && u < 1)) u = 0;
  for (let iteration = 0; iteration < 100; iteration++) {
    evaluateWithDerivative(coef, offset, u, NEWTON_SCRATCH);
    const residual = NEWTON_SCRATCH[0] - target;
    if (residual === 0) return u;
    if (residual > 0 === increasing) hi = u;
    else lo = u;
    let next = u - residual / NEWTON_SCRATCH[1];
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - u) <= 4e-16 || hi - lo <= 4e-16) return next;
    u = next;
  }
  return u;
}
