/**
 * The heap's `update` alone, before (read from git) and after NaN ranking,
 * interleaved in one process: 3e6 random updates of a 1e5-key heap with a
 * `shiftAll` every 65536, binary and 32-ary; prints the median ratio of CPU
 * ns per update, new/old, over 7 paired repetitions. Less noisy than a whole
 * engine on a busy machine.
 *
 *   pnpm --filter @sparseprop/tool-hardening-check heap-update-cost
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { IndexedDaryHeap } from '@sparseprop/queue-heap';
const root = resolve(import.meta.dirname, '../../..');
const coreEntry = pathToFileURL(join(root, 'packages/core/src/plugin.ts')).href;
const src = execFileSync('git', ['show', 'a0cef27~1:packages/queue-heap/src/indexed-dary-heap.ts'], { cwd: root, encoding: 'utf8' }).replace(/from '@sparseprop\/core\/plugin'/g, `from '${coreEntry}'`);
const f = join(mkdtempSync(join(tmpdir(), 'sp-micro-')), 'old-heap.ts'); writeFileSync(f, src);
const Old = (await import(pathToFileURL(f).href)).IndexedDaryHeap as typeof IndexedDaryHeap;
const n = 100000, ops = 3_000_000;
const keys = new Float64Array(n).map((_, i) => Math.sin(i) * 1000);
const targets = new Int32Array(ops).map(() => Math.floor(Math.random() * n));
const deltas = new Float64Array(ops).map(() => Math.random() * 2 - 0.5);
function bench(H: typeof IndexedDaryHeap, arity: number): number {
  const h = new H(n, arity); h.build(keys);
  const t0 = process.cpuUsage();
  for (let s = 0; s < ops; s++) { const i = targets[s]; h.update(i, h.key(i) + deltas[s]); if ((s & 0xffff) === 0) { h.shiftAll(-1); } }
  const u = process.cpuUsage(t0); return (u.user + u.system) * 1000 / ops;
}
for (const arity of [2, 32]) {
  const r: number[] = [];
  for (let rep = 0; rep < 7; rep++) { const a = bench(Old, arity), b = bench(IndexedDaryHeap, arity); const c = bench(IndexedDaryHeap, arity), d = bench(Old, arity); r.push((b + c) / (a + d)); }
  r.sort(); console.log(`arity ${arity}: new/old ns per update median ${r[3].toFixed(3)} (${r[0].toFixed(3)}-${r[6].toFixed(3)})`);
}
