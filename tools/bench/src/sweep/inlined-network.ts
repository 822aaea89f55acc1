import { DEFAULT_TARGET_CACHE_BYTES, Xoroshiro128Plus } from '@sparseprop/core/plugin';

/**
 * The state shared by the hand-inlined baselines (see inlined-baseline.ts
 * and inlined-exp-baseline.ts): the reference network of docs/algorithm.md §1 in plain
 * typed arrays, with an indexed binary min-heap whose keys are stored in
 * heap order (`slotKeys[p]` is the key of neuron `heap[p]`).
 */

/**
 * Which baseline: `-psi` keys (phase frame), `W = exp(-phi/omega) E`
 * (exponential keys), or the WebAssembly kernel driven directly (`wasm`,
 * exponential keys; see inlined-kernel-baseline.ts).
 */
export type InlinedKeys = 'phase' | 'exp' | 'wasm';

/** The reference network at size `n`. */
export interface InlinedNetworkParameters {
  n: number;
  k: number;
  /** Network and initial-state seed. */
  seed: number;
  /** Membrane time constant, s. Default 0.01. */
  tau?: number;
  /** Coupling strength. Default 1. */
  j0?: number;
  /** Balance-equation target rate, Hz. Default 1. */
  rate?: number;
  /** Memoise the targets when the table (4 N K + N bytes) fits this many bytes, as the engine. Default: the engine's default. */
  targetCacheBytes?: number;
}

/** State of an inlined simulation: typed arrays and numbers only. */
export interface InlinedNetwork {
  readonly keysKind: InlinedKeys;
  readonly n: number;
  readonly k: number;
  readonly seed: number;
  readonly tau: number;
  readonly omega: number;
  readonly minusInvOmega: number;
  /** `J / I` (phase PTC: `exp(-phi/omega) - J/I`). */
  readonly weightOverCurrent: number;
  /** `-J / I`: the translation of `w` per input (exponential keys). */
  readonly expShift: number;
  /** `iext / I`: PTC arguments at or below it mean the kick reaches threshold. */
  readonly thresholdArg: number;
  /** `w` at threshold and at reset (exponential keys). */
  readonly wThreshold: number;
  readonly wReset: number;
  /** Keys in heap order, heap slot → neuron, neuron → heap slot. */
  readonly slotKeys: Float64Array;
  readonly heap: Int32Array;
  readonly position: Int32Array;
  /** Duplicate-target set (generation stamps and values) and the target buffer. */
  readonly stamp: Uint32Array;
  readonly slot: Int32Array;
  readonly targets: Int32Array;
  /** Memoised targets (row `j` at `j * k`, valid where `cached[j] === 1`); empty when the table does not fit. */
  readonly cache: Int32Array;
  readonly cached: Uint8Array;
  readonly hashShift: number;
  readonly hashMask: number;
  generation: number;
  /** Phase frame: global shift since the last rebase, phase before it, spikes since it. */
  shift: number;
  shiftOffset: number;
  spikesSinceRebase: number;
  /** Exponential keys: global factor `E` and the number of 2^-256 rescalings so far. */
  factor: number;
  rescalings: number;
  /** Sum of the keys read ahead of the updates (kept so the reads are not dead code). */
  touchSink: number;
}

/** What an inlined loop did. */
export interface InlinedRunResult {
  spikes: number;
  /** The C anchor's uint32 hash of the spike train. */
  hash: number;
  sumidx: number;
  /** Simulated time at the end of the run, s. */
  endSeconds: number;
  /** Time of the last spike, s. */
  lastTime: number;
}

/**
 * Build the network in the engine's default initial state (uniform random
 * phases from the seed, heapified from the identity order). O(N), outside
 * the timed loop, like the engine's composition and the C anchor's set-up.
 */
