/**
 * ns per spike of a whole simulation (phase frame, binary heap, N = 20000,
 * K = 100) with each model's PTC: the share the PTC has in the O(K log N) step.
 * Best of `repeats` interleaved runs, each model in its own process.
 *
 *   pnpm --filter @sparseprop/tool-bench network-cost:chebyshev [repeats]
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CASES } from './chebyshev-cases.js';

const repeats = Number(process.argv[2] ?? 3);
const worker = fileURLToPath(new URL('./chebyshev-network-cost-worker.ts', import.meta.url));
const best = new Map<string, { ns: number; rate: number }>();
for (let r = 0; r < repeats; r++) {
  for (const name of CASES) {
    const out = JSON.parse(execFileSync(process.execPath, [...process.execArgv, worker, name], { encoding: 'utf8' }).trim().split('\n').pop()!);
    if (out.nsPerSpike < (best.get(name)?.ns ?? Infinity)) best.set(name, { ns: out.nsPerSpike, rate: out.rateHz });
  }
}
console.log(`ns per spike, best of ${repeats}; reference network N = 20000, K = 100, iext = 0.1`);
for (const [name, { ns, rate }] of best) console.log(`${name.padEnd(16)} ${ns.toFixed(0).padStart(7)} ns/spike   rate ${rate.toFixed(2)} Hz`);
