import { InvalidParameterError } from '@sparseprop/core';
import {
  buildPhaseTable, findTop, type TableErrors, fitLowerForward, fitLowerInverse, fitUpperForward, fitUpperInverse, forwardData, jointOf, LOWER_INVERSE_MAX_PANELS, lowerScale, refine, tailIntegral, tooSteep,
} from './build-phase-table.js';
import { DriveFamily } from './drive-family.js';
import { Integrand } from './integrand.js';
import { chebyshevBasis } from '../series/chebyshev-series.js';
import { chebyshevNodes } from '../series/chebyshev-transform.js';
import { PhaseTable } from './phase-table.js';
import { POLYNOMIAL_LENGTH } from '../series/polynomial.js';
import { MAX_PANELS, Y_END, Z_TOP } from './phase-table-layout.js';

/** What a {@link DriveFamily} is built from. */
export interface DriveFamilyRequest {
  /** The right-hand side for one drive (called at build time only). */
  rhsAt: (drive: number) => (v: number) => number;
  vReset: number;
  vPeak: number;
  driveLow: number;
  driveHigh: number;
  /** How errors about F name the user's parameter. */
  errors: TableErrors;
}

/** Node counts tried in turn: the interpolation in the drive must reach the tables' own accuracy. */
const NODE_COUNTS = [9, 17, 33];
/** Interpolation in the drive may add 2^-46 (1.4e-14) relative to the time to peak. */
const FAMILY_RELATIVE = 2 ** -46;

interface Fitted {
  coef: Float64Array;
  ok: boolean;
}

/** Panel count that fits every node: grown from the extreme and middle nodes, then confirmed on all. */
function commonPanels<F extends Fitted>(fit: (node: number, panels: number) => F, nodes: number, start: number, maxPanels: number, what: string, errors: TableErrors, fMin: () => number): { fits: F[]; panels: number } {
  let panels = start;
  for (const node of [0, nodes >> 1, nodes - 1]) {
    const result = refine((p) => fit(node, p), panels, maxPanels);
    if (!result) throw tooSteep(errors, what, fMin());
    panels = result.panels;
  }
  for (; panels <= maxPanels; panels *= 2) {
    const fits: F[] = [];
    for (let node = 0; node < nodes; node++) fits.push(fit(node, panels));
    if (fits.every((f) => f.ok)) return { fits, panels };
  }
  throw tooSteep(errors, what, fMin());
}

/** Chebyshev coefficients across the nodes of every entry: out[e M + k] (entry-major). */
function acrossNodes(values: readonly Float64Array[]): Float64Array {
  const nodes = values.length, entries = values[0].length;
  const cosines = new Float64Array(nodes * nodes);
  for (let k = 0; k < nodes; k++) for (let m = 0; m < nodes; m++) cosines[k * nodes + m] = ((k === 0 ? 1 : 2) / nodes) * Math.cos((Math.PI * k * (m + 0.5)) / nodes);
  const out = new Float64Array(entries * nodes);
  for (let e = 0; e < entries; e++) {
    for (let k = 0; k < nodes; k++) {
      let sum = 0;
      for (let m = 0; m < nodes; m++) sum += cosines[k * nodes + m] * values[m][e];
      out[e * nodes + k] = sum;
    }
  }
  return out;
}

/**
 * Panel polynomials across the nodes: for panel p and drive index k the
 * polynomial `out[(p M + k) L …]` (L = POLYNOMIAL_LENGTH), so a neuron sums
 * M independent polynomial evaluations weighted by its basis T_k(x).
 */
function panelsAcrossNodes(values: readonly Float64Array[]): Float64Array {
  const nodes = values.length, L = POLYNOMIAL_LENGTH, panels = values[0].length / L;
  const entryMajor = acrossNodes(values); // [(p L + j) M + k]
  const out = new Float64Array(entryMajor.length);
  for (let p = 0; p < panels; p++) {
    for (let k = 0; k < nodes; k++) for (let j = 0; j < L; j++) out[(p * nodes + k) * L + j] = entryMajor[(p * L + j) * nodes + k];
  }
  return out;
}

