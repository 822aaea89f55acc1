import { EXP_KEY_LOG_RESCALE, EXP_KEY_RESCALE, type ExpKeyModel, type SparseConnectivity } from '@sparseprop/core/plugin';
import { type ExpKeyGradientsExports, instantiateExpKeyGradients, webAssemblyAvailable } from '@sparseprop/engine-wasm/gradients';
import type { InputEvents } from './input-events.js';

/** What the WebAssembly path computes (the driver in spike-time-gradients.ts adds the rest of the result). */
export interface WasmGradientParts {
  readonly weights: Float64Array;
  readonly uniformWeight: number;
  readonly adjoint: Float64Array;
  readonly inputWeights: Float64Array | undefined;
  readonly maxReplayDeviation: number;
  readonly segments: number;
  readonly replaySeconds: number;
  readonly overheadSeconds: number;
  readonly backwardSeconds: number;
}

/**
 * The last instance, kept for the next call when its memory is at most
 * {@link KEEP_BYTES}: a training loop computes gradients of the same network
 * size again and again, and a kept instance has its memory grown and its
 * pages mapped already (first touches of fresh pages cost as much as the
 * replay itself). Calls are synchronous, so one instance serves them all.
 */
let kept: ExpKeyGradientsExports | undefined;
const KEEP_BYTES = 2 ** 29;

/** wasm32 linear memory: 4 GiB less the last page (the module's own bound, assembly/exp-key-gradients.ts). */
const WASM_BYTES = 4294967296 - 65536;
const I32_MAX = 2147483647;

/**
 * Why the WebAssembly replay and backward sweep cannot take this network,
 * before any work (undefined when they can; memory is checked as they run).
 */
export function wasmGradientsUnsupportedReason(connectivity: SparseConnectivity | undefined, spikes: number, inputs: InputEvents | undefined): string | undefined {
  if (!webAssemblyAvailable()) return 'this JavaScript host has no WebAssembly';
  if (connectivity === undefined) return 'the network is procedural (not a SparseConnectivity): the WebAssembly path needs explicit synapses';
  if (connectivity.post.length > I32_MAX / 2) return `${connectivity.post.length} synapses exceed the WebAssembly path's 2^30`;
  if (spikes > I32_MAX / 2) return `${spikes} spikes exceed the WebAssembly path's 2^30`;
  if (inputs !== undefined && inputs.times.length > I32_MAX / 4) return `${inputs.times.length} input events exceed the WebAssembly path's 2^29`;
  return undefined;
}

/**
 * The exponential-key replay and backward sweep (same arithmetic, same order
 * as ExpKeyReplay/ExpKeyBackward, so the same bits) in the WebAssembly module
 * of `@sparseprop/engine-wasm/gradients`, segmented from checkpoints exactly
 * as the JS driver when the tape exceeds `budgetBytes`. The budget is capped
 * at what fits in 4 GiB of wasm32 memory beside the network and the train
 * (more segments, same derivatives). Returns a string saying why when the
 * memory cannot hold even the smallest segment (the caller falls back to JS
 * or reports it).
 */
