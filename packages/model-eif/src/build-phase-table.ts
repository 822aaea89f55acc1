import { InvalidParameterError } from '@sparseprop/core';
import { Integrand } from './integrand.js';
import { adaptiveIntegrate } from './numerics/adaptive-quadrature.js';
import { antiderivative, chebyshevCoefficients, chebyshevPoints, valueAtLeft, valueAtRight } from './numerics/chebyshev.js';
import { gaussLegendre, integrateWithRule } from './numerics/gauss-legendre.js';
import { chebyshevToMonomial, evaluatePolynomial } from './numerics/polynomial.js';
import { PhaseTable, type PhaseTableData } from './phase-table.js';
import { DEGREE, FORWARD_LENGTH, INVERSE_LENGTH, MAX_PANELS, TOP_FRACTION, Y_END, Z_TOP } from './phase-table-layout.js';

const POINTS = chebyshevPoints(DEGREE + 1);
const INVERSE_POINTS = chebyshevPoints(INVERSE_LENGTH);
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
  const c = chebyshevCoefficients(values);
  c[0] += reference;
  return c;
}

/** Size of the last three coefficients: the truncation error of a converged series. */
function truncation(c: Float64Array): number {
  const m = c.length;
  return Math.abs(c[m - 3]) + Math.abs(c[m - 2]) + Math.abs(c[m - 1]);
}

/**
 * Upper forward panels on [vReset, vTop]: the integrand 1/F is interpolated
 * on each panel and integrated exactly (Clenshaw–Curtis), and the panels are
 * summed from the top down so T keeps its relative accuracy where it is tiny.
 */
export function fitUpperForward(integrand: Integrand, vReset: number, top: TableTop, panels: number): ForwardFit {
  const h = (top.vTop - vReset) / panels;
  const at = (v: number) => integrand.at(v);
  const integrals = new Float64Array(panels);
  const antiderivatives: Float64Array[] = [];
  const truncations = new Float64Array(panels);
  for (let p = 0; p < panels; p++) {
    const c = panelSeries(at, vReset + p * h, vReset + (p + 1) * h);
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
    const right = vReset + (p + 1) * h;
    for (const u of CHECK_POINTS) {
      const v = right - (h / 2) * (1 - u);
      const exact = bounds[p + 1] + integrateWithRule(at, v, right, CHECK_RULE);
      if (!(Math.abs(evaluatePolynomial(coef, o, u) - exact) <= tolerance)) ok = false;
    }
  }
  return { coef, bounds, ok };
}

/** dT/dy below the reset, y = ln(1 + vReset - V): e^y / F(V). */
export function lowerIntegrand(integrand: Integrand, vReset: number): (y: number) => number {
  return (y) => Math.exp(y) * integrand.at(vReset - Math.expm1(y));
}

