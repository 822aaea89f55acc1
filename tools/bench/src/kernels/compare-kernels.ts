// Paired timing of kernel builds in one process (same network, same spikes,
// rotating order, median of 5), for kernel development:
//   node scripts/build-kernel.mjs --emit /tmp/a.wasm      # current source → a.wasm
//   (edit assembly/kernel.ts)  node scripts/build-kernel.mjs --emit /tmp/b.wasm
//   TSX_TSCONFIG_PATH=../../tsconfig.base.json node --conditions=@sparseprop/source --import tsx/esm \
//     scripts/compare-kernels.ts N SPIKES CACHE_BYTES /tmp/a.wasm /tmp/b.wasm
// Prints the median CPU µs per spike of each build and whether their spike trains agree.
import { readFileSync } from 'node:fs';
import { composeSimulator, createContainer, randomInitialPhases, registerPlugins } from '@sparseprop/core';
import { lif } from '@sparseprop/model-lif';
import { binaryHeap } from '@sparseprop/queue-binary';

const [nArg, spikesArg, cacheArg, ...files] = process.argv.slice(2);
const n = Number(nArg), spikes = Number(spikesArg), memo = Number(cacheArg) >= 4 * n * 100 + n;
const container = registerPlugins(createContainer(), lif, binaryHeap);
const c = composeSimulator({ n, k: 100, seed: 1, engine: 'js' }, container);
const phases = randomInitialPhases(c.model, c.plugin, c.network.initSeed);
const model = c.model as unknown as { omega(i: number): number; expShift(j: number): number; phiThreshold: number; phiReset: number };
const omega = model.omega(0);
const modules = files.map((f) => new WebAssembly.Module(readFileSync(f)));
function once(m: WebAssembly.Module): [number, number] {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const k = new WebAssembly.Instance(m, { host: { log: Math.log, exp: Math.exp } }).exports as any;
  k.configure(n, 100, 1, model.expShift(-1 / 10), Math.exp(-model.phiThreshold / omega), Math.exp(-model.phiReset / omega), omega, 256 * Math.LN2, 4096, memo ? 1 : 0, -1);
  const stride = k.keyStride ? k.keyStride() : 1;
  const keys = new Float64Array(k.memory.buffer, k.keysPointer(), n * stride);
  for (let i = 0; i < n; i++) keys[i * stride] = Math.exp(phases[i] * (-1 / omega));
  k.heapify();
  let left = Math.min(50000, spikes);
  while (left > 0) { k.run(Math.min(4096, left), Infinity, 0.01); left -= 4096; }
  const t0 = process.cpuUsage();
  let hash = 0;
  left = spikes;
  const out = () => new Int32Array(k.memory.buffer, k.outNeuronsPointer(), 4096);
  while (left > 0) { k.run(Math.min(4096, left), Infinity, 0.01); const o = out(); for (let s = 0; s < k.emittedSpikes(); s++) hash = (Math.imul(hash, 31) + o[s]) | 0; left -= 4096; }
  const t1 = process.cpuUsage(t0);
  return [(t1.user + t1.system) / spikes, hash];
}
const res: number[][] = files.map(() => []);
const hashes = new Set<number>();
for (let rep = 0; rep < 5; rep++) for (let f = 0; f < files.length; f++) { const ff = (f + rep) % files.length; const [t, h] = once(modules[ff]); res[ff].push(t); hashes.add(h); }
const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
console.log(n, files.map((f, i) => `${f.split('/').pop()}: ${med(res[i]).toFixed(3)}`).join('  '), hashes.size === 1 ? 'same spikes' : 'SPIKES DIFFER');