export function wasmExpKeyGradients(
  model: ExpKeyModel,
  connectivity: SparseConnectivity,
  inputs: InputEvents | undefined,
  initialPhases: Float64Array,
  tau: number,
  neurons: Int32Array,
  times: Float64Array,
  dLossDTimes: Float64Array,
  budgetBytes: number,
  shiftSlope: number,
  now: () => number,
): WasmGradientParts | string {
  let clockStart = now();
  const n = model.size, spikes = dLossDTimes.length;
  const nnz = connectivity.post.length;
  const inputCount = inputs === undefined ? 0 : inputs.times.length;
  const kMax = Math.max(1, connectivity.maxOutDegree);
  const set = configureModule(model, connectivity, inputs, tau, neurons, times, dLossDTimes, shiftSlope);
  if (typeof set === 'string') return set;
  const { wasm, fixedBytes, omega } = set;
  let buffer = wasm.memory.buffer;
  const y = new Float64Array(buffer, wasm.yPointer(), n);
  const minusInvOmega = -1.0 / omega; // ExpKeyReplay.start's expression (the forward engines' keys)
  for (let k = 0; k < n; k++) y[k] = Math.exp(initialPhases[k] * minusInvOmega); // base 0: F(0) = 1
  const setupMs = now() - clockStart;

  // the tape budget, capped at what wasm32 memory holds beside the rest (per-spike offsets: 20 bytes per spike at most)
  const room = Math.floor((WASM_BYTES - fixedBytes - 20 * (spikes + 1) - 5 * 64) / 8);
  const budgetEvents = Math.min(Math.max(2 * kMax, Math.floor(budgetBytes / 8)), room);
  if (budgetEvents < 2 * kMax) return `no room for a tape of ${2 * kMax} events in 4 GiB of wasm32 memory beside ${fixedBytes} bytes of network, train and inputs`;

  const starts: number[] = [0];
  const checkpoints: Checkpoint[] = [{ y: y.slice(), clock: 0, input: 0, rescalings: 0 }];
  let tapeEvents: number, segmentSpikes: number;
  // one taped pass when the tape surely fits; else checkpoints, and every segment (even a single one) recomputed taped
  const taped = spikes * kMax + 2 * inputCount <= budgetEvents;
  if (taped) {
    tapeEvents = spikes * connectivity.maxOutDegree + 2 * inputCount;
    segmentSpikes = spikes;
  } else {
    // pass 1 without a tape: only the keys, checkpointed at segment boundaries
    let from = 0, eventsBefore = 0;
    tapeEvents = 0;
    segmentSpikes = 0;
    while (from < spikes) {
      const next = wasm.scan(from, spikes, budgetEvents);
      const events = wasm.eventCount();
      tapeEvents = Math.max(tapeEvents, events - eventsBefore);
      segmentSpikes = Math.max(segmentSpikes, next - starts[starts.length - 1]);
      eventsBefore = events;
      if (next < spikes) {
        starts.push(next);
        checkpoints.push({ y: new Float64Array(wasm.memory.buffer, wasm.yPointer(), n).slice(), clock: wasm.clockFactor(), input: wasm.nextInput(), rescalings: wasm.rescalingCount() });
      }
      from = next;
    }
  }
  const maxDeviationScan = wasm.replayDeviation();
  if (wasm.reserveTape(tapeEvents, segmentSpikes) === 0) {
    return `the tape (${tapeEvents} events, ${8 * tapeEvents} bytes) and ${fixedBytes} bytes of network, train and inputs do not fit in the WebAssembly memory the host grants`;
  }
  buffer = wasm.memory.buffer;
  let replayMs = now() - clockStart, backwardMs = 0;
  const segments = starts.length;
  let maxReplayDeviation = maxDeviationScan;
  for (let g = segments - 1; g >= 0; g--) {
    const from = starts[g], to = g + 1 < segments ? starts[g + 1] : spikes;
    clockStart = now();
    if (!taped) {
      const c = checkpoints[g];
      new Float64Array(buffer, wasm.yPointer(), n).set(c.y);
      wasm.restore(c.clock, c.rescalings, c.input);
      wasm.replay(from, to, 0);
    } else {
      wasm.replay(0, spikes, 1);
      maxReplayDeviation = wasm.replayDeviation();
    }
    const afterReplay = now();
    replayMs += afterReplay - clockStart;
    wasm.backward(from, to);
    backwardMs += now() - afterReplay;
  }
  // the results out of wasm memory (counted in the backward: a fresh N K array costs its page faults, as the JS path's)
  clockStart = now();
  const out = results(wasm, n, nnz, inputs === undefined ? undefined : inputs.weights.length);
  const copyMs = now() - clockStart;
  backwardMs += copyMs;
  const parts: WasmGradientParts = {
    ...out,
    maxReplayDeviation,
    segments,
    replaySeconds: replayMs / 1000,
    overheadSeconds: (setupMs + copyMs) / 1000,
    backwardSeconds: backwardMs / 1000,
  };
  if (buffer.byteLength <= KEEP_BYTES) kept = wasm;
  return parts;
}

