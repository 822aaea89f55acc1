import { InvalidParameterError } from '@sparseprop/core';
import { Integrand } from './integrand.js';
import { adaptiveIntegrate } from '../quadrature/adaptive-quadrature.js';
import { antiderivative, valueAtLeft, valueAtRight } from '../series/chebyshev-series.js';
import { chebyshevCoefficientsDirectAngles, chebyshevNodes } from '../series/chebyshev-transform.js';
import { gaussLegendre, integrateWithRule } from '../quadrature/gauss-legendre.js';
import { chebyshevToMonomial, evaluatePolynomial } from '../series/polynomial.js';
import { PhaseTable, type PhaseTableData } from './phase-table.js';
import { DEGREE, FORWARD_LENGTH, INVERSE_LENGTH, JOINT_SPAN, MAX_PANELS, S_LOW, TOP_FRACTION, Y_END, Z_TOP } from './phase-table-layout.js';

const POINTS = chebyshevNodes(DEGREE);
const INVERSE_POINTS = chebyshevNodes(INVERSE_LENGTH - 1);
const CHECK_RULE = gaussLegendre(16);
/** Off-node points where every panel is checked against an independent value. */
const CHECK_POINTS = [-0.5, 0.5];
/**
 * Relative accuracy asked of the time to peak (2^-48 ≈ 3.6e-15): a few ulps
 * above the rounding of the Clenshaw sums. It keeps the phase error below
 * 4e-15 near the reset, and near the peak (where T is tiny) it keeps the
 * voltage error about 2^-48 * T * F, which stays O(1e-15) when T * F is O(1).
 */
const FORWARD_RELATIVE = 2 ** -48;
/**
 * A voltage error dV of the inverse map becomes a phase error
 * omega dV / F(V + J) after a kick J; F(V + J) can be as small as the
 * minimum fMin of F, so the inverse must hold dV ≤ 2^-47 fMin / omega
 * (a phase error ≤ 7e-15 in the worst case).
 */
const INVERSE_RELATIVE = 2 ** -47;
/** A leaky tail needs a dozen lower inverse panels; past this many, y(w) is not worth tabulating. */
export const LOWER_INVERSE_MAX_PANELS = 256;
/** The fast path is worth its memory only while it stays small. */
const MIDDLE_INVERSE_MAX_PANELS = 1024;
/** Rounding noise of tabulated values relative to their size (2^-47 ≈ 7e-15, about 8 ulps after the transform). */
const NOISE_RELATIVE = 2 ** -47;

/** A fitted set of panels and whether every panel met its tolerance. */
interface Fit {
  coef: Float64Array;
  ok: boolean;
}

interface ForwardFit extends Fit {
  bounds: Float64Array;
}

/** Where the upper table ends and the time left to the peak from there. */
export interface TableTop {
  /** Period estimate T(vReset), relative accuracy 1e-10. */
  period: number;
  /** Smallest V with T(V) ≤ 2^-58 T(vReset). */
  vTop: number;
  /** T(vTop), relative accuracy 1e-12. */
  tail: number;
}

/** ∫_v^vPeak 1/F to `relativeTolerance` of its own value. */
export function tailIntegral(integrand: Integrand, v: number, vPeak: number, relativeTolerance: number): number {
  if (v >= vPeak) return 0;
  const pieces = adaptiveIntegrate((x) => integrand.at(x), v, vPeak, relativeTolerance);
  let sum = 0;
  for (let s = pieces.length - 1; s >= 0; s--) sum += pieces[s].value; // small to large: the peak end is the tiny one
  return sum;
}

/**
 * The period and the top of the table: bisection for a voltage where the
 * time left is between 2^-62 and 2^-58 periods, with each trial time
 * computed by adaptive quadrature relative to itself (so tiny tails are
 * still accurate).
 */
export function findTop(integrand: Integrand, vReset: number, vPeak: number): TableTop {
  const period = tailIntegral(integrand, vReset, vPeak, 1e-10);
  const threshold = TOP_FRACTION * period;
  let lo = vReset, hi = vPeak; // tail(lo) > threshold ≥ tail(hi)
  // vTop need not be sharp: any voltage whose tail lies in [threshold/16, threshold] will do
  for (let iteration = 0; iteration < 200 && hi - lo > 1e-13 * Math.max(1, Math.abs(hi)); iteration++) {
    const mid = lo + (hi - lo) / 2;
    const tail = tailIntegral(integrand, mid, vPeak, 1e-6);
    if (tail > threshold) lo = mid;
    else {
      hi = mid;
      if (tail >= threshold / 16) break;
    }
  }
  return { period, vTop: hi, tail: tailIntegral(integrand, hi, vPeak, 1e-12) };
}