/** Lower forward panels on y in [0, Y_END], summed from the reset down. */
export function fitLowerForward(integrand: Integrand, vReset: number, period: number, panels: number): ForwardFit {
  const h = Y_END / panels;
  const at = lowerIntegrand(integrand, vReset);
  const bounds = new Float64Array(panels + 1);
  bounds[0] = period;
  const sum = new CompensatedSum(period);
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
 * Upper inverse panels V(z), z = ln(1 - phi) in [Z_TOP, 0], laid out in
 * t = -z: values at the nodes by Newton on the forward table, checked off
 * the nodes the same way.
 */
export function fitUpperInverse(forward: PhaseTable, fMin: number, panels: number): Fit {
  const h = -Z_TOP / panels;
  // panels run in t = -z from the reset (t = 0) toward the top, so the panel coordinate's
  // rounding is relative to |z| (as Math.log's own) and vanishes at the reset
  const voltageAt = (t: number) => forward.solveUpper(forward.period * Math.exp(-t));
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
 * Lower inverse panels y(w), w = ln(1 - phi) in [0, wEnd]. The allowed error
 * in y is the voltage tolerance divided by dV/dy = e^y, with the voltage
 * tolerance 2^-47 max(fMin, F(V)/16) / omega (deep below the reset F grows
 * and so does the slack).
 */
export function fitLowerInverse(forward: PhaseTable, integrand: Integrand, fMin: number, panels: number, wEnd = forward.wEnd): Fit {
  const h = wEnd / panels;
  const yAt = (w: number) => forward.solveLower(forward.period * Math.exp(w));
  const coef = new Float64Array(panels * INVERSE_LENGTH);
  let ok = true;
  for (let p = 0; p < panels; p++) {
    const left = p * h;
    const c = panelSeries(yAt, left, left + h, INVERSE_POINTS);
    chebyshevToMonomial(c, coef, p * INVERSE_LENGTH);
    let tolerance = Infinity;
    for (let j = 0; j < INVERSE_POINTS.length; j++) {
      const y = yAt(left + (h / 2) * (1 + INVERSE_POINTS[j]));
      const f = integrand.force(forward.vReset - Math.expm1(y));
      const allowed = Math.max((INVERSE_RELATIVE * forward.period * Math.max(fMin, f / 16)) / Math.exp(y), NOISE_RELATIVE * Math.max(1, y));
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

/** Everything a table needs, with inverse parts still to be fitted. */
export function forwardData(integrand: Integrand, vReset: number, vPeak: number, top: TableTop, upper: ForwardFit, lower: ForwardFit): PhaseTableData {
  return {
    vReset,
    vPeak,
    vTop: top.vTop,
    period: upper.bounds[0],
    fMin: integrand.fMin,
    upperCoef: upper.coef,
    upperBounds: upper.bounds,
    lowerCoef: lower.coef,
    lowerBounds: lower.bounds,
    tailSlope: lowerIntegrand(integrand, vReset)(Y_END),
    upperInverseCoef: new Float64Array(INVERSE_LENGTH),
    lowerInverseCoef: undefined,
    wEnd: Math.log(lower.bounds[lower.bounds.length - 1] / upper.bounds[0]),
  };
}

export function tooSteep(parameter: string, what: string): InvalidParameterError {
  return new InvalidParameterError(parameter, what, `smooth enough for ${MAX_PANELS} Chebyshev panels of degree ${DEGREE} (the right-hand side varies too fast to tabulate)`);
}

/**
 * Build the phase table of `dV/dt = rhs(V)` with reset `vReset` and spike
 * cut-off `vPeak` (see {@link PhaseTable}).
 * @param parameter name used in errors about the right-hand side
 * @param requirement range text used when F ≤ 0 somewhere
 */
export function buildPhaseTable(rhs: (v: number) => number, vReset: number, vPeak: number, parameter = 'rhs', requirement = 'F(V) > 0 for every V ≤ vPeak (tonic firing; inhibition takes V below vReset)'): PhaseTable {
  const integrand = new Integrand(rhs, parameter, requirement);
  integrand.force(vReset);
  integrand.force(vPeak === Infinity ? Number.MAX_VALUE : vPeak);
  let top: TableTop;
  try {
    top = findTop(integrand, vReset, vPeak);
  } catch (error) {
    if (error instanceof InvalidParameterError) throw error;
    throw tooSteep(parameter, `the integral of 1/F over [${vReset}, ${vPeak}]`);
  }
  const upper = refine((panels) => fitUpperForward(integrand, vReset, top, panels), 4);
  if (!upper) throw tooSteep(parameter, `T(V) on [${vReset}, ${top.vTop}]`);
  const lower = refine((panels) => fitLowerForward(integrand, vReset, upper.fit.bounds[0], panels), 8);
  if (!lower) throw tooSteep(parameter, `T(V) below vReset = ${vReset}`);
  const data = forwardData(integrand, vReset, vPeak, top, upper.fit, lower.fit);
  const forward = new PhaseTable(data);
  const fMin = integrand.fMin;
  // the inverse needs about as many panels as the forward table: start a factor 4 below
  const upperInverse = refine((panels) => fitUpperInverse(forward, fMin, panels), Math.max(8, upper.panels / 4));
  if (!upperInverse) throw tooSteep(parameter, `V(phi) on [0, 1]`);
  // y(w) has no tabulable form when T stays bounded as V → -∞ (F growing faster than |V|): Newton then
  const lowerInverse = refine((panels) => fitLowerInverse(forward, integrand, fMin, panels), 4, LOWER_INVERSE_MAX_PANELS);
  return new PhaseTable({ ...data, upperInverseCoef: upperInverse.fit.coef, lowerInverseCoef: lowerInverse?.fit.coef });
}