/** A configured module (kept or fresh) holding the network, the train, ∂L/∂t and the inputs; or why not. */
function configureModule(
  model: ExpKeyModel,
  connectivity: SparseConnectivity,
  inputs: InputEvents | undefined,
  tau: number,
  neurons: Int32Array,
  times: Float64Array | undefined,
  dLossDTimes: Float64Array,
  shiftSlope: number,
): { wasm: ExpKeyGradientsExports; fixedBytes: number; omega: number } | string {
  const n = model.size, spikes = dLossDTimes.length;
  const nnz = connectivity.post.length;
  const inputCount = inputs === undefined ? 0 : inputs.times.length;
  const channels = inputs === undefined ? 0 : inputs.weights.length;
  const omega = model.omega(0);
  const theta = Math.exp(model.phiThreshold * (-1.0 / omega)); // ExpKeyReplay's expressions (the forward engines')
  const wReset = Math.exp(model.phiReset * (-1.0 / omega));
  const wasm = kept ?? instantiateExpKeyGradients();
  kept = undefined; // kept again by the caller if small enough (not when an exception leaves it half-configured)
  const fixedBytes = wasm.configure(n, nnz, spikes, inputCount, channels, theta, wReset, tau, EXP_KEY_RESCALE, EXP_KEY_LOG_RESCALE, shiftSlope, connectivity.maxOutDegree);
  if (fixedBytes === 0) return `the network, train and inputs need more than the 4 GiB of wasm32 memory (or the host refused to grow it)`;
  const buffer = wasm.memory.buffer;
  new Int32Array(buffer, wasm.startPointer(), n + 1).set(connectivity.rowStart.subarray(0, n + 1));
  new Int32Array(buffer, wasm.postPointer(), nnz).set(connectivity.post.subarray(0, nnz));
  const shifts = new Float64Array(buffer, wasm.shiftPointer(), nnz), weight = connectivity.weight;
  for (let e = 0; e < nnz; e++) shifts[e] = model.expShift(weight[e]); // once per synapse, not per kick
  new Int32Array(buffer, wasm.neuronsPointer(), spikes).set(neurons.subarray(0, spikes));
  if (times !== undefined) new Float64Array(buffer, wasm.timesPointer(), spikes).set(times.subarray(0, spikes));
  new Float64Array(buffer, wasm.dLossPointer(), spikes).set(dLossDTimes);
  if (inputs !== undefined) {
    new Float64Array(buffer, wasm.inputTimesPointer(), inputCount).set(inputs.times);
    new Int32Array(buffer, wasm.inputTargetsPointer(), inputCount).set(inputs.targets);
    new Int32Array(buffer, wasm.inputChannelsPointer(), inputCount).set(inputs.channels);
    const inputShifts = new Float64Array(buffer, wasm.inputShiftPointer(), channels);
    for (let c = 0; c < channels; c++) inputShifts[c] = model.expShift(inputs.weights[c]);
  }
  return { wasm, fixedBytes, omega };
}

/** The gradients out of the module's memory (fresh arrays). */
function results(wasm: ExpKeyGradientsExports, n: number, nnz: number, channels: number | undefined): Pick<WasmGradientParts, 'weights' | 'uniformWeight' | 'adjoint' | 'inputWeights'> {
  const buffer = wasm.memory.buffer;
  return {
    weights: new Float64Array(buffer, wasm.gradientPointer(), nnz).slice(),
    uniformWeight: wasm.uniformWeightGradient(),
    adjoint: new Float64Array(buffer, wasm.adjointPointer(), n).slice(),
    inputWeights: channels === undefined ? undefined : new Float64Array(buffer, wasm.inputGradientPointer(), channels).slice(),
  };
}

interface Checkpoint {
  readonly y: Float64Array;
  readonly clock: number;
  readonly input: number;
  readonly rescalings: number;
}
