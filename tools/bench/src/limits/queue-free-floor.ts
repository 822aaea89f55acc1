/**
 * What a JS engine's spike costs without any queue: draw the spiker's K
 * targets with the engine's procedural generator (no memo, as at N ≥ 1e6),
 * then update each target's state in place, and nothing else. No queue can
 * make an engine cheaper than this, so it bounds the speed-up any queue can
 * give over the 32-ary heap:
 *
 *   - `qif-time`: the QIF time frame's update of a target's next spike time
 *     (phase from the time left, `2 atan(tan(phi/2) + c)`, new time), what
 *     the JS time-frame engine does per input besides moving the neuron;
 *   - `rmw`: one multiply-add on an 8-byte key (the memory floor, as
 *     random-rmw.c in C, plus the JS target generator).
 *
 * Spikers are drawn uniformly (the network's order does not matter to the
 * cost). From tools/bench:
 *
 *   npx tsx --tsconfig tsconfig.json --conditions=@sparseprop/source src/limits/queue-free-floor.ts [--n 1e3,1e6] [--spikes 2e5] [--reps 5]
 *
 * Prints a Markdown table of median CPU ns per spike.
 */
import { parseArgs } from 'node:util';
import { drawInlinedTargets } from '../sweep/inlined-targets.js';
import { prepareInlinedNetwork } from '../sweep/inlined-network.js';
import { median } from '../sweep/statistics.js';

const { values } = parseArgs({ options: { n: { type: 'string', default: '1e3,1e6' }, spikes: { type: 'string', default: '2e5' }, reps: { type: 'string', default: '5' } } });
const sizes = values.n.split(',').map(Number);
const spikes = Number(values.spikes), reps = Number(values.reps), k = 100;

function run(kind: 'qif-time' | 'rmw', n: number): number {
  const net = prepareInlinedNetwork({ n, k, seed: 1, targetCacheBytes: 0 }, 'phase');
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) times[i] = 1 + ((i * 2654435761) % 1000) * 1e-3;
  // QIF at the reference drive: omega = 2 sqrt(I), c = -j0/sqrt(K) * 2/omega
  const iext = 0.01 * Math.sqrt(k), omega = 2 * Math.sqrt(iext), c = (-1 / Math.sqrt(k)) * (2 / omega);
  const targets = net.targets;
  let t = 0.5, seed = 12345, sink = 0;
  const start = process.cpuUsage();
  for (let s = 0; s < spikes; s++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    const j = seed % n;
    drawInlinedTargets(net, j);
    if (kind === 'qif-time') {
      for (let q = 0; q < k; q++) {
        const i = targets[q];
        const phi = Math.PI - omega * (times[i] - t);
        const after = 2 * Math.atan(Math.tan(phi * 0.5) + c);
        times[i] = t + (Math.PI - after) / omega;
      }
    } else {
      for (let q = 0; q < k; q++) {
        const i = targets[q];
        times[i] = times[i] * 0.999999 + 1e-6;
      }
    }
    t += 1e-9;
  }
  const used = process.cpuUsage(start);
  for (let i = 0; i < n; i += 997) sink += times[i];
  if (!Number.isFinite(sink)) throw new Error('non-finite state');
  return ((used.user + used.system) * 1000) / spikes;
}

console.log(`\nQueue-free floor of a JS engine spike, K = ${k}, ${spikes} spikes, median CPU ns per spike of ${reps}\n`);
console.log('| N | rmw (generator + K key updates) | qif-time (generator + K QIF time-frame updates) |');
console.log('| --- | --- | --- |');
for (const n of sizes) {
  const rmw: number[] = [], qif: number[] = [];
  run('rmw', n); // warm-up: JIT tiers
  run('qif-time', n);
  for (let r = 0; r < reps; r++) {
    rmw.push(run('rmw', n));
    qif.push(run('qif-time', n));
  }
  console.log(`| ${n.toExponential(0).replace("+", "")} | ${median(rmw).toFixed(0)} | ${median(qif).toFixed(0)} |`);
}
