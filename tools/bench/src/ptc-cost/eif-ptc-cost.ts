/**
 * Cost of the EIF phase maps against LIF's closed form, and table build times.
 *
 *   pnpm --filter @sparseprop/tool-bench ptc-cost:eif
 *
 * Each case runs in its own child process: timing several models in one
 * process makes the call sites megamorphic and slows every case down.
 * Phases are uniform in [-0.5, 1), kicks J = -0.1 (the reference network's).
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { NeuronModel } from '@sparseprop/core';
import { LifModel } from '@sparseprop/model-lif';
import { EifModel } from '@sparseprop/model-eif';
import { QuadratureModel } from '@sparseprop/numerics';

const CALLS = 1 << 16;
const REPEATS = 40;
const ROUNDS = 7;

type Case = { label: string; make: () => NeuronModel; member: 'ptc' | 'voltage' | 'phase' | 'dPtcDPhi'; heterogeneous?: boolean };

const eifRhs = (v: number) => -v + 0.1 * Math.exp(v / 0.1) + 0.1;
const heterogeneousDrive = (n: number) => Float64Array.from({ length: n }, (_, i) => 0.1 * (1 + 0.4 * Math.sin((2 * i) / n)));

const CASES: Record<string, Case> = {
  'lif-ptc': { label: 'LIF ptc (closed form)', make: () => new LifModel(1, 0.1), member: 'ptc' },
  'eif-ptc': { label: 'EIF ptc (homogeneous table)', make: () => new EifModel(1, 0.1), member: 'ptc' },
  'quadrature-ptc': { label: 'QuadratureModel ptc (EIF rhs)', make: () => new QuadratureModel({ rhs: eifRhs, vReset: -1, vPeak: 1000 }, 1), member: 'ptc' },
  'eif-voltage': { label: 'EIF voltage(phi)', make: () => new EifModel(1, 0.1), member: 'voltage' },
  'eif-phase': { label: 'EIF phase(V)', make: () => new EifModel(1, 0.1), member: 'phase' },
  'eif-dptc': { label: 'EIF dPtcDPhi', make: () => new EifModel(1, 0.1), member: 'dPtcDPhi' },
  'lif-het-ptc': { label: 'LIF ptc, heterogeneous drive', make: () => new LifModel(1000, heterogeneousDrive(1000)), member: 'ptc', heterogeneous: true },
  'eif-het-ptc': { label: 'EIF ptc, heterogeneous drive (interpolated in I)', make: () => new EifModel(1000, heterogeneousDrive(1000)), member: 'ptc', heterogeneous: true },
};

function measure(c: Case): number {
  const model = c.make();
  const phis = new Float64Array(CALLS);
  const neurons = new Int32Array(CALLS);
  let seed = 12345;
  const uniform = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  for (let s = 0; s < CALLS; s++) {
    phis[s] = -0.5 + 1.5 * uniform();
    neurons[s] = c.heterogeneous ? Math.floor(uniform() * model.size) : 0;
  }
  let sink = 0, best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint();
    for (let r = 0; r < REPEATS; r++) {
      for (let s = 0; s < CALLS; s++) {
        const phi = phis[s], i = neurons[s];
        if (c.member === 'ptc') sink += model.ptc(phi, -0.1, i);
        else if (c.member === 'voltage') sink += model.voltage(phi, i);
        else if (c.member === 'phase') sink += model.phase(phi, i);
        else sink += model.dPtcDPhi(phi, -0.1, i);
      }
    }
    best = Math.min(best, Number(process.hrtime.bigint() - start) / (REPEATS * CALLS));
  }
  if (Number.isNaN(sink)) throw new Error('NaN');
  return best;
}

function buildTimes(): string[] {
  const lines: string[] = [];
  let t = performance.now();
  new QuadratureModel({ rhs: eifRhs, vReset: -1, vPeak: 1000 }, 1);
  lines.push(`table build, first (cold JIT): ${(performance.now() - t).toFixed(0)} ms`);
  const times: number[] = [];
  for (let r = 0; r < 5; r++) {
    t = performance.now();
    new QuadratureModel({ rhs: (v: number) => -v + 0.1 * Math.exp(v / 0.1) + 0.1 + r * 1e-3, vReset: -1, vPeak: 1000 }, 1);
    times.push(performance.now() - t);
  }
  lines.push(`table build, warm (median of 5): ${times.sort((a, b) => a - b)[2].toFixed(1)} ms`);
  t = performance.now();
  const model = new EifModel(1000, heterogeneousDrive(1000));
  lines.push(`heterogeneous EIF (iext 0.1, eta 0.4, N 1000): ${(performance.now() - t).toFixed(0)} ms for its drive families (cached afterwards); omega(0) = ${model.omega(0)}`);
  return lines;
}

const which = process.argv[2];
if (which === 'build') {
  for (const line of buildTimes()) console.log(line);
} else if (which !== undefined) {
  console.log(measure(CASES[which]).toFixed(1));
} else {
  const self = fileURLToPath(import.meta.url);
  const run = (arg: string) => execFileSync(process.execPath, [...process.execArgv, self, arg], { encoding: 'utf8' }).trim();
  for (const [key, c] of Object.entries(CASES)) console.log(`${c.label.padEnd(52)} ${run(key).padStart(7)} ns/call`);
  console.log(run('build'));
}
