import { createRequire } from 'node:module';

/*
 * An independent reference for one-dimensional integrate-and-fire models
 * dV/dt = F(V): the Gragg–Bulirsch–Stoer extrapolation integrator odex
 * (Hairer's ODEX) integrating dt/dV = 1/F(V), piece by piece between fixed
 * breakpoints, summed from the top. A different method from the tables'
 * Chebyshev panels (the same construction as packages/model-eif's tests).
 */
interface OdexSolver {
  absoluteTolerance: number;
  relativeTolerance: number;
  maxSteps: number;
  initialStepSize: number;
  solve(f: (x: number, y: number[]) => number[], x0: number, y0: number[], x1: number): { y: number[]; outcome: number };
}
const { Solver } = createRequire(import.meta.url)('odex') as { Solver: new (n: number) => OdexSolver };

/** Time left to the cut-off, T(V) = ∫_V^vHigh dV'/F(V'), with `breakpoints` ascending. */
export class OdeTimeToPeak {
  private readonly solver = new Solver(1);
  constructor(
    private readonly force: (v: number) => number,
    private readonly vHigh: number,
    private readonly breakpoints: readonly number[],
  ) {
    // relative 1e-15: odex agrees with its own 1e-14 runs to ~2e-14 in T
    this.solver.relativeTolerance = 1e-15;
    this.solver.absoluteTolerance = 0;
    this.solver.maxSteps = 1e6;
  }

  at(v: number): number {
    if (v >= this.vHigh) return 0;
    let sum = 0, upper = this.vHigh;
    for (let b = this.breakpoints.length - 1; b >= -1 && upper > v; b--) {
      const lower = b >= 0 ? Math.max(v, this.breakpoints[b]) : v;
      if (lower >= upper) continue;
      this.solver.initialStepSize = Math.min(1e-3, (upper - lower) / 8);
      const result = this.solver.solve((x) => [1 / this.force(x)], lower, [0], upper);
      if (result.outcome !== 0) throw new Error(`odex stopped with outcome ${result.outcome}`);
      sum += result.y[0];
      upper = lower;
    }
    return sum;
  }
}