/** Compensated running sum (Neumaier), so hundreds of panel integrals add up to the last ulp. */
class CompensatedSum {
  private sum = 0;
  private compensation = 0;
  constructor(start: number) {
    this.sum = start;
  }
  add(x: number): number {
    const t = this.sum + x;
    this.compensation += Math.abs(this.sum) >= Math.abs(x) ? this.sum - t + x : x - t + this.sum;
    this.sum = t;
    return t + this.compensation;
  }
}

/** Chebyshev coefficients of `f` on the panel [a, b] from first-kind points (DEGREE + 1 of them unless given). */
function panelSeries(f: (x: number) => number, a: number, b: number, points = POINTS): Float64Array {
  const mid = (a + b) / 2, half = (b - a) / 2;
  const values = new Float64Array(points.length);
  for (let j = 0; j < points.length; j++) values[j] = f(mid + half * points[j]);
  // transform the deviation from one sample, so the DCT's rounding scales with the variation on
  // the panel rather than with the value (an inverse panel near V = 3.5 varies by ~0.1)
  const reference = values[points.length >> 1];
  for (let j = 0; j < points.length; j++) values[j] -= reference;
  const c = chebyshevCoefficientsDirectAngles(values);
  c[0] += reference;
  return c;
}

/** Size of the last three coefficients: the truncation error of a converged series. */
function truncation(c: Float64Array): number {
  const m = c.length;
  return Math.abs(c[m - 3]) + Math.abs(c[m - 2]) + Math.abs(c[m - 1]);
}

/**
 * Upper forward panels on [vJoint, vTop]: the integrand 1/F is interpolated
 * on each panel and integrated exactly (Clenshaw–Curtis), and the panels are
 * summed from the top down so T keeps its relative accuracy where it is tiny.
 */
export function fitUpperForward(integrand: Integrand, vJoint: number, top: TableTop, panels: number): ForwardFit {
  const h = (top.vTop - vJoint) / panels;
  const at = (v: number) => integrand.at(v);
  const integrals = new Float64Array(panels);
  const antiderivatives: Float64Array[] = [];
  const truncations = new Float64Array(panels);
  for (let p = 0; p < panels; p++) {
    const c = panelSeries(at, vJoint + p * h, vJoint + (p + 1) * h);
    const b = antiderivative(c);
    antiderivatives.push(b);
    integrals[p] = (h / 2) * (valueAtRight(b) - valueAtLeft(b));
    truncations[p] = h * truncation(c);
  }
  const bounds = new Float64Array(panels + 1);
  bounds[panels] = top.tail;
  const sum = new CompensatedSum(top.tail);
  for (let p = panels - 1; p >= 0; p--) bounds[p] = sum.add(integrals[p]);
  const coef = new Float64Array(panels * FORWARD_LENGTH);
  const series = new Float64Array(FORWARD_LENGTH);
  let ok = true;
  for (let p = 0; p < panels; p++) {
    const b = antiderivatives[p], o = p * FORWARD_LENGTH;
    // T(V) = T(right) + (h/2) (G(1) - G(u)) with G the antiderivative in u
    series[0] = bounds[p + 1] + (h / 2) * valueAtRight(b);
    for (let k = 1; k < FORWARD_LENGTH; k++) series[k] = (-h / 2) * b[k];
    chebyshevToMonomial(series, coef, o);
    const tolerance = FORWARD_RELATIVE * Math.max(bounds[p + 1], integrals[p] / 8);
    if (!(truncations[p] <= tolerance)) ok = false;
    const right = vJoint + (p + 1) * h;
    for (const u of CHECK_POINTS) {
      const v = right - (h / 2) * (1 - u);
      const exact = bounds[p + 1] + integrateWithRule(at, v, right, CHECK_RULE);
      if (!(Math.abs(evaluatePolynomial(coef, o, u) - exact) <= tolerance)) ok = false;
    }
  }
  return { coef, bounds, ok };
}

/** dT/dy below the joint, y = ln(1 + (vJoint - V)/s): s e^y / F(V). */
export function lowerIntegrand(integrand: Integrand, vJoint: number, yScale: number): (y: number) => number {
  return (y) => yScale * Math.exp(y) * integrand.at(vJoint - yScale * Math.expm1(y));
}