function scalarsAcross(values: number[]): Float64Array {
  return acrossNodes(values.map((v) => Float64Array.of(v)));
}

/** Build the family with `nodes` drive nodes (Chebyshev points of the first kind on the interval). */
export function buildWithNodes(request: DriveFamilyRequest, nodes: number): DriveFamily {
  const { vReset, vPeak, errors } = request;
  const mid = (request.driveLow + request.driveHigh) / 2, half = (request.driveHigh - request.driveLow) / 2;
  const drives = Array.from(chebyshevNodes(nodes - 1), (x) => mid + half * x);
  const integrands = drives.map((drive) => new Integrand(request.rhsAt(drive), errors.parameter, errors.requirement));
  const tops = integrands.map((integrand) => findTop(integrand, vReset, vPeak));
  const vTop = Math.max(...tops.map((t) => t.vTop));
  const commonTops = tops.map((t, m) => ({ period: t.period, vTop, tail: tailIntegral(integrands[m], vTop, vPeak, 1e-12) }));
  const fMin = () => Math.min(...integrands.map((integrand) => integrand.fMin));
  const vJoint = Math.min(...integrands.map((integrand) => jointOf(integrand, vReset, vTop)));
  const upper = commonPanels((m, p) => fitUpperForward(integrands[m], vJoint, commonTops[m], p), nodes, 4, MAX_PANELS, `T(V) on [${vJoint}, ${vTop}]`, errors, fMin);
  const middle = nodes >> 1; // any positive scale serves every node; the middle node's is typical
  const yScale = lowerScale(integrands[middle], vJoint, upper.fits[middle].bounds[0]);
  const lower = commonPanels((m, p) => fitLowerForward(integrands[m], vJoint, yScale, upper.fits[m].bounds[0], p), nodes, 8, MAX_PANELS, `T(V) below ${vJoint}`, errors, fMin);
  const tables = integrands.map((integrand, m) => new PhaseTable(forwardData(integrand, vReset, vPeak, vJoint, yScale, commonTops[m], upper.fits[m], lower.fits[m])));
  // the joint in z moves with the drive when it is not the reset: any value between the nodes' serves
  const zJoint = tables.reduce((sum, t) => sum + t.zJoint, 0) / nodes;
  const wEnd = Math.max(...tables.map((t) => t.wEnd));
  const upperInverse = commonPanels((m, p) => fitUpperInverse(tables[m], integrands[m].fMin, p, zJoint), nodes, Math.max(8, upper.panels / 4), MAX_PANELS, 'V(phi) on [0, 1]', errors, fMin);
  const lowerInverse = commonPanels(
    (m, p) => fitLowerInverse(tables[m], integrands[m], integrands[m].fMin, p, zJoint, wEnd), nodes, 4, LOWER_INVERSE_MAX_PANELS, 'V(phi) below the reset', errors, fMin,
  );
  return new DriveFamily({
    driveLow: request.driveLow,
    driveHigh: request.driveHigh,
    nodes,
    vReset,
    vPeak,
    vJoint,
    yScale,
    vTop,
    upperPanels: upper.panels,
    lowerPanels: lower.panels,
    upperInversePanels: upperInverse.panels,
    lowerInversePanels: lowerInverse.panels,
    zJoint,
    wEnd,
    upperCoef: panelsAcrossNodes(upper.fits.map((f) => f.coef)),
    lowerCoef: panelsAcrossNodes(lower.fits.map((f) => f.coef)),
    upperInverseCoef: panelsAcrossNodes(upperInverse.fits.map((f) => f.coef)),
    lowerInverseCoef: panelsAcrossNodes(lowerInverse.fits.map((f) => f.coef)),
    periodCoef: scalarsAcross(tables.map((t) => t.period)),
    tailTimeCoef: scalarsAcross(tables.map((t) => t.tailTime)),
    tailSlopeCoef: scalarsAcross(tables.map((t) => t.tailSlope)),
  });
}