export function prepareInlinedNetwork(parameters: InlinedNetworkParameters, keysKind: InlinedKeys = 'phase'): InlinedNetwork {
  const { n, k, seed } = parameters;
  const tau = parameters.tau ?? 0.01, j0 = parameters.j0 ?? 1, rate = parameters.rate ?? 1;
  // the same operations as resolveNetwork and LifModel, so every constant has the same bits
  const iext = tau * Math.sqrt(k) * j0 * rate;
  const weight = -j0 / Math.sqrt(k);
  const omega = 1.0 / Math.log(1.0 + 1.0 / iext);
  const current = 1.0 + iext;
  const minusInvOmega = -1.0 / omega;
  const keys = new Float64Array(n);
  const rng = new Xoroshiro128Plus(seed);
  for (let i = 0; i < n; i++) {
    const phase = 0 + rng.nextDouble() * (1 - 0); // phiReset + u (phiThreshold - phiReset)
    keys[i] = keysKind === 'phase' ? 0 - phase : Math.exp(phase * minusInvOmega) * 1;
  }
  const heap = new Int32Array(n), position = new Int32Array(n);
  buildHeap(keys, keys, heap, position);
  let bits = 1;
  while (1 << bits < 2 * k) bits++;
  const useCache = 4 * n * k + n <= (parameters.targetCacheBytes ?? DEFAULT_TARGET_CACHE_BYTES);
  return {
    keysKind, n, k, seed, tau, omega, minusInvOmega,
    weightOverCurrent: weight / current,
    expShift: -weight / current,
    thresholdArg: iext / (1.0 + iext),
    wThreshold: Math.exp(1 * minusInvOmega),
    wReset: Math.exp(0 * minusInvOmega),
    slotKeys: keys, heap, position,
    stamp: new Uint32Array(1 << bits),
    slot: new Int32Array(1 << bits),
    targets: new Int32Array(k),
    cache: new Int32Array(useCache ? n * k : 0),
    cached: new Uint8Array(useCache ? n : 0),
    hashShift: 32 - bits,
    hashMask: (1 << bits) - 1,
    generation: 0,
    shift: 0, shiftOffset: 0, spikesSinceRebase: 0,
    factor: 1, rescalings: 0, touchSink: 0,
  };
}

/**
 * Rebuild the heap from neuron-indexed keys `byNeuron` (identity order, then
 * Floyd's construction), writing heap-ordered keys into `slotKeys` (which may
 * be `byNeuron` itself). Same tie rule and order of work as the queue's `build`.
 */
export function buildHeap(byNeuron: Float64Array, slotKeys: Float64Array, heap: Int32Array, position: Int32Array): void {
  const n = heap.length;
  if (slotKeys !== byNeuron) slotKeys.set(byNeuron);
  for (let p = 0; p < n; p++) {
    heap[p] = p;
    position[p] = p;
  }
  heapify(slotKeys, heap, position);
}

/** Floyd's bottom-up pass over the current order (lower index wins ties), as the queue's `heapify`. */
export function heapify(slotKeys: Float64Array, heap: Int32Array, position: Int32Array): void {
  const n = heap.length;
  for (let p = Math.floor((n - 2) / 2); p >= 0; p--) siftDown(slotKeys, heap, position, n, p, heap[p], slotKeys[p]);
}

/**
 * Give neuron `i` the key `key` and restore the binary heap's order (lower
 * neuron index wins ties): the queue's `update`, in the baselines' loops.
 */
export function updateKey(slotKeys: Float64Array, heap: Int32Array, position: Int32Array, n: number, i: number, key: number): void {
  let p = position[i];
  const old = slotKeys[p];
  if (key < old) {
    while (p > 0) {
      const parent = (p - 1) >>> 1;
      const pk = slotKeys[parent];
      if (key < pk || (key === pk && i < heap[parent])) {
        const pi = heap[parent];
        slotKeys[p] = pk; heap[p] = pi; position[pi] = p; p = parent;
      } else break;
    }
    slotKeys[p] = key; heap[p] = i; position[i] = p;
  } else if (key > old) {
    siftDown(slotKeys, heap, position, n, p, i, key);
  } else {
    slotKeys[p] = key; // equal, but keep the new bits (-0 versus 0)
  }
}

/** Move neuron `i` with key `key` down from slot `p` to its place (lower index wins ties). */
function siftDown(slotKeys: Float64Array, heap: Int32Array, position: Int32Array, n: number, p: number, i: number, key: number): void {
  for (;;) {
    const first = 2 * p + 1;
    if (first >= n) break;
    let best = first, bk = slotKeys[first];
    if (first + 1 < n) {
      const ck = slotKeys[first + 1];
      if (ck < bk || (ck === bk && heap[first + 1] < heap[first])) { best = first + 1; bk = ck; }
    }
    if (bk < key || (bk === key && heap[best] < i)) {
      const bi = heap[best];
      slotKeys[p] = bk; heap[p] = bi; position[bi] = p; p = best;
    } else break;
  }
  slotKeys[p] = key; heap[p] = i; position[i] = p;
}

/**
 * Which inlined baseline reproduces an engine: the simulator `kind` the
 * composition chose (`phase` or `exp`), for LIF on the binary heap; undefined
 * when none does.
 */
export function inlinedKeysFor(config: { model: string; queue: string; engine?: string }, simulatorKind: string): InlinedKeys | undefined {
  if (config.model !== 'lif') return undefined;
  if (config.engine === 'wasm') return 'wasm';
  if (config.queue !== 'binary') return undefined;
  return simulatorKind === 'phase' ? 'phase' : simulatorKind === 'exp-key' ? 'exp' : undefined;
}
