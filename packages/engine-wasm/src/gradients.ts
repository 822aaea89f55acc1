/**
 * The replay and backward sweep of exact spike-time gradients in
 * exponential keys as a WebAssembly module (assembly/exp-key-gradients.ts).
 * Low level: memory layout and loops only. `@sparseprop/training` drives it
 * (segments, checkpoints, fallback to JS) through `spikeTimeGradients`.
 * @packageDocumentation
 */
import { EXP_KEY_GRADIENTS_WASM_BASE64 } from './generated/exp-key-gradients-wasm.js';

/** The module's exports (see assembly/exp-key-gradients.ts for what each does). */
export interface ExpKeyGradientsExports {
  readonly memory: { readonly buffer: ArrayBuffer };
  /** Lay out memory; returns the bytes in use, or 0 when they exceed 4 GiB or memory cannot grow. */
  configure(n: number, synapses: number, spikes: number, inputs: number, channels: number, theta: number, wReset: number, tau: number, rescale: number, logRescale: number, shiftSlope: number, maxOutDegree: number): number;
  /** The bytes in use after `reserveTape(tapeEvents, segmentSpikes)`. */
  bytesWithTape(tapeEvents: number, segmentSpikes: number): number;
  /** Room for the tape; returns the bytes in use, or 0 when it does not fit. */
  reserveTape(tapeEvents: number, segmentSpikes: number): number;
  yPointer(): number;
  adjointPointer(): number;
  shiftPointer(): number;
  gradientPointer(): number;
  startPointer(): number;
  postPointer(): number;
  timesPointer(): number;
  dLossPointer(): number;
  neuronsPointer(): number;
  inputTimesPointer(): number;
  inputShiftPointer(): number;
  inputGradientPointer(): number;
  inputTargetsPointer(): number;
  inputChannelsPointer(): number;
  /** The tape arrays of `reserveTape` (to copy in a tape the forward kernel wrote). */
  tapePointer(): number;
  factorPointer(): number;
  inputStartPointer(): number;
  spikeTapePointer(): number;
  targetTapePointer(): number;
  clockFactor(): number;
  rescalingCount(): number;
  nextInput(): number;
  eventCount(): number;
  replayDeviation(): number;
  uniformWeightGradient(): number;
  restore(clock: number, rescalings: number, nextInput: number): void;
  /** Untaped replay of [from, to) with segment cuts at `budgetEvents`; returns the next segment's first spike, or `to`. */
  scan(from: number, to: number, budgetEvents: number): number;
  /** Taped replay of the segment [from, to); `measure` (0/1) tracks the deviation from the recorded times. */
  replay(from: number, to: number, measure: number): void;
  /** Backward sweep of the segment [from, to) the last `replay` taped. */
  backward(from: number, to: number): void;
}

/** The part of the WebAssembly JS API used here (typed locally: the ES2022 lib has none, and no DOM lib is wanted). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly?: WebAssemblyApi }).WebAssembly;

let compiled: object | undefined;

/** Whether this JS host offers WebAssembly (the gradients fall back to JS when not). */
export function webAssemblyAvailable(): boolean {
  return wasmApi !== undefined;
}

/**
 * A fresh instance of the gradients module with its own linear memory
 * (compiled once per process; 4 KB, synchronous compilation is fine in
 * browsers too). Its log and exp are the host's `Math.log`/`Math.exp`, so
 * the replay rounds as the JS one.
 */
export function instantiateExpKeyGradients(): ExpKeyGradientsExports {
  if (wasmApi === undefined) throw new Error('WebAssembly is not available in this JavaScript host');
  if (compiled === undefined) {
    const text = atob(EXP_KEY_GRADIENTS_WASM_BASE64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    compiled = new wasmApi.Module(bytes);
  }
  const instance = new wasmApi.Instance(compiled, { host: { log: Math.log, exp: Math.exp } });
  return instance.exports as unknown as ExpKeyGradientsExports;
}
