/**
 * The WebAssembly kernel's two queues (32-ary heap, lazy calendar) against
 * each other and against the C anchors `sp_best` (4-ary heap, exponential
 * keys, prefetch) and `sp_lazy` (the lazy calendar prototype), in one run:
 * the reference LIF network (K = 100, seed 1), CPU ns per spike, median of
 * the repeats, and the ratios within each repeat. Checks that both kernel
 * queues give the same spike train (hash of the neuron sequence). From
 * tools/bench:
 *
 *   npx tsx --tsconfig tsconfig.json --conditions=@sparseprop/source src/calendar/kernel-queues.ts \
 *     [--sizes 1e5,1e6,1e7] [--spikes 1e6] [--warmup 1e5] [--repeats 3] [--anchors DIR]
 *
 * `--anchors DIR` names a folder with the built C anchors (`make` there);
 * without it the C columns are left out.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { composeSimulator, createContainer, registerPlugins, SpikeTrain } from '@sparseprop/core';
import { type KernelQueue, registerWasmEngine, WasmExpKeySimulator } from '@sparseprop/engine-wasm';
import { lif } from '@sparseprop/model-lif';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1e5,1e6,1e7' },
    spikes: { type: 'string', default: '1e6' },
    warmup: { type: 'string', default: '1e5' },
    repeats: { type: 'string', default: '3' },
    anchors: { type: 'string', default: '' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const spikes = Number(values.spikes), warmup = Number(values.warmup), repeats = Number(values.repeats);
const container = registerWasmEngine(registerPlugins(createContainer(), lif));

/** CPU ns per spike of one kernel queue, and the hash of its spike train. */
function kernel(n: number, queue: KernelQueue): { ns: number; hash: number; bytes: number } {
  const composed = composeSimulator({ model: 'lif', n, k: 100, seed: 1, engine: 'wasm', targetCacheBytes: 0 }, container);
  const simulator = new WasmExpKeySimulator(composed.model, composed.connectivity, { initialPhases: composed.initialPhases }, queue);
  simulator.run({ maxSpikes: warmup });
  const train = new SpikeTrain(spikes);
  const start = process.cpuUsage();
  simulator.run({ maxSpikes: spikes, record: train });
  const used = process.cpuUsage(start);
  let hash = 0;
  for (let s = 0; s < train.length; s++) hash = (Math.imul(hash, 31) + train.neurons[s]) >>> 0;
  return { ns: ((used.user + used.system) * 1000) / train.length, hash, bytes: simulator.memoryBytes };
}

/** CPU ns per spike of a C anchor (its own loop timing), or NaN when not built. */
function anchor(name: string, n: number): number {
  const exe = join(values.anchors, name);
  if (values.anchors === '' || !existsSync(exe)) return Number.NaN;
  const out = spawnSync(exe, ['lif', String(n), '100', String(spikes)], { encoding: 'utf8' });
  const match = /cpu_ns_per_spike=([\d.]+)/.exec(out.stdout);
  return match ? Number(match[1]) : Number.NaN;
}

const columns = ['heap32', 'calendar', 'sp_best', 'sp_lazy'] as const;
const rows = new Map<number, Record<(typeof columns)[number], number[]> & { same: boolean }>();
for (let r = 0; r < repeats; r++) {
  for (const n of sizes) {
    const row = rows.get(n) ?? { heap32: [], calendar: [], sp_best: [], sp_lazy: [], same: true };
    const order: KernelQueue[] = r % 2 === 0 ? ['heap32', 'calendar'] : ['calendar', 'heap32'];
    const results = Object.fromEntries(order.map((q) => [q, kernel(n, q)])) as unknown as Record<KernelQueue, { ns: number; hash: number }>;
    row.heap32.push(results.heap32.ns);
    row.calendar.push(results.calendar.ns);
    row.same &&= results.heap32.hash === results.calendar.hash;
    row.sp_best.push(anchor('sp_best', n));
    row.sp_lazy.push(anchor('sp_lazy', n));
    rows.set(n, row);
    process.stderr.write(`repeat ${r + 1}/${repeats} N=${n}: heap32 ${results.heap32.ns.toFixed(0)} calendar ${results.calendar.ns.toFixed(0)} sp_best ${row.sp_best.at(-1)?.toFixed(0)} sp_lazy ${row.sp_lazy.at(-1)?.toFixed(0)} CPU ns/spike\n`);
  }
}

const median = (xs: number[]): number => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ratio = (a: number[], b: number[]): string => {
  const r = median(a.map((x, i) => x / b[i]));
  return Number.isNaN(r) ? '—' : `${r.toFixed(2)}×`;
};
console.log(`\nKernel queues, LIF reference network, K = 100, ${spikes} spikes after ${warmup} warm-up (C anchors: ${spikes} spikes), CPU ns per spike, median of ${repeats}\n`);
console.log('| N | kernel heap32 | kernel calendar | sp_best | sp_lazy | calendar / heap32 | calendar / sp_lazy | same spikes |');
console.log('|---:|---:|---:|---:|---:|---:|---:|---|');
for (const [n, row] of rows) {
  const cell = (xs: number[]): string => (Number.isNaN(median(xs)) ? '—' : median(xs).toFixed(0));
  console.log(`| ${n.toExponential(0)} | ${cell(row.heap32)} | ${cell(row.calendar)} | ${cell(row.sp_best)} | ${cell(row.sp_lazy)} | ${ratio(row.calendar, row.heap32)} | ${ratio(row.calendar, row.sp_lazy)} | ${row.same ? 'yes' : 'NO'} |`);
}