/** Lower forward panels on y in [0, Y_END], summed from the joint (where T = jointTime) down. */
export function fitLowerForward(integrand: Integrand, vJoint: number, yScale: number, jointTime: number, panels: number): ForwardFit {
  const h = Y_END / panels;
  const at = lowerIntegrand(integrand, vJoint, yScale);
  const bounds = new Float64Array(panels + 1);
  bounds[0] = jointTime;
  const sum = new CompensatedSum(jointTime);
  const coef = new Float64Array(panels * FORWARD_LENGTH);
  const series = new Float64Array(FORWARD_LENGTH);
  let ok = true;
  for (let p = 0; p < panels; p++) {
    const left = p * h;
    const c = panelSeries(at, left, left + h);
    const b = antiderivative(c);
    const integral = (h / 2) * (valueAtRight(b) - valueAtLeft(b));
    bounds[p + 1] = sum.add(integral);
    const o = p * FORWARD_LENGTH;
    // T(y) = T(left) + (h/2) (G(u) - G(-1))
    series[0] = bounds[p] - (h / 2) * valueAtLeft(b);
    for (let k = 1; k < FORWARD_LENGTH; k++) series[k] = (h / 2) * b[k];
    chebyshevToMonomial(series, coef, o);
    const tolerance = FORWARD_RELATIVE * bounds[p];
    if (!(h * truncation(c) <= tolerance)) ok = false;
    for (const u of CHECK_POINTS) {
      const y = left + (h / 2) * (1 + u);
      const exact = bounds[p] + integrateWithRule(at, left, y, CHECK_RULE);
      if (!(Math.abs(evaluatePolynomial(coef, o, u) - exact) <= tolerance)) ok = false;
    }
  }
  return { coef, bounds, ok };
}

/**
 * Upper inverse panels V(z), z = ln(1 - phi) in [Z_TOP, zJoint], laid out in
 * t = zJoint - z: values at the nodes by Newton on the forward table, checked
 * off the nodes the same way.
 */
export function fitUpperInverse(forward: PhaseTable, fMin: number, panels: number, zJoint = forward.zJoint): Fit {
  const h = (zJoint - Z_TOP) / panels;
  // panels run in t = zJoint - z from the joint (t = 0; z = 0 when the joint is the reset) toward
  // the top, so the panel coordinate's rounding is relative to |z| there, as Math.log's own
  const voltageAt = (t: number) => forward.solve(forward.period * Math.exp(zJoint - t));
  const coef = new Float64Array(panels * INVERSE_LENGTH);
  let ok = true;
  for (let p = 0; p < panels; p++) {
    const left = p * h;
    const c = panelSeries(voltageAt, left, left + h, INVERSE_POINTS);
    chebyshevToMonomial(c, coef, p * INVERSE_LENGTH);
    // below the tolerance the coefficients meet the rounding noise of the voltages themselves (~8 ulps)
    const magnitude = Math.max(1, Math.abs(voltageAt(left)), Math.abs(voltageAt(left + h)));
    const tolerance = Math.max(INVERSE_RELATIVE * fMin * forward.period, NOISE_RELATIVE * magnitude);
    if (!(truncation(c) <= tolerance)) ok = false;
    for (const u of CHECK_POINTS) {
      const error = evaluatePolynomial(coef, p * INVERSE_LENGTH, u) - voltageAt(left + (h / 2) * (1 + u));
      if (!(Math.abs(error) <= tolerance)) ok = false;
    }
  }
  return { coef, ok };
}

/**
 * Middle inverse panels V(s), s = 1 - phi in [S_LOW, 1]: the logarithm-free
 * fast path for phases in [0, 1 - S_LOW], with the upper inverse's tolerance.
 */
export function fitMiddleInverse(forward: PhaseTable, fMin: number, panels: number): Fit {
  const h = (1 - S_LOW) / panels;
  const voltageAt = (s: number) => forward.solve(forward.period * s);
  const coef = new Float64Array(panels * INVERSE_LENGTH);
  let ok = true;
  for (let p = 0; p < panels; p++) {
    const left = S_LOW + p * h;
    const c = panelSeries(voltageAt, left, left + h, INVERSE_POINTS);
    chebyshevToMonomial(c, coef, p * INVERSE_LENGTH);
    const magnitude = Math.max(1, Math.abs(voltageAt(left)), Math.abs(voltageAt(left + h)));
    const tolerance = Math.max(INVERSE_RELATIVE * fMin * forward.period, NOISE_RELATIVE * magnitude);
    if (!(truncation(c) <= tolerance)) ok = false;
    for (const u of CHECK_POINTS) {
      const error = evaluatePolynomial(coef, p * INVERSE_LENGTH, u) - voltageAt(left + (h / 2) * (1 + u));
      if (!(Math.abs(error) <= tolerance)) ok = false;
    }
  }
  return { coef, ok };
}