/**
 * Largest disagreement between the family at `drive` and a table built
 * directly for that drive, as a multiple of the allowed error (≤ 1 passes):
 * time to peak relative to itself on both sides of the reset, and the
 * inverse map in voltage against the inverse tolerance of the direct table.
 */
export function familyError(family: DriveFamily, request: DriveFamilyRequest, drive: number): number {
  const direct = buildPhaseTable(request.rhsAt(drive), request.vReset, request.vPeak, request.errors);
  const basis = new Float64Array(family.nodes);
  chebyshevBasis(family.coordinate(drive), basis, family.nodes);
  const period = family.period(basis);
  let worst = Math.abs(period - direct.period) / (FAMILY_RELATIVE * direct.period);
  const samples = 257;
  for (let s = 0; s < samples; s++) {
    const f = (s + 0.37) / samples;
    const vUp = direct.vReset + f * (direct.vTop - direct.vReset);
    const vDown = direct.vReset - Math.expm1(f * Y_END * 1.1);
    for (const v of [vUp, vDown]) {
      const exact = direct.timeToPeak(v);
      worst = Math.max(worst, Math.abs(family.timeToPeak(v, basis) - exact) / (FAMILY_RELATIVE * exact));
    }
    const voltageTolerance = Math.max(2 ** -45 * direct.fMin * direct.period, 2 ** -47 * Math.max(1, Math.abs(direct.vReset), Math.abs(direct.vTop)));
    const phiUp = 1 - Math.exp(Z_TOP * f);
    worst = Math.max(worst, Math.abs(family.voltage(phiUp, basis, period) - direct.voltage(phiUp)) / voltageTolerance);
    // below the joint the tables hold y = ln(1 + vJoint - V), whose rounding floor is ~2^-48 y
    const phiDown = 1 - Math.exp(family.zJoint + (family.wEnd - family.zJoint) * 1.1 * f);
    const yExact = Math.log1p((family.vJoint - direct.voltage(phiDown)) / family.yScale);
    const yFamily = Math.log1p((family.vJoint - family.voltage(phiDown, basis, period)) / family.yScale);
    worst = Math.max(worst, Math.abs(yFamily - yExact) / (FAMILY_RELATIVE * Math.max(1, yExact)));
  }
  return worst;
}

/**
 * Build the tables for every drive in [driveLow, driveHigh]: tables at
 * Chebyshev nodes in the drive, interpolated by their Chebyshev series,
 * checked against tables built directly at drives between the outer nodes
 * (where interpolation errs most) and in the middle.
 * @throws InvalidParameterError naming the drive interval when 33 nodes do not reach 2^-46 relative
 *   (not seen for the EIF's canonical intervals, where 9 nodes suffice)
 */
export function buildDriveFamily(request: DriveFamilyRequest): DriveFamily {
  let worst = Infinity;
  for (const nodes of NODE_COUNTS) {
    const family = buildWithNodes(request, nodes);
    const mid = (request.driveLow + request.driveHigh) / 2, half = (request.driveHigh - request.driveLow) / 2;
    const edge = Math.cos(Math.PI / nodes);
    worst = Math.max(...[edge, -edge, 0.3].map((x) => familyError(family, request, mid + half * x)));
    if (worst <= 1) return family;
  }
  throw new InvalidParameterError(
    request.errors.parameter,
    request.errors.value,
    `drives over which the phase tables interpolate to ${FAMILY_RELATIVE.toExponential(1)} relative with ${NODE_COUNTS[NODE_COUNTS.length - 1]} nodes (reached ${worst.toExponential(1)} times that)`,
  );
}
