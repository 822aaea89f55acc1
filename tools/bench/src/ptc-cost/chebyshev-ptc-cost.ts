/**
 * Cost per call of ptc: LIF closed form, chebyshev:lif, the EIF quadrature
 * table and chebyshev:eif, at the reference network's drive and coupling
 * (iext = 0.1, J = -0.1), over phases taken from running networks.
 *
 * Each model runs in its own process (mixing them in one loop makes the call
 * site megamorphic and everything slower), `repeats` times interleaved; the
 * table reports the smallest median of those runs, which is the least
 * disturbed by other load on the machine.
 *
 *   pnpm --filter @sparseprop/tool-bench ptc-cost:chebyshev [repeats]
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CASES } from './chebyshev-cases.js';

const repeats = Number(process.argv[2] ?? 5);
const worker = fileURLToPath(new URL('./chebyshev-ptc-cost-worker.ts', import.meta.url));
const best = new Map<string, { median: number; min: number }>();
for (let r = 0; r < repeats; r++) {
  for (const name of CASES) {
    const out = JSON.parse(execFileSync(process.execPath, [...process.execArgv, worker, name], { encoding: 'utf8' }).trim().split('\n').pop()!);
    const previous = best.get(name);
    best.set(name, { median: Math.min(previous?.median ?? Infinity, out.medianNs), min: Math.min(previous?.min ?? Infinity, out.minNs) });
  }
}
const lif = best.get('lif')!.median, eif = best.get('eif')!.median;
console.log(`ptc cost per call (ns), best median of ${repeats} runs per model; iext = 0.1, J = -0.1`);
console.log('model            median    min   ×LIF   ×EIF table');
for (const [name, { median, min }] of best) {
  console.log(`${name.padEnd(16)} ${median.toFixed(1).padStart(6)} ${min.toFixed(1).padStart(6)} ${(median / lif).toFixed(2).padStart(6)} ${(median / eif).toFixed(2).padStart(8)}`);
}
