// SparseProp's exponential-key engine for LIF-like models (ExpKeySimulator
// in @sparseprop/core), fused with a 32-ary indexed heap and the procedural
// fixed out-degree network, as one WebAssembly kernel (AssemblyScript).
//
// The host (src/wasm-exp-key-simulator.ts) lays out linear memory through
// `configure`, writes the initial keys, calls `heapify`, then `run` in
// batches and reads the spikes from the output buffers. Every arithmetic
// step that decides the spike order is the JS engine's, in the same order,
// so the spike trains are identical (tested); log and exp come from the host
// so spike times are bit-identical too.
//
// Memory (all offsets in bytes, set by `configure`):
//   keys    f64[n + 31] key of heap slot p at keysBase + 8p (slot 0 at index 31,
//                       so the 32 children of a slot fill 4 whole cache lines)
//   heap    i32[n + 31] neuron in heap slot p at heapBase + 4p (same shift)
//   pos     i32[n]      heap slot of neuron i
//   targets i32[k]      the spiker's targets
//   stamp   u32[2^bits] / slot i32[2^bits]: duplicate check, one generation per spike
//   out     f64[cap] times, i32[cap] neurons: spikes of the last batch
//   memo    i32[n k] targets by neuron, u8[n] which rows are valid (optional)
//   csr     i32[n + 1] row starts, i32[nnz] targets, f64[nnz] key shifts (explicit networks)

@external("host", "log") declare function hostLog(x: f64): f64;
@external("host", "exp") declare function hostExp(x: f64): f64;

// network
let n: i32 = 0;
let k: i32 = 0;
let seedOffset: u64 = 0;
let expShift: f64 = 0; // model.expShift(weight): the key jump of one input per unit factor
let wThreshold: f64 = 0;
let wReset: f64 = 0;
let omega: f64 = 1;
let hashShift: i32 = 0;
let hashMask: i32 = 0;
/** The last slot with children, (n - 2) >> LOG_ARITY; -1 when n < 2. */
let lastParent: i32 = -1;
let generation: u32 = 0;
let memo: bool = false;
// explicit network (CSR) instead of the procedural one
let csr: bool = false;
let nnz: i32 = 0;
let csrStartBase: usize = 0;
let csrPostBase: usize = 0;
let csrShiftBase: usize = 0;
// the spiker's targets and, for an explicit network, their key shifts (0: uniform expShift)
let rowTargets: usize = 0;
let rowShifts: usize = 0;

// layout
let keysBase: usize = 0;
let heapBase: usize = 0;
let posBase: usize = 0;
let targetsBase: usize = 0;
let stampBase: usize = 0;
let slotBase: usize = 0;
let outTimesBase: usize = 0;
let outNeuronsBase: usize = 0;
let memoBase: usize = 0;
let memoValidBase: usize = 0;
let outCapacity: i32 = 0;

// dynamic state
let factor: f64 = 1;
let rescalings: i32 = 0;
let spikesAtInstant: i32 = 0;
let touchSink: f64 = 0;

// rescaling by 2^-256 (exact); 256 ln 2 is passed by the host so it is its rounding of 256 * Math.LN2
const RESCALE: f64 = reinterpret<f64>(<u64>(1023 - 256) << 52);
const INV_RESCALE: f64 = reinterpret<f64>(<u64>(1023 + 256) << 52);
let LOG_RESCALE: f64 = 0;

function alignUp(x: u64, a: u64): u64 {
  return (x + a - 1) & ~(a - 1);
}

/**
 * Lay out memory for `nNeurons` neurons and out-degree `kTargets`, growing it
 * as needed. Returns the total bytes used, or 0 when they exceed 4 GiB.
 */
