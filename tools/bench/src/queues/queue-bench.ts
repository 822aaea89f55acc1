/**
 * ns per spike of the queues on the LIF (or QIF) reference network (K = 100, j0 = 1,
 * iext = 0.1), each measurement in its own node process (queue-bench-worker.ts).
 * Repeats are interleaved across queues so a change in machine load hits all
 * of them alike; the tables show CPU and wall time per spike, median and
 * min–max.
 *
 *   pnpm --filter @sparseprop/tool-bench queues [--sizes 1e3,1e5,1e6]
 *     [--queues binary,4-ary,pairing,pairing-multipass] [--repeats 3]
 *     [--spikes 300000] [--warmup 30000] [--engine exp|phase|time] [--k 100]
 *     [--model lif|qif] [--baseline 32-ary]   (with a baseline: a ratio column per queue, baseline / queue, same repeat)
 */
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface Measurement {
  queue: string;
  n: number;
  nsPerSpike: number;
  cpuNsPerSpike: number;
  spikes: number;
  checksum: number;
}

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1e3,1e5,1e6' },
    queues: { type: 'string', default: 'binary,4-ary,pairing,pairing-multipass' },
    repeats: { type: 'string', default: '3' },
    spikes: { type: 'string', default: '300000' },
    warmup: { type: 'string', default: '30000' },
    engine: { type: 'string', default: 'exp' },
    k: { type: 'string', default: '100' },
    model: { type: 'string', default: 'lif' },
    baseline: { type: 'string', default: '' },
  },
});
const sizes = values.sizes.split(',').map(Number);
const queues = values.queues.split(',');
const repeats = Number(values.repeats);
const here = dirname(fileURLToPath(import.meta.url));
const worker = resolve(here, 'queue-bench-worker.ts');
const packageRoot = resolve(here, '../..'); // tools/bench: its tsconfig, and tsx in its node_modules
const tsconfig = resolve(packageRoot, 'tsconfig.json');

function measure(queue: string, n: number): Measurement {
  const args = ['--conditions=@sparseprop/source', '--import', 'tsx/esm', worker, queue, String(n), values.k, values.warmup, values.spikes, values.engine, values.model];
  const child = spawnSync(process.execPath, args, { cwd: packageRoot, env: { ...process.env, TSX_TSCONFIG_PATH: tsconfig }, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`worker ${queue} n=${n} failed:\n${child.stderr}`);
  return JSON.parse(child.stdout.trim().split('\n').pop() ?? '') as Measurement;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const results = new Map<string, Measurement[]>();
for (let r = 0; r < repeats; r++) {
  for (const n of sizes) {
    for (const queue of queues) {
      const m = measure(queue, n);
      const key = `${n}|${queue}`;
      results.set(key, [...(results.get(key) ?? []), m]);
      process.stderr.write(`repeat ${r + 1}/${repeats} n=${n} ${queue}: ${m.cpuNsPerSpike.toFixed(0)} CPU ns/spike, ${m.nsPerSpike.toFixed(0)} wall\n`);
    }
  }
}

function table(title: string, metric: (m: Measurement) => number): void {
  const model = values.model.toUpperCase();
  // ratios: baseline / queue within each repeat (same machine load), then the median
  const ratioQueues = values.baseline === '' ? [] : queues.filter((q) => q !== values.baseline);
  console.log(`\n${title}: ${model}, engine ${values.engine}, K = ${values.k}, ${values.spikes} spikes after ${values.warmup} warm-up, median (min–max) of ${repeats} runs\n`);
  console.log(`| N | ${queues.join(' | ')} | ${ratioQueues.map((q) => `${values.baseline} / ${q} | `).join('')}same spikes |`);
  console.log(`|---:|${queues.map(() => '---:|').join('')}${ratioQueues.map(() => '---:|').join('')}---|`);
  for (const n of sizes) {
    const cells = queues.map((queue) => {
      const ns = (results.get(`${n}|${queue}`) ?? []).map(metric);
      return `${median(ns).toFixed(0)} (${Math.min(...ns).toFixed(0)}–${Math.max(...ns).toFixed(0)})`;
    });
    const base = (results.get(`${n}|${values.baseline}`) ?? []).map(metric);
    const ratios = ratioQueues.map((queue) => {
      const r = (results.get(`${n}|${queue}`) ?? []).map((m, i) => base[i] / metric(m));
      return `${median(r).toFixed(2)}× (${Math.min(...r).toFixed(2)}–${Math.max(...r).toFixed(2)})`;
    });
    const checksums = new Set(queues.flatMap((queue) => (results.get(`${n}|${queue}`) ?? []).map((m) => m.checksum)));
    console.log(`| ${n.toExponential(0)} | ${cells.join(' | ')} | ${ratios.map((r) => `${r} | `).join('')}${checksums.size === 1 ? 'yes' : 'NO'} |`);
  }
}

table('CPU ns per spike', (m) => m.cpuNsPerSpike);
table('Wall ns per spike', (m) => m.nsPerSpike);
