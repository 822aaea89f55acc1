import { createRequire } from 'node:module';
import type { EifParameters } from './eif-parameters.js';

/*
 * An independent reference for the EIF: the Gragg–Bulirsch–Stoer
 * extrapolation integrator odex (Hairer's ODEX), a different method from the
 * tables' Chebyshev panels, integrating dt/dV = 1/F(V) piece by piece between
 * breakpoints placed in units of dT around VT (and of 1 for the leak), summed
 * from the top. odex is CommonJS without types.
 */
interface OdexSolver {
  absoluteTolerance: number;
  relativeTolerance: number;
  maxSteps: number;
  initialStepSize: number;
  solve(f: (x: number, y: number[]) => number[], x0: number, y0: number[], x1: number): { y: number[]; outcome: number };
}
const { Solver } = createRequire(import.meta.url)('odex') as { Solver: new (n: number) => OdexSolver };

const OFFSETS = [-1e12, -1e9, -1e6, -1e4, -1e3, -300, -100, -30, -10, -6, -3, -1, -0.5, -0.2, -0.1, 0, 0.1, 0.3, 1, 2, 4, 8, 16, 32, 64];

/** Time to the cut-off T(V) and phase 1 - T(V)/T(vReset) of an EIF neuron, by ODE integration. */
export class EifOde {
  readonly period: number;
  private readonly solver = new Solver(1);
  private readonly vHigh: number;
  private readonly breakpoints: number[];

  constructor(
    private readonly p: EifParameters,
    private readonly drive: number,
  ) {
    // above vHigh the exponential exceeds the drive by e^80: the time left, < e^-80 dT/F, is below any double phase step
    this.vHigh = Math.min(p.vPeak, p.VT + p.dT * (80 + Math.max(0, Math.log(Math.abs(drive) / p.dT))));
    this.breakpoints = [...new Set([...OFFSETS.map((r) => p.VT + r * p.dT), ...OFFSETS.map((r) => p.VT + r)])].sort((a, b) => a - b);
    // relative 1e-15: odex agrees with its own 1e-14 runs to ~2e-14 in T
    this.solver.relativeTolerance = 1e-15;
    this.solver.absoluteTolerance = 0;
    this.solver.maxSteps = 1e6;
    this.period = this.timeToPeak(p.vReset);
  }

  force(v: number): number {
    return -v + this.p.dT * Math.exp((v - this.p.VT) / this.p.dT) + this.drive;
  }

  timeToPeak(v: number): number {
    if (v >= this.vHigh) return 0;
    let sum = 0, upper = this.vHigh;
    for (let b = this.breakpoints.length - 1; b >= -1 && upper > v; b--) {
      const lower = b >= 0 ? Math.max(v, this.breakpoints[b]) : v;
      if (lower >= upper) continue;
      this.solver.initialStepSize = Math.min(1e-3 * this.p.dT, (upper - lower) / 8);
      const result = this.solver.solve((x) => [1 / this.force(x)], lower, [0], upper);
      if (result.outcome !== 0) throw new Error(`odex stopped with outcome ${result.outcome}`);
      sum += result.y[0];
      upper = lower;
    }
    return sum;
  }

  phase(v: number): number {
    return v >= this.p.vPeak ? 1 : 1 - this.timeToPeak(v) / this.period;
  }
}