export function configure(nNeurons: i32, kTargets: i32, seed: f64, shift: f64, threshold: f64, reset: f64, omegaValue: f64, logRescale: f64, capacity: i32, useMemo: bool, synapses: i32): f64 {
  LOG_RESCALE = logRescale;
  n = nNeurons;
  k = kTargets;
  seedOffset = <u64>seed;
  expShift = shift;
  wThreshold = threshold;
  wReset = reset;
  omega = omegaValue;
  outCapacity = capacity;
  memo = useMemo;
  csr = synapses >= 0;
  nnz = csr ? synapses : 0;
  let bits = 1;
  while ((1 << bits) < 2 * k) bits++;
  hashShift = 32 - bits;
  hashMask = (1 << bits) - 1;
  lastParent = n < 2 ? -1 : (n - 2) >> LOG_ARITY;
  generation = 0;
  factor = 1;
  rescalings = 0;
  spikesAtInstant = 0;

  let at: u64 = alignUp(<u64>__heap_base, 8 * ARITY);
  // slot 0 sits at index ARITY - 1, so that the children ARITY p + 1 .. ARITY p + ARITY
  // of slot p fill whole cache lines (keys: 8 ARITY bytes, neurons: 4 ARITY bytes)
  keysBase = <usize>(at + 8 * (ARITY - 1));
  at = alignUp(at + 8 * (<u64>n + ARITY - 1), 8 * ARITY);
  heapBase = <usize>(at + 4 * (ARITY - 1));
  at = alignUp(at + 4 * (<u64>n + ARITY - 1), 64);
  posBase = <usize>at;
  at = alignUp(at + 4 * <u64>n, 64);
  targetsBase = <usize>at;
  at = alignUp(at + 4 * <u64>k, 64);
  stampBase = <usize>at;
  at += <u64>(4 << bits);
  slotBase = <usize>at;
  at = alignUp(at + <u64>(4 << bits), 64);
  outTimesBase = <usize>at;
  at += 8 * <u64>capacity;
  outNeuronsBase = <usize>at;
  at = alignUp(at + 4 * <u64>capacity, 64);
  memoBase = <usize>at;
  if (memo) {
    at += 4 * <u64>n * <u64>k;
    memoValidBase = <usize>at;
    at += <u64>n;
  }
  if (csr) {
    csrShiftBase = <usize>(at = alignUp(at, 64));
    at += 8 * <u64>nnz;
    csrStartBase = <usize>at;
    at += 4 * (<u64>n + 1);
    csrPostBase = <usize>at;
    at += 4 * <u64>nnz;
  }
  if (at > 4294967296 - 65536) return 0;
  const pages = <i32>((at + 65535) >> 16);
  const have = memory.size();
  if (pages > have && memory.grow(pages - have) < 0) return 0;
  memory.fill(stampBase, 0, <usize>(4 << bits));
  if (memo) memory.fill(memoValidBase, 0, <usize>n);
  for (let p = 0; p < n; p++) {
    store<i32>(heapBase + (<usize>p << 2), p);
    store<i32>(posBase + (<usize>p << 2), p);
  }
  return <f64>at;
}

// --- 32-ary heap, ties to the lower neuron index ----------------------------
//
// Inhibitory inputs only raise keys, so an update sifts down, and a leaf
// cannot move: with 32 children per node 97 % of neurons are leaves and
// their update is one key write. The spiker's reset sifts from the root over
// log_32 N levels, scanning 32 contiguous keys (4 cache lines) per level.
// Measured against 4-, 8-, 16- and 64-ary builds of this kernel (paired, same
// spikes; BENCHMARKS.md): 32 and 64 are equal and best, 1.4-1.7x faster than 4.

/** log2 of the heap's arity. */
const LOG_ARITY = 5;
const ARITY = 1 << LOG_ARITY;

@inline function keyAt(p: i32): f64 {
  return load<f64>(keysBase + (<usize>p << 3));
}
@inline function idAt(p: i32): i32 {
  return load<i32>(heapBase + (<usize>p << 2));
}
@inline function place(p: i32, i: i32, key: f64): void {
  store<f64>(keysBase + (<usize>p << 3), key);
  store<i32>(heapBase + (<usize>p << 2), i);
  store<i32>(posBase + (<usize>i << 2), p);
}

/** Write the key; the neuron's slot and position only when it moved (most updates are at a leaf and stay). */
@inline function placeKey(p: i32, i: i32, key: f64, start: i32): void {
  store<f64>(keysBase + (<usize>p << 3), key);
  if (p != start) {
    store<i32>(heapBase + (<usize>p << 2), i);
    store<i32>(posBase + (<usize>i << 2), p);
  }
}

function siftUp(p: i32, i: i32, key: f64): void {
  const start = p;
  while (p > 0) {
    const q = (p - 1) >> LOG_ARITY;
    const qk = keyAt(q);
    const qi = idAt(q);
    if (key < qk || (key == qk && i < qi)) {
      place(p, qi, qk);
      p = q;
    } else break;
  }
  placeKey(p, i, key, start);
}

