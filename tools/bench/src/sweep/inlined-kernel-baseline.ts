import { EXP_KEY_LOG_RESCALE, expKeyTimeSeconds } from '@sparseprop/core/plugin';
import { defaultKernelQueue, type KernelQueue } from '@sparseprop/engine-wasm';
import { instantiateKernel, type KernelExports } from '@sparseprop/engine-wasm/internal';
import { type InlinedNetwork, type InlinedRunResult } from './inlined-network.js';

const BATCH = 4096;

/**
 * The "DI engine vs hand-inlined loop" baseline for the WebAssembly engine:
 * the same kernel driven directly (no composition, no Simulator wrapper, no
 * DI), one `run` call per 4096 spikes with the checksum computed from its
 * output buffer. The engine's remaining overhead beside this is its batch
 * bookkeeping and listener calls.
 */
/**
 * Lay the network out in a fresh kernel (outside the timed region, like the
 * engine's composition): by default the engine's embedded kernel; `kernel`
 * can be another build with the same exports (see kernels/compare-kernels.ts).
 * `queue`: the kernel's event queue, by default the one the engine picks at
 * this N (the reference network is all-inhibitory: no key ever falls).
 */
export function prepareInlinedKernel(net: InlinedNetwork, kernel: KernelExports = instantiateKernel(), queue: KernelQueue = defaultKernelQueue(net.n)): InlinedKernel {
  const memoise = net.cache.length > 0;
  kernel.configure(net.n, net.k, net.seed, net.expShift, net.wThreshold, net.wReset, net.omega, EXP_KEY_LOG_RESCALE, BATCH, memoise ? 1 : 0, -1, queue === 'calendar' ? 1 : 0, 0);
  const keys = new Float64Array(kernel.memory.buffer, kernel.keysPointer(), net.n);
  for (let i = 0; i < net.n; i++) keys[i] = net.slotKeys[net.position[i]]; // the keys by neuron (the kernel heapifies slot p = neuron p)
  kernel.heapify();
  return { kernel, omega: net.omega, tau: net.tau };
}

/** A kernel holding one network, and its constants. */
export interface InlinedKernel {
  readonly kernel: KernelExports;
  readonly omega: number;
  readonly tau: number;
}

/** Advance the kernel's network by `spikes` spikes, hashing them as the engine's listener does. */
export function runInlinedKernelLoop(inlined: InlinedKernel, spikes: number): InlinedRunResult {
  const { kernel, omega, tau } = inlined;
  let hash = 0, sumidx = 0, lastTime = 0, done = 0;
  kernel.beginRun();
  let buffer = kernel.memory.buffer;
  let times = new Float64Array(buffer, kernel.outTimesPointer(), BATCH);
  let neurons = new Int32Array(buffer, kernel.outNeuronsPointer(), BATCH);
  while (done < spikes) {
    kernel.run(Math.min(BATCH, spikes - done), Infinity, tau);
    const emitted = kernel.emittedSpikes();
    if (kernel.memory.buffer !== buffer) {
      // the calendar's near heap grew linear memory: the old views are detached
      buffer = kernel.memory.buffer;
      times = new Float64Array(buffer, kernel.outTimesPointer(), BATCH);
      neurons = new Int32Array(buffer, kernel.outNeuronsPointer(), BATCH);
    }
    for (let s = 0; s < emitted; s++) {
      const j = neurons[s];
      hash = (Math.imul(hash, 31) + j) >>> 0;
      sumidx += j;
    }
    if (emitted > 0) lastTime = times[emitted - 1];
    done += emitted;
    if (emitted === 0) break;
  }
  const endSeconds = expKeyTimeSeconds(kernel.currentFactor(), kernel.rescalingCount(), omega, tau);
  return { spikes: done, hash, sumidx, endSeconds, lastTime };
}
