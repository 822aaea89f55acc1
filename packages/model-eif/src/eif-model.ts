import { InvalidParameterError, type NeuronModel, RecentCache } from '@sparseprop/core/plugin';
import { buildDriveFamily, buildPhaseTable, chebyshevBasis, type DriveFamily, type PhaseTable } from '@sparseprop/numerics';
import { driveParameterName, driveRequirement, EIF_MAX_IEXT, type EifParameters, eifRhs, resolveEifParameters, tonicDriveThreshold } from './eif-parameters.js';


const tables = new RecentCache<PhaseTable>(32);
const families = new RecentCache<DriveFamily>(16);

/**
 * Heterogeneous drives are grouped into canonical intervals
 * `I - I* in [dT r^j, dT r^(j+1)]` (I* the tonic threshold): the nearest
 * singularity of the tables in the drive is I* (where F vanishes), so on
 * such an interval the Chebyshev series in the drive converge like rho^-M
 * with rho = 21 + sqrt(440) ≈ 42 for r = 1.1, and M = 9 nodes reach ~1e-15.
 * The intervals are shared between networks (cached). A wider r needs more
 * nodes, and the cost per call grows with M.
 */
const FAMILY_RATIO = 1.1;
/** Largest node count of a drive family (scratch size). */
const MAX_NODES = 33;

function familyIndex(p: EifParameters, drive: number): number {
  return Math.floor(Math.log((drive - tonicDriveThreshold(p)) / p.dT) / Math.log(FAMILY_RATIO));
}

function familyFor(p: EifParameters, index: number): DriveFamily {
  const key = `${p.dT}|${p.VT}|${p.vReset}|${p.vPeak}|${index}`;
  return families.get(key, () => {
    const threshold = tonicDriveThreshold(p);
    return buildDriveFamily({
      rhsAt: (drive) => eifRhs(p, drive),
      vReset: p.vReset,
      vPeak: p.vPeak,
      driveLow: threshold + p.dT * FAMILY_RATIO ** index,
      driveHigh: threshold + p.dT * FAMILY_RATIO ** (index + 1),
      errors: { parameter: driveParameterName(p), value: `drives in [${threshold + p.dT * FAMILY_RATIO ** index}, ${threshold + p.dT * FAMILY_RATIO ** (index + 1)}]`, requirement: driveRequirement(p) },
    });
  });
}

/**
 * Exponential integrate-and-fire neuron (docs/algorithm.md §2),
 * `dV/dt = -V + dT exp((V - VT)/dT) + I`, reset to vReset when V reaches the
 * cut-off vPeak, in the phase representation `phi = 1 - T(V)/T(vReset)` with
 * `T(V)` the time to the cut-off. No closed form exists: the maps come from
 * quadrature tables (see {@link "@sparseprop/numerics"!QuadratureModel}), accurate to ~1e-14 in phase.
 *
 * With one drive for all neurons the model is homogeneous and uses one table.
 * With a drive per neuron (the time frame) it does not build one table per
 * neuron: neurons share tables tabulated at 9 Chebyshev nodes in the drive
 * and interpolated there (each neuron keeps five numbers), at about 4 times
 * the cost per call of the homogeneous model, checked at build against
 * tables made directly for drives between the nodes.
 */
export class EifModel implements NeuronModel {
  readonly name = 'eif';
  readonly size: number;
  readonly homogeneous: boolean;
  readonly phiThreshold = 1;
  readonly phiReset = 0;
  readonly phiMin: number;
  readonly vThreshold: number;
  readonly vReset: number;
  /** The resolved parameters. */
  readonly parameters: Readonly<EifParameters>;
  private readonly dT: number;
  private readonly VT: number;
  /** Voltages at or above this have phase exactly 1. */
  private readonly vTop: number;
  private readonly table: PhaseTable | undefined;
  private readonly omegaValue: number;
  private readonly driveValue: number;
  // heterogeneous state: per neuron its family, drive coordinate, period, omega and drive
  private readonly familyList: DriveFamily[] = [];
  private readonly familyOf: Int32Array;
  private readonly coordinates: Float64Array;
  private readonly periods: Float64Array;
  private readonly omegas: Float64Array;
  private readonly drives: Float64Array;
  private readonly basis = new Float64Array(MAX_NODES);