function siftDown(p: i32, i: i32, key: f64): void {
  const start = p;
  for (;;) {
    // a leaf: compare before shifting, as p << LOG_ARITY overflows i32 for p > 2^26
    if (p > lastParent) break;
    const first = (p << LOG_ARITY) + 1;
    let best = first;
    let bk = keyAt(first);
    let bi = idAt(first);
    const end = first + ARITY < n ? first + ARITY : n;
    for (let c = first + 1; c < end; c++) {
      const ck = keyAt(c);
      if (ck < bk || (ck == bk && idAt(c) < bi)) {
        best = c;
        bk = ck;
        bi = idAt(c);
      }
    }
    if (bk < key || (bk == key && bi < i)) {
      place(p, bi, bk);
      p = best;
    } else break;
  }
  placeKey(p, i, key, start);
}

@inline function update(i: i32, key: f64): void {
  const p = load<i32>(posBase + (<usize>i << 2));
  const old = keyAt(p);
  if (key < old) siftUp(p, i, key);
  else if (key > old) siftDown(p, i, key);
  else store<f64>(keysBase + (<usize>p << 3), key);
}

/** Order the keys the host wrote into slots 0..n-1 (slot p holding neuron p) into a heap. */
export function heapify(): void {
  for (let p = 0; p < n; p++) {
    store<i32>(heapBase + (<usize>p << 2), p);
    store<i32>(posBase + (<usize>p << 2), p);
  }
  if (n < 2) return;
  for (let p = (n - 2) >> LOG_ARITY; p >= 0; p--) siftDown(p, idAt(p), keyAt(p));
}

// --- procedural targets (docs/algorithm.md §5, the C anchor's generator) ---------------

@inline function splitmix64(x: u64): u64 {
  let z = x + 0x9e3779b97f4a7c15;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
  z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
  return z ^ (z >> 31);
}

/**
 * Point `rowTargets` (and `rowShifts`) at neuron `pre`'s targets, in the JS
 * connectivity's order; returns how many.
 */
function targetsOf(pre: i32): i32 {
  if (csr) {
    const first = load<i32>(csrStartBase + (<usize>pre << 2));
    rowTargets = csrPostBase + (<usize>first << 2);
    rowShifts = csrShiftBase + (<usize>first << 3);
    return load<i32>(csrStartBase + (<usize>pre << 2), 4) - first;
  }
  rowTargets = targetsBase;
  rowShifts = 0;
  if (memo && load<u8>(memoValidBase + <usize>pre) == 1) {
    memory.copy(targetsBase, memoBase + ((<usize>pre * <usize>k) << 2), <usize>k << 2);
    return k;
  }
  generation++;
  if (generation == 0) {
    memory.fill(stampBase, 0, <usize>(hashMask + 1) << 2); // stamps wrapped after 2^32 spikes
    generation = 1;
  }
  const x0 = <u64>pre + seedOffset;
  let s0 = splitmix64(x0);
  let s1 = splitmix64(x0 + 0x9e3779b97f4a7c15);
  const m = <f64>(n - 1);
  let count = 0;
  while (count < k) {
    const result = s0 + s1;
    const u = <f64>(result >> 11) * 1.1102230246251565e-16; // 2^-53
    s1 ^= s0;
    s0 = rotl<u64>(s0, 24) ^ s1 ^ (s1 << 16);
    s1 = rotl<u64>(s1, 37);
    const x = <i32>(u * m);
    let h = <i32>(<u32>(x * <i32>0x9e3779b1) >> hashShift);
    let duplicate = false;
    while (load<u32>(stampBase + (<usize>h << 2)) == generation) {
      if (load<i32>(slotBase + (<usize>h << 2)) == x) {
        duplicate = true;
        break;
      }
      h = (h + 1) & hashMask;
    }
    if (duplicate) continue;
    store<u32>(stampBase + (<usize>h << 2), generation);
    store<i32>(slotBase + (<usize>h << 2), x);
    store<i32>(targetsBase + (<usize>count << 2), x >= pre ? x + 1 : x);
    count++;
  }
  if (memo) {
    memory.copy(memoBase + ((<usize>pre * <usize>k) << 2), targetsBase, <usize>k << 2);
    store<u8>(memoValidBase + <usize>pre, 1);
  }
  return k;
}

// --- the loop -------------------------------------------------------------

/** `run` stopped because it emitted `maxSpikes` spikes. */
export const STOP_SPIKES: i32 = 0;
/** `run` stopped because the next spike would pass `phaseEnd`. */
export const STOP_TIME: i32 = 1;
/** `run` stopped because more than n spikes fell on one instant. */
export const STOP_RUNAWAY: i32 = 2;

let emitted: i32 = 0;

