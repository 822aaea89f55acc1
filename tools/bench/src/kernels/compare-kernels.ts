/**
 * Paired timing of kernel builds in one process (same network, same spikes,
 * rotating order, median of 5), for kernel development. From the repository root:
 *
 *   node packages/engine-wasm/scripts/build-kernel.mjs --emit /tmp/a.wasm     # current source → a.wasm
 *   (edit packages/engine-wasm/assembly/kernel.ts)
 *   node packages/engine-wasm/scripts/build-kernel.mjs --emit /tmp/b.wasm
 *   pnpm --filter @sparseprop/tool-bench compare-kernels N SPIKES CACHE_BYTES /tmp/a.wasm /tmp/b.wasm
 *   (KERNEL_QUEUE=heap32 or calendar picks the kernel's queue; default the engine's for N)
 *
 * Each build is driven exactly as the sweep's inlined kernel baseline drives
 * the embedded kernel (the reference LIF network, K = 100, seed 1; targets
 * memoised when 4NK + N bytes fit CACHE_BYTES), so every build must keep the
 * kernel's exports (`KernelExports`). Prints the median CPU µs per spike of
 * each build and whether their spike trains agree.
 */
import { readFileSync } from 'node:fs';
import { defaultKernelQueue } from '@sparseprop/engine-wasm';
import type { KernelExports } from '@sparseprop/engine-wasm/internal';
import { prepareInlinedKernel, runInlinedKernelLoop } from '../sweep/inlined-kernel-baseline.js';
import { prepareInlinedNetwork } from '../sweep/inlined-network.js';

/** The part of the WebAssembly JS API used here (typed locally: the ES2022 lib has none). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: unknown };
}
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

const usage = 'usage: compare-kernels N SPIKES CACHE_BYTES A.wasm [B.wasm ...]';
const [nArg, spikesArg, cacheArg, ...files] = process.argv.slice(2);
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(usage);
  process.exit(0);
}
const n = Number(nArg), spikes = Number(spikesArg), cacheBytes = Number(cacheArg);
if (!Number.isInteger(n) || n < 102 || !Number.isInteger(spikes) || spikes < 1 || !(cacheBytes >= 0) || files.length === 0) {
  console.error(usage);
  process.exit(2);
}
const WARMUP_SPIKES = Math.min(50_000, spikes);
const modules = files.map((file) => new wasm.Module(readFileSync(file)));
/** KERNEL_QUEUE=heap32 or calendar: the kernel queue (default: the engine's default for N). */
const queue = process.env.KERNEL_QUEUE === 'heap32' || process.env.KERNEL_QUEUE === 'calendar' ? process.env.KERNEL_QUEUE : defaultKernelQueue(n);

/** One fresh network on a fresh instance of `module`: warm-up, then `spikes` timed spikes. */
function once(module: object): { microsPerSpike: number; hash: number } {
  const kernel = new wasm.Instance(module, { host: { log: Math.log, exp: Math.exp } }).exports as KernelExports;
  const inlined = prepareInlinedKernel(prepareInlinedNetwork({ n, k: 100, seed: 1, targetCacheBytes: cacheBytes }, 'exp'), kernel, queue);
  runInlinedKernelLoop(inlined, WARMUP_SPIKES);
  const start = process.cpuUsage();
  const result = runInlinedKernelLoop(inlined, spikes);
  const used = process.cpuUsage(start);
  return { microsPerSpike: (used.user + used.system) / result.spikes, hash: result.hash };
}

const times: number[][] = files.map(() => []);
const hashes = new Set<number>();
for (let rep = 0; rep < 5; rep++) {
  for (let f = 0; f < files.length; f++) {
    const which = (f + rep) % files.length;
    const { microsPerSpike, hash } = once(modules[which]);
    times[which].push(microsPerSpike);
    hashes.add(hash);
  }
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];
console.log(n, files.map((file, i) => `${file.split('/').pop()}: ${median(times[i]).toFixed(3)}`).join('  '), hashes.size === 1 ? 'same spikes' : 'SPIKES DIFFER');