  /**
   * @param size number of neurons N, integer ≥ 1
   * @param drive external drive I (dimensionless): one number for every neuron,
   *   or one per neuron (length N); each in `(VT - dT, EIF_MAX_IEXT = 1e100]`
   *   (above the tonic threshold, see tonicDriveThreshold; near it, as close
   *   as the tables can resolve: the builder refuses what it cannot)
   * @param parameters dT in `[1e-3, 1e6]`, VT in `[-1e3 dT, 1e3 dT]`, vReset
   *   finite, vPeak in `(vReset, 1e50]` (defaults: the reference 0.1, 0, -1,
   *   1000); the ranges and how they were measured: EIF_MIN_DT and its
   *   siblings, and the package README
   * @throws InvalidParameterError naming the parameter, value and range
   */
  constructor(size: number, drive: number | Float64Array, parameters: Partial<EifParameters> = {}) {
    if (!Number.isInteger(size) || size < 1) throw new InvalidParameterError('n', size, 'an integer ≥ 1');
    const p = resolveEifParameters(parameters);
    this.parameters = Object.freeze(p);
    this.size = size;
    this.dT = p.dT;
    this.VT = p.VT;
    this.vReset = p.vReset;
    this.vThreshold = p.vPeak;
    const threshold = tonicDriveThreshold(p);
    const checkDrive = (value: number, name: string) => {
      if (!(value > threshold && value <= EIF_MAX_IEXT)) throw new InvalidParameterError(name, value, driveRequirement(p));
    };
    if (typeof drive === 'number') {
      checkDrive(drive, 'iext');
      this.homogeneous = true;
      this.table = tables.get(`${p.dT}|${p.VT}|${p.vReset}|${p.vPeak}|${drive}`, () => buildPhaseTable(eifRhs(p, drive), p.vReset, p.vPeak, { parameter: driveParameterName(p), value: drive, requirement: driveRequirement(p) }));
      this.omegaValue = this.table.omega;
      this.driveValue = drive;
      this.vTop = this.table.vTop;
      this.phiMin = this.table.phase(-Infinity); // the clamped bottom: every phase() result is ≥ this
      this.familyOf = new Int32Array(0);
      this.coordinates = this.periods = this.omegas = this.drives = new Float64Array(0);
      return;
    }
    if (drive.length !== size) throw new InvalidParameterError('drive.length', drive.length, `equal to n = ${size}`);
    this.homogeneous = false;
    this.table = undefined;
    this.omegaValue = this.driveValue = NaN; // unused when heterogeneous
    this.familyOf = new Int32Array(size);
    this.coordinates = new Float64Array(size);
    this.periods = new Float64Array(size);
    this.omegas = new Float64Array(size);
    this.drives = Float64Array.from(drive);
    const byIndex = new Map<number, number>();
    let vTop = -Infinity, phiMin = Infinity;
    for (let i = 0; i < size; i++) {
      checkDrive(drive[i], `iext of neuron ${i}`);
      const index = familyIndex(p, drive[i]);
      let slot = byIndex.get(index);
      if (slot === undefined) {
        slot = this.familyList.length;
        byIndex.set(index, slot);
        this.familyList.push(familyFor(p, index));
      }
      const family = this.familyList[slot];
      this.familyOf[i] = slot;
      this.coordinates[i] = family.coordinate(drive[i]);
      chebyshevBasis(this.coordinates[i], this.basis, family.nodes);
      this.periods[i] = family.period(this.basis);
      this.omegas[i] = 1 / this.periods[i];
      vTop = Math.max(vTop, family.vTop);
      phiMin = Math.min(phiMin, 1 - family.timeToPeak(-Infinity, this.basis) * this.omegas[i]);
    }
    this.vTop = vTop;
    this.phiMin = phiMin;
  }

  omega(i: number): number {
    return this.table !== undefined ? this.omegaValue : this.omegas[i];
  }

  voltage(phi: number, i: number): number {
    if (this.table !== undefined) return this.table.voltage(phi);
    const family = this.prepare(i);
    return family.voltage(phi, this.basis, this.periods[i]);
  }

  phase(v: number, i: number): number {
    if (this.table !== undefined) return this.table.phase(v);
    const family = this.prepare(i);
    return 1 - family.timeToPeak(v, this.basis) * this.omegas[i];
  }

  ptc(phi: number, J: number, i: number): number {
    const table = this.table;
    if (table !== undefined) return table.phase(table.voltage(phi) + J);
    const family = this.prepare(i);
    const v = family.voltage(phi, this.basis, this.periods[i]);
    return 1 - family.timeToPeak(v + J, this.basis) * this.omegas[i];
  }

  /**
   * `F(V)/F(V + J)` with `V = voltage(phi)`; 0 when the kick reaches the top
   * (ptc = 1). At phi = 1 exactly (V = vPeak, F = +Infinity) an inhibitory
   * kick below the top gives +Infinity: the exact value overflows.
   */
  dPtcDPhi(phi: number, J: number, i: number): number {
    const v = this.voltage(phi, i);
    if (v + J >= this.vTop) return 0;
    const drive = this.table !== undefined ? this.driveValue : this.drives[i];
    // clamped like phase(): F(-Infinity) would make Infinity/Infinity at phi = 1 (V = vPeak)
    return this.force(v, drive) / this.force(Math.max(v + J, -Number.MAX_VALUE), drive);
  }

  /** `omega/F(V + J)` with `V = voltage(phi)`; 0 when the kick reaches the top (ptc = 1). */
  dPtcDJ(phi: number, J: number, i: number): number {
    const target = this.voltage(phi, i) + J;
    if (target >= this.vTop) return 0;
    const drive = this.table !== undefined ? this.driveValue : this.drives[i];
    return this.omega(i) / this.force(Math.max(target, -Number.MAX_VALUE), drive);
  }

  /** The drive of neuron `i` (dimensionless). */
  drive(i: number): number {
    return this.table !== undefined ? this.driveValue : this.drives[i];
  }

  /** F(v) for a drive. */
  private force(v: number, drive: number): number {
    return -v + this.dT * Math.exp((v - this.VT) / this.dT) + drive;
  }

  /** Fill the basis scratch for neuron i and return its family. */
  private prepare(i: number): DriveFamily {
    const family = this.familyList[this.familyOf[i]];
    chebyshevBasis(this.coordinates[i], this.basis, family.nodes);
    return family;
  }
}