/**
 * Lower inverse panels y(z), y = ln(1 + vJoint - V), z = ln(1 - phi) in
 * [zJoint, wEnd]. The allowed error in y is the voltage tolerance divided by
 * dV/dy = e^y, with the voltage tolerance 2^-47 max(fMin, F(V)/16) / omega
 * (deep below the reset F grows and so does the slack).
 */
export function fitLowerInverse(forward: PhaseTable, integrand: Integrand, fMin: number, panels: number, zJoint = forward.zJoint, wEnd = forward.wEnd): Fit {
  const h = (wEnd - zJoint) / panels;
  const yAt = (x: number) => {
    const time = forward.period * Math.exp(zJoint + x);
    // a drive family's common joint can sit a little above a node's own: y slightly negative there
    return time >= forward.jointTime ? forward.solveLower(time) : Math.log1p((forward.vJoint - forward.solveUpper(time)) / forward.yScale);
  };
  const coef = new Float64Array(panels * INVERSE_LENGTH);
  let ok = true;
  for (let p = 0; p < panels; p++) {
    const left = p * h;
    const c = panelSeries(yAt, left, left + h, INVERSE_POINTS);
    chebyshevToMonomial(c, coef, p * INVERSE_LENGTH);
    let tolerance = Infinity;
    for (let j = 0; j < INVERSE_POINTS.length; j++) {
      const y = yAt(left + (h / 2) * (1 + INVERSE_POINTS[j]));
      const f = integrand.force(forward.vJoint - forward.yScale * Math.expm1(y));
      const allowed = Math.max((INVERSE_RELATIVE * forward.period * Math.max(fMin, f / 16)) / (forward.yScale * Math.exp(y)), NOISE_RELATIVE * Math.max(1, y));
      tolerance = Math.min(tolerance, allowed);
    }
    if (!(truncation(c) <= tolerance)) ok = false;
    for (const u of CHECK_POINTS) {
      const error = evaluatePolynomial(coef, p * INVERSE_LENGTH, u) - yAt(left + (h / 2) * (1 + u));
      if (!(Math.abs(error) <= tolerance)) ok = false;
    }
  }
  return { coef, ok };
}

/** Double the panel count from `start` until the fit is accurate; undefined past `maxPanels`. */
export function refine<F extends Fit>(fit: (panels: number) => F, start: number, maxPanels = MAX_PANELS): { fit: F; panels: number } | undefined {
  for (let panels = start; panels <= maxPanels; panels *= 2) {
    const result = fit(panels);
    if (result.ok) return { fit: result, panels };
  }
  return undefined;
}

/**
 * The joint of the V and y panels: the reset, unless it lies far below the
 * structure of F. Uniform V panels must resolve the region from the minimum
 * of F (the slowest, most curved part: VT for the EIF) to the top; below
 * `vMinF - 4 (vTop - vMinF) - JOINT_SPAN` a leaky F is smooth on the scale of
 * |V| and the y panels take over.
 */
export function jointOf(integrand: Integrand, vReset: number, vTop: number): number {
  const samples = 4096;
  let vMinF = vTop, fMin = Infinity;
  for (let s = 0; s <= samples; s++) {
    const v = vReset + ((vTop - vReset) * s) / samples;
    const f = integrand.force(v);
    if (f < fMin) {
      fMin = f;
      vMinF = v;
    }
  }
  return Math.max(vReset, vMinF - 4 * (vTop - vMinF) - JOINT_SPAN);
}

/**
 * Voltage scale s of y = ln(1 + (vJoint - V)/s): `F(vJoint) min(1, T(vJoint))`.
 * With s ≤ F(vJoint), a leak F = c - V has its singularity (F = 0 at
 * V = vJoint + F(vJoint)) at y = ln(1 - F/s), off the real axis, so T is
 * smooth in y (linear for s = F); and with s ≤ T F one unit of y near the
 * joint takes at most one time-to-peak (dT/dy = s/F), so panels resolve T
 * relative to itself even when a huge drive makes the period tiny.
 */
export function lowerScale(integrand: Integrand, vJoint: number, jointTime: number): number {
  return integrand.force(vJoint) * Math.min(1, jointTime);
}