/** A run starts: the count of spikes on one instant restarts (as in the JS engine, per run). */
export function beginRun(): void {
  spikesAtInstant = 0;
}

/**
 * Emit up to `maxSpikes` (≤ the output capacity) spikes, stopping before a
 * spike whose phase `omega (log F + rescalings 256 ln 2)` exceeds `phaseEnd`.
 * Spike times (seconds, `phase tau / omega`) and neurons go to the output
 * buffers; `emittedSpikes()` says how many.
 */
export function run(maxSpikes: i32, phaseEnd: f64, tau: f64): i32 {
  let f = factor;
  let logScale = <f64>rescalings * LOG_RESCALE;
  let spikes = 0;
  let status = STOP_SPIKES;
  let sink: f64 = 0;
  const threshold = wThreshold, reset = wReset, om = omega;
  while (spikes < maxSpikes) {
    const j = idAt(0);
    let spikeFactor = keyAt(0) / threshold; // the factor at which neuron j reaches threshold
    if (spikeFactor <= f) {
      spikeFactor = f; // pinned at threshold by an excitatory kick, or rounding: spike now
      if (++spikesAtInstant > n) {
        status = STOP_RUNAWAY;
        break;
      }
    } else {
      spikesAtInstant = 0;
    }
    const phase = om * (hostLog(spikeFactor) + logScale);
    if (phase > phaseEnd) {
      f = hostExp(phaseEnd / om - logScale);
      status = STOP_TIME;
      break;
    }
    f = spikeFactor;
    const thresholdKey = threshold * f;
    const count = targetsOf(j);
    const row = rowTargets;
    // read every target's slot first so the cache misses overlap (a prefetch)
    for (let s = 0; s < count; s++) {
      const i = load<i32>(row + (<usize>s << 2));
      sink += keyAt(load<i32>(posBase + (<usize>i << 2)));
    }
    if (rowShifts == 0) {
      const shift = expShift * f;
      for (let s = 0; s < count; s++) {
        const i = load<i32>(row + (<usize>s << 2));
        const key = keyAt(load<i32>(posBase + (<usize>i << 2))) + shift;
        update(i, key < thresholdKey ? thresholdKey : key); // below: the kick reaches threshold, spike now
      }
    } else {
      const shifts = rowShifts;
      for (let s = 0; s < count; s++) {
        const i = load<i32>(row + (<usize>s << 2));
        // expShift(J) f: the JS engine's product, per synapse
        const key = keyAt(load<i32>(posBase + (<usize>i << 2))) + load<f64>(shifts + (<usize>s << 3)) * f;
        update(i, key < thresholdKey ? thresholdKey : key);
      }
    }
    update(j, reset * f);
    if (f > INV_RESCALE) {
      // exact: a power of two keeps every key's mantissa and the order
      for (let p = 0; p < n; p++) store<f64>(keysBase + (<usize>p << 3), keyAt(p) * RESCALE);
      f *= RESCALE;
      rescalings++;
      logScale = <f64>rescalings * LOG_RESCALE;
    }
    store<f64>(outTimesBase + (<usize>spikes << 3), (phase * tau) / om);
    store<i32>(outNeuronsBase + (<usize>spikes << 2), j);
    spikes++;
  }
  factor = f;
  emitted = spikes;
  touchSink += sink;
  return status;
}

export function emittedSpikes(): i32 {
  return emitted;
}
export function currentFactor(): f64 {
  return factor;
}
export function setFactor(value: f64): void {
  factor = value;
}
/** Restore the rescaling count of a saved state (with `setFactor` and `heapify`). */
export function setRescalings(value: i32): void {
  rescalings = value;
}
export function rescalingCount(): i32 {
  return rescalings;
}
export function spikesOnThisInstant(): i32 {
  return spikesAtInstant;
}
export function touchChecksum(): f64 {
  return touchSink;
}
export function keysPointer(): usize {
  return keysBase;
}
export function heapPointer(): usize {
  return heapBase;
}
export function positionsPointer(): usize {
  return posBase;
}
/** Where the host writes an explicit network: expShift per synapse, row starts, targets. */
export function csrShiftsPointer(): usize {
  return csrShiftBase;
}
export function csrStartsPointer(): usize {
  return csrStartBase;
}
export function csrTargetsPointer(): usize {
  return csrPostBase;
}
export function outTimesPointer(): usize {
  return outTimesBase;
}
export function outNeuronsPointer(): usize {
  return outNeuronsBase;
}
