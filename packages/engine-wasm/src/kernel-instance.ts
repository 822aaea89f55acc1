import { KERNEL_WASM_BASE64 } from './generated/kernel-wasm.js';

/** The kernel's exports (see assembly/kernel.ts for what each does). */
export interface KernelExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  configure(n: number, k: number, seed: number, expShift: number, wThreshold: number, wReset: number, omega: number, logRescale: number, capacity: number, memo: number, synapses: number, calendar: number, mayFall: number): number;
  heapify(): void;
  beginRun(): void;
  run(maxSpikes: number, phaseEnd: number, tau: number): number;
  emittedSpikes(): number;
  currentFactor(): number;
  setFactor(value: number): void;
  setRescalings(value: number): void;
  setSpikesAtInstant(value: number): void;
  rescalingCount(): number;
  spikesOnThisInstant(): number;
  /** After a STOP_NONFINITE stop: the neuron at the top of the queue and its non-finite phase. */
  nonFiniteNeuron(): number;
  nonFinitePhase(): number;
  touchChecksum(): number;
  keysPointer(): number;
  heapPointer(): number;
  positionsPointer(): number;
  keysByNeuron(): number;
  bytesInUse(): number;
  csrShiftsPointer(): number;
  csrStartsPointer(): number;
  csrTargetsPointer(): number;
  outTimesPointer(): number;
  outNeuronsPointer(): number;
  /** Lay out `count` input events (after `configure`, before `heapify`); total bytes, or 0 when they do not fit. */
  configureInputs(count: number): number;
  setInputEnd(seconds: number): void;
  inputCursor(): number;
  setInputCursor(value: number): void;
  inputTimesPointer(): number;
  inputShiftsPointer(): number;
  inputTargetsPointer(): number;
  /** Room for the gradients' tape and taping on (explicit networks, after `configureInputs`); total bytes, or 0 when it does not fit. */
  configureTape(events: number, spikes: number): number;
  /** `run` that also writes the tape (while `tapeActive()`); STOP_TAPE when it is full. */
  runTaped(maxSpikes: number, phaseEnd: number, tau: number): number;
  stopTape(): void;
  tapeActive(): number;
  tapeEntryCount(): number;
  tapeSpikeCount(): number;
  tapePointer(): number;
  tapeFactorPointer(): number;
  tapeInputStartPointer(): number;
  tapeSpikeStartPointer(): number;
  tapeKickStartPointer(): number;
  /** Room for the backward sweep of the tape (after the runs); total bytes, or 0 when it does not fit. */
  configureBackward(channels: number): number;
  /** The backward sweep over the tape (assembly/backward-sweep.ts); returns the uniform weight's gradient. */
  backwardOfTape(shiftSlope: number, tau: number): number;
  backwardAdjointPointer(): number;
  backwardGradientPointer(): number;
  backwardDLossPointer(): number;
  backwardNeuronsPointer(): number;
  backwardChannelsPointer(): number;
  backwardChannelShiftsPointer(): number;
  backwardInputGradientPointer(): number;
}

/** Why `run` returned (the kernel's STOP_* constants). */
export const STOP_SPIKES = 0;
export const STOP_TIME = 1;
export const STOP_RUNAWAY = 2;
export const STOP_NONFINITE = 3;
/** The tape is full (nothing of the next event done): the host stops taping and runs on. */
export const STOP_TAPE = 4;

/** The part of the WebAssembly JS API used here (typed locally: the ES2022 lib has none, and no DOM lib is wanted). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

let compiled: object | undefined;

/** Compile the embedded kernel once per process (2.7 KB: synchronous compilation is fine in browsers too). */
function kernelModule(): object {
  if (compiled === undefined) {
    const text = atob(KERNEL_WASM_BASE64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    compiled = new wasmApi.Module(bytes);
  }
  return compiled;
}

/**
 * A kernel instance with its own linear memory: a released one when there is
 * one (`configure` resets every piece of its state), else a fresh one. Its
 * log and exp are the host's `Math.log`/`Math.exp`, so spike times round as
 * the JS engine's.
 */
export function instantiateKernel(taping = false): KernelExports {
  const released = (taping ? tapePool.pop() : undefined) ?? pool.pop();
  if (released !== undefined) return released;
  const instance = new wasmApi.Instance(kernelModule(), { host: { log: Math.log, exp: Math.exp } });
  return instance.exports as unknown as KernelExports;
}

/**
 * Instances handed back by disposed simulators, for the next one. Creating an
 * instance costs ~1.5–3 ms (its memory reservation), which dominated short
 * training forwards (a few hundred spikes); at most {@link POOL_SIZE}, each of
 * at most {@link POOL_MAX_BYTES} of memory, so a large run's memory is freed.
 */
const pool: KernelExports[] = [];
const POOL_SIZE = 2;
const POOL_MAX_BYTES = 64 * 2 ** 20;

/**
 * A kernel that wrote a gradients' tape, kept for the next taping simulator
 * when its memory is at most {@link TAPE_POOL_MAX_BYTES}: a training loop
 * tapes runs of one size again and again, and first touches of fresh pages
 * cost more than the taping (measured: +0.6 µs per spike at N = 1e4, K = 100,
 * against +0.05–0.1 on pages already mapped).
 */
const tapePool: KernelExports[] = [];
const TAPE_POOL_MAX_BYTES = 2 ** 29;

/** Hand a kernel the caller no longer uses to the next {@link instantiateKernel} (`taped`: it held a tape). */
export function releaseKernel(kernel: KernelExports, taped = false): void {
  if (taped && tapePool.length === 0 && kernel.memory.buffer.byteLength <= TAPE_POOL_MAX_BYTES) {
    tapePool.push(kernel);
    return;
  }
  if (pool.length < POOL_SIZE && kernel.memory.buffer.byteLength <= POOL_MAX_BYTES && !pool.includes(kernel)) pool.push(kernel);
}