/** Everything a table needs, with inverse parts still to be fitted; the period is T(vReset) on the fitted panels. */
export function forwardData(integrand: Integrand, vReset: number, vPeak: number, vJoint: number, yScale: number, top: TableTop, upper: ForwardFit, lower: ForwardFit): PhaseTableData {
  const jointTime = upper.bounds[0], tailTime = lower.bounds[lower.bounds.length - 1];
  const data: PhaseTableData = {
    vReset,
    vPeak,
    vJoint,
    vTop: top.vTop,
    period: jointTime,
    fMin: integrand.fMin,
    upperCoef: upper.coef,
    upperBounds: upper.bounds,
    yScale,
    lowerCoef: lower.coef,
    lowerBounds: lower.bounds,
    tailSlope: lowerIntegrand(integrand, vJoint, yScale)(Y_END),
    zJoint: 0,
    upperInverseCoef: new Float64Array(INVERSE_LENGTH),
    lowerInverseCoef: undefined,
    wEnd: Math.log(tailTime / jointTime),
  };
  if (vJoint === vReset) return data;
  const period = new PhaseTable(data).timeToPeak(vReset);
  return { ...data, period, zJoint: Math.log(jointTime / period), wEnd: Math.log(tailTime / period) };
}

/** How errors about the right-hand side name the user's parameter. */
export interface TableErrors {
  /** Parameter name, e.g. `"rhs"` or `"iext"`. */
  readonly parameter: string;
  /** Its value as the user gave it. */
  readonly value: unknown;
  /** Range text when F ≤ 0 somewhere. */
  readonly requirement: string;
}

const DEFAULT_ERRORS: TableErrors = {
  parameter: 'rhs',
  value: 'F(V)',
  requirement: 'F(V) > 0 for every V ≤ vPeak (tonic firing; inhibition takes V below vReset)',
};

/** The error for a right-hand side that needs more than MAX_PANELS panels (1/F too sharply peaked). */
export function tooSteep(errors: TableErrors, what: string, fMin: number): InvalidParameterError {
  return new InvalidParameterError(
    errors.parameter,
    errors.value,
    `such that ${what} can be tabulated with at most ${MAX_PANELS} panels of degree ${DEGREE + 1} (the smallest F found, ${fMin.toExponential(2)}, makes 1/F too sharply peaked)`,
  );
}

/**
 * Build the phase table of `dV/dt = rhs(V)` with reset `vReset` and spike
 * cut-off `vPeak` (see {@link PhaseTable}).
 * @param errors how errors name the parameter behind the right-hand side
 * @throws InvalidParameterError when F ≤ 0 or NaN somewhere, or when 1/F is too sharply peaked to tabulate
 */
export function buildPhaseTable(rhs: (v: number) => number, vReset: number, vPeak: number, errors: TableErrors = DEFAULT_ERRORS): PhaseTable {
  const integrand = new Integrand(rhs, errors.parameter, errors.requirement);
  integrand.force(vReset);
  integrand.force(vPeak === Infinity ? Number.MAX_VALUE : vPeak);
  let top: TableTop;
  try {
    top = findTop(integrand, vReset, vPeak);
  } catch (error) {
    if (error instanceof InvalidParameterError) throw error;
    throw tooSteep(errors, `the integral of 1/F over [${vReset}, ${vPeak}]`, integrand.fMin);
  }
  const vJoint = jointOf(integrand, vReset, top.vTop);
  const upper = refine((panels) => fitUpperForward(integrand, vJoint, top, panels), 4);
  if (!upper) throw tooSteep(errors, `T(V) on [${vJoint}, ${top.vTop}]`, integrand.fMin);
  const yScale = lowerScale(integrand, vJoint, upper.fit.bounds[0]);
  const lower = refine((panels) => fitLowerForward(integrand, vJoint, yScale, upper.fit.bounds[0], panels), 8);
  if (!lower) throw tooSteep(errors, `T(V) below ${vJoint}`, integrand.fMin);
  const data = forwardData(integrand, vReset, vPeak, vJoint, yScale, top, upper.fit, lower.fit);
  const forward = new PhaseTable(data);
  const fMin = integrand.fMin;
  // the inverse needs about as many panels as the forward table: start a factor 4 below
  const upperInverse = refine((panels) => fitUpperInverse(forward, fMin, panels), Math.max(8, upper.panels / 4));
  if (!upperInverse) throw tooSteep(errors, `V(phi) on [0, 1]`, integrand.fMin);
  // y(w) has no tabulable form when T stays bounded as V → -∞ (F growing faster than |V|): Newton then
  const lowerInverse = refine((panels) => fitLowerInverse(forward, integrand, fMin, panels), 4, LOWER_INVERSE_MAX_PANELS);
  // a reset far below the joint makes V(s) exponential near s = 1: then no fast path
  const middleInverse = refine((panels) => fitMiddleInverse(forward, fMin, panels), 8, MIDDLE_INVERSE_MAX_PANELS);
  return new PhaseTable({ ...data, upperInverseCoef: upperInverse.fit.coef, lowerInverseCoef: lowerInverse?.fit.coef, middleInverseCoef: middleInverse?.fit.coef });
}
