// SparseProp's exponential-key engine for LIF-like models (ExpKeySimulator
// in @sparseprop/core), fused with its event queue (a 32-ary indexed heap,
// or the lazy calendar queue: `configure(..., calendar)`, see the end of this
// file) and the procedural fixed out-degree network, as one WebAssembly
// kernel (AssemblyScript).
//
// The host (src/wasm-exp-key-simulator.ts) lays out linear memory through
// `configure`, writes the initial keys, calls `heapify`, then `run` in
// batches and reads the spikes from the output buffers. Every arithmetic
// step that decides the spike order is the JS engine's, in the same order,
// so the spike trains are identical (tested); log and exp come from the host
// so spike times are bit-identical too.
//
// Memory (all offsets in bytes, set by `configure`; the calendar keeps
// keys f64[n] by neuron and no heap or pos, and its own arrays after the network):
//   keys    f64[n + 31] key of heap slot p at keysBase + 8p (slot 0 at index 31,
//                       so the 32 children of a slot fill 4 whole cache lines)
//   heap    i32[n + 31] neuron in heap slot p at heapBase + 4p (same shift)
//   pos     i32[n]      heap slot of neuron i
//   targets i32[k]      the spiker's targets
//   stamp   u32[2^bits] / slot i32[2^bits]: duplicate check, one generation per spike
//   out     f64[cap] times, i32[cap] neurons: spikes of the last batch
//   memo    i32[n k] targets by neuron, u8[n] which rows are valid (optional)
//   csr     i32[n + 1] row starts, i32[nnz] targets, f64[nnz] key shifts (explicit networks)

import { backwardSweep } from "./backward-sweep";

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
export function configure(nNeurons: i32, kTargets: i32, seed: f64, shift: f64, threshold: f64, reset: f64, omegaValue: f64, logRescale: f64, capacity: i32, useMemo: bool, synapses: i32, calendar: bool, mayFall: bool): f64 {
  lazy = calendar;
  tracking = calendar && mayFall;
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
  inputCount = 0;
  nextInput = 0;
  inputBytes = 0;
  inputEnd = Infinity;
  inputFactor = Infinity;
  taping = false;
  tapeBase = 0;
  tapeEntries = 0;
  tapeSpikes = 0;

  let at: u64 = alignUp(<u64>__heap_base, 8 * ARITY);
  if (lazy) {
    // the calendar: keys by neuron (the queue's own arrays follow the network below)
    keysBase = <usize>at;
    at = alignUp(at + 8 * <u64>n, 64);
    heapBase = 0;
    posBase = 0;
  } else {
    // slot 0 sits at index ARITY - 1, so that the children ARITY p + 1 .. ARITY p + ARITY
    // of slot p fill whole cache lines (keys: 8 ARITY bytes, neurons: 4 ARITY bytes)
    keysBase = <usize>(at + 8 * (ARITY - 1));
    at = alignUp(at + 8 * (<u64>n + ARITY - 1), 8 * ARITY);
    heapBase = <usize>(at + 4 * (ARITY - 1));
    at = alignUp(at + 4 * (<u64>n + ARITY - 1), 64);
    posBase = <usize>at;
    at = alignUp(at + 4 * <u64>n, 64);
  }
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
  if (lazy) at = layOutCalendar(alignUp(at, 64));
  if (at > 4294967296 - 65536) return 0;
  memoryEnd = <usize>at;
  const pages = <i32>((at + 65535) >> 16);
  const have = memory.size();
  if (pages > have && memory.grow(pages - have) < 0) return 0;
  memory.fill(stampBase, 0, <usize>(4 << bits));
  if (memo) memory.fill(memoValidBase, 0, <usize>n);
  if (!lazy) {
    for (let p = 0; p < n; p++) {
      store<i32>(heapBase + (<usize>p << 2), p);
      store<i32>(posBase + (<usize>p << 2), p);
    }
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

/**
 * Order the keys the host wrote into slots 0..n-1 (slot p holding neuron p)
 * into a heap; with the calendar, build it from the keys (by neuron).
 */
export function heapify(): void {
  if (lazy) {
    rebuild();
    return;
  }
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
/** `run` stopped because the next spike's phase is NaN, or +Infinity under no time limit (a non-finite key). */
export const STOP_NONFINITE: i32 = 3;
/** `run` stopped (state unchanged) because the tape is full: the host calls `stopTape` and runs on untaped. */
export const STOP_TAPE: i32 = 4;

let emitted: i32 = 0;
let memoryEnd: usize = 0;

/**
 * A run starts. The count of spikes on one instant is kept (as in the JS
 * engines): a runaway split over two runs, or over the host's slices of one
 * long run, is still found.
 */
export function beginRun(): void {}

/**
 * Emit up to `maxSpikes` (≤ the output capacity) spikes, stopping before a
 * spike whose phase `omega (log F + rescalings 256 ln 2)` exceeds `phaseEnd`.
 * Spike times (seconds, `phase tau / omega`) and neurons go to the output
 * buffers; `emittedSpikes()` says how many.
 */
export function run(maxSpikes: i32, phaseEnd: f64, tau: f64): i32 {
  // two copies of each loop: one that merges input events, one without their branch (a run with no input left)
  const inputs = nextInput < inputCount;
  if (lazy) return inputs ? runCalendar(true, false, maxSpikes, phaseEnd, tau) : runCalendar(false, false, maxSpikes, phaseEnd, tau);
  return inputs ? runHeap(true, false, maxSpikes, phaseEnd, tau) : runHeap(false, false, maxSpikes, phaseEnd, tau);
}

/**
 * `run` writing the gradients' tape (after `configureTape`; the host calls
 * it while `tapeActive()`): its own copies of the loops, so `run` has no
 * taping code. Stops with STOP_TAPE, before the event, when the tape is full.
 */
export function runTaped(maxSpikes: i32, phaseEnd: f64, tau: f64): i32 {
  const inputs = nextInput < inputCount;
  if (lazy) return inputs ? runCalendar(true, true, maxSpikes, phaseEnd, tau) : runCalendar(false, true, maxSpikes, phaseEnd, tau);
  return inputs ? runHeap(true, true, maxSpikes, phaseEnd, tau) : runHeap(false, true, maxSpikes, phaseEnd, tau);
}

/**
 * `run` with the 32-ary heap; `withInputs` and `tape` are constants at each (inlined) call, so the copy without
 * inputs has no input branch and the copies without a tape no taping code.
 */
@inline function runHeap(withInputs: bool, tape: bool, maxSpikes: i32, phaseEnd: f64, tau: f64): i32 {
  let f = factor;
  let logScale = <f64>rescalings * LOG_RESCALE;
  let spikes = 0;
  let status = STOP_SPIKES;
  let sink: f64 = 0;
  const threshold = wThreshold, reset = wReset, om = omega;
  if (withInputs) inputFactor = hostExp(load<f64>(inputTimesBase + (<usize>nextInput << 3)) / tau - logScale);
  while (spikes < maxSpikes) {
    const j = idAt(0);
    let spikeFactor = keyAt(0) / threshold; // the factor at which neuron j reaches threshold
    const pinned = spikeFactor <= f;
    if (pinned) spikeFactor = f; // pinned at threshold by an excitatory kick, or rounding: spike now
    if (withInputs && nextInput < inputCount && inputFactor <= spikeFactor) {
      // an input at or before the next spike kicks first
      if (load<f64>(inputTimesBase + (<usize>nextInput << 3)) > inputEnd) {
        f = hostExp(phaseEnd / om - logScale);
        status = STOP_TIME;
        break;
      }
      const fIn = inputFactor;
      const q = nextInput;
      const i = load<i32>(inputTargetsBase + (<usize>q << 2));
      const old = keyAt(load<i32>(posBase + (<usize>i << 2)));
      if (tape) {
        if (!tapeInput(old, fIn)) {
          status = STOP_TAPE;
          break;
        }
      }
      const key = old + load<f64>(inputShiftsBase + (<usize>q << 3)) * fIn;
      const inputThresholdKey = threshold * fIn;
      update(i, key < inputThresholdKey ? inputThresholdKey : key); // below: kicked to threshold, spikes now
      f = advanceClock(f, fIn);
      logScale = <f64>rescalings * LOG_RESCALE;
      inputFactor = nextInput < inputCount ? hostExp(load<f64>(inputTimesBase + (<usize>nextInput << 3)) / tau - logScale) : Infinity;
      continue;
    }
    if (tape) {
      // room for this spike's kicks (explicit rows only: reading the row length changes nothing)
      if (!tapeHasRoom(j)) {
        status = STOP_TAPE;
        break;
      }
    }
    if (pinned) {
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
    // once per spike: a NaN key (or +Infinity with no time limit) must not run on
    if (!(phase < Infinity)) {
      status = STOP_NONFINITE;
      nonFinite = phase;
      nonFiniteId = j;
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
    const tapeAt = tape ? tapeSpike(f) : 0;
    if (rowShifts == 0) {
      const shift = expShift * f;
      for (let s = 0; s < count; s++) {
        const i = load<i32>(row + (<usize>s << 2));
        const old = keyAt(load<i32>(posBase + (<usize>i << 2)));
        if (tape) store<f64>(tapeAt + (<usize>s << 3), old);
        const key = old + shift;
        update(i, key < thresholdKey ? thresholdKey : key); // below: the kick reaches threshold, spike now
      }
    } else {
      const shifts = rowShifts;
      for (let s = 0; s < count; s++) {
        const i = load<i32>(row + (<usize>s << 2));
        // expShift(J) f: the JS engine's product, per synapse
        const old = keyAt(load<i32>(posBase + (<usize>i << 2)));
        if (tape) store<f64>(tapeAt + (<usize>s << 3), old);
        const key = old + load<f64>(shifts + (<usize>s << 3)) * f;
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
      if (withInputs && nextInput < inputCount) inputFactor = hostExp(load<f64>(inputTimesBase + (<usize>nextInput << 3)) / tau - logScale);
    }
    if (tape) tapeSpikeDone(count);
    store<f64>(outTimesBase + (<usize>spikes << 3), (phase * tau) / om);
    store<i32>(outNeuronsBase + (<usize>spikes << 2), j);
    spikes++;
  }
  factor = f;
  emitted = spikes;
  touchSink += sink;
  return status;
}

/** The neuron and phase of a STOP_NONFINITE stop. */
let nonFinite: f64 = 0;
let nonFiniteId: i32 = -1;
export function nonFinitePhase(): f64 {
  return nonFinite;
}
export function nonFiniteNeuron(): i32 {
  return nonFiniteId;
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
/** Restore the count of spikes at the current instant of a saved state (runaway detection continues across runs). */
export function setSpikesAtInstant(value: i32): void {
  spikesAtInstant = value;
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
/** 1 when the keys are stored by neuron (the calendar), 0 by heap slot (read them through `positionsPointer`). */
export function keysByNeuron(): i32 {
  return lazy ? 1 : 0;
}
/**
 * Bytes of linear memory written so far: with the calendar, everything below
 * the bucket pool, the pool's chunks used at the peak (the rest of its
 * reservation is never touched), the gradients' tape written and the near
 * heap; else the whole layout.
 */
export function bytesInUse(): f64 {
  const tape = tapeBase == 0 ? 0 : <f64>(tapeEntries << 3) + 20 * <f64>tapeSpikes;
  return lazy ? <f64>(poolBase + (<usize>poolTop << 6) + inputBytes + (<usize>hcap << 4)) + tape : <f64>memoryEnd;
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

// --- external input events ------------------------------------------------
//
// Kicks from outside the network (e.g. Poisson inputs of a training task):
// event q kicks neuron targets[q] at times[q] seconds by the key shift
// shifts[q] = expShift(J_q) per unit factor. The host lays them out with
// `configureInputs` (after `configure`, before `heapify`), sorted by time.
// An input at time t is applied before any spike at a time >= t (the order
// the training replay uses): its factor F = exp(t / tau - rescalings 256 ln 2)
// (the replay's expression) is compared with the next spike's; the key
// becomes key + shift F, or the threshold key at F when the kick reaches
// threshold (that neuron then spikes at F). The clock advances to F.

let inputCount: i32 = 0;
let nextInput: i32 = 0;
let inputTimesBase: usize = 0;
let inputShiftsBase: usize = 0;
let inputTargetsBase: usize = 0;
let inputBytes: usize = 0;
/** Inputs after this time (seconds) end the run (STOP_TIME): the run's time limit. */
let inputEnd: f64 = Infinity;
/** F of input `nextInput` at the current rescaling count; set at run start, after each input and rescaling. */
let inputFactor: f64 = Infinity;

/**
 * Lay out `count` input events after the network (with the calendar, the
 * still empty near heap moves behind them). Returns the total bytes used, or
 * 0 when they exceed 4 GiB. The host then writes times (f64, seconds,
 * non-decreasing), key shifts (f64) and targets (i32) at the pointers below.
 */
export function configureInputs(count: i32): f64 {
  let at: u64 = alignUp(lazy ? <u64>hBase : <u64>memoryEnd, 64);
  const start = at;
  inputTimesBase = <usize>at;
  at += 8 * <u64>count;
  inputShiftsBase = <usize>at;
  at += 8 * <u64>count;
  inputTargetsBase = <usize>at;
  at = alignUp(at + 4 * <u64>count, 64);
  inputBytes = <usize>(at - start);
  if (lazy) {
    hBase = <usize>at;
    at += 16 * <u64>hcap;
  }
  if (at > 4294967296 - 65536) return 0;
  memoryEnd = <usize>at;
  const pages = <i32>((at + 65535) >> 16);
  const have = memory.size();
  if (pages > have && memory.grow(pages - have) < 0) return 0;
  inputCount = count;
  nextInput = 0;
  inputFactor = Infinity;
  return <f64>at;
}

/** The clock after an input at factor `fIn` (the next input taken; a rescaling when the clock passes 2^256). */
function advanceClock(f: f64, fIn: f64): f64 {
  nextInput++;
  if (fIn > f) {
    f = fIn;
    spikesAtInstant = 0; // time advanced: a spike this input triggers is the first at its instant
  }
  if (f > INV_RESCALE) {
    for (let p = 0; p < n; p++) store<f64>(keysBase + (<usize>p << 3), load<f64>(keysBase + (<usize>p << 3)) * RESCALE);
    if (lazy) rebuild();
    f *= RESCALE;
    rescalings++;
  }
  return f;
}

/** The run's end time in seconds (Infinity: none), for inputs; call before `run`. */
export function setInputEnd(seconds: f64): void {
  inputEnd = seconds;
}
/** How many inputs were applied (restore a saved state with `setInputCursor`). */
export function inputCursor(): i32 {
  return nextInput;
}
export function setInputCursor(value: i32): void {
  nextInput = value;
}
export function inputTimesPointer(): usize {
  return inputTimesBase;
}
export function inputShiftsPointer(): usize {
  return inputShiftsBase;
}
export function inputTargetsPointer(): usize {
  return inputTargetsBase;
}

// --- the gradients' tape ----------------------------------------------------
//
// With `configureTape` (explicit networks), `runTaped` also writes what the
// backward sweep of exact spike-time gradients reads (assembly/exp-key-gradients.ts,
// the replay's tape): the key before every kick, which is the replay's
// y = w F (same arithmetic, same rescalings: the replay rescales at the
// events where this loop's clock passes 2^256, and a rescaling is an exact
// power of two, so every spike's entries and factor share one scale); per
// input event the pair (key before, F); per spike its F, and where its
// entries start. Memory: 8 B per tape entry, 20 B per spike.
//   tape       f64[events]
//   factor     f64[spikes]      F of every spike
//   inputStart i32[spikes + 1]  the first input event applied before spike r (the cursor after spike r - 1)
//   spikeStart i32[spikes + 1]  the tape entry where spike r's inputs start
//   kickStart  i32[spikes]      the tape entry where spike r's kicks start

let taping: bool = false;
let tapeBase: usize = 0;
let tapeFactorBase: usize = 0;
let tapeInputStartBase: usize = 0;
let tapeSpikeStartBase: usize = 0;
let tapeKickStartBase: usize = 0;
let tapeCapacity: i64 = 0;
let tapeSpikeCapacity: i32 = 0;
/** Entries written so far. */
let tapeEntries: i64 = 0;
/** Spikes taped so far. */
let tapeSpikes: i32 = 0;

/**
 * Room for a tape of `events` entries and `spikes` spikes (after `configure`
 * and `configureInputs`, before `run`; explicit networks only), and taping on.
 * Returns the total bytes used, or 0 when they exceed 4 GiB, memory cannot
 * grow or the network is procedural.
 */
export function configureTape(events: f64, spikes: i32): f64 {
  if (!csr || !(events >= 0) || spikes < 0) return 0;
  let at: u64 = alignUp(lazy ? <u64>hBase : <u64>memoryEnd, 64);
  tapeBase = <usize>at;
  at = alignUp(at + 8 * <u64>events, 64);
  tapeFactorBase = <usize>at;
  at = alignUp(at + 8 * (<u64>spikes + 1), 64);
  tapeInputStartBase = <usize>at;
  at = alignUp(at + 4 * (<u64>spikes + 1), 64);
  tapeSpikeStartBase = <usize>at;
  at = alignUp(at + 4 * (<u64>spikes + 1), 64);
  tapeKickStartBase = <usize>at;
  at = alignUp(at + 4 * (<u64>spikes + 1), 64);
  if (lazy) {
    hBase = <usize>at;
    at += 16 * <u64>hcap;
  }
  if (at > 4294967296 - 65536) return 0;
  const pages = <i32>((at + 65535) >> 16);
  const have = memory.size();
  if (pages > have && memory.grow(pages - have) < 0) return 0;
  memoryEnd = <usize>at;
  tapeCapacity = <i64>events;
  tapeSpikeCapacity = spikes;
  tapeEntries = 0;
  tapeSpikes = 0;
  store<i32>(tapeInputStartBase, nextInput);
  store<i32>(tapeSpikeStartBase, 0);
  taping = true;
  return <f64>at;
}

/** Stop taping (after STOP_TAPE): the host continues with `run`, the plain loops. */
export function stopTape(): void {
  taping = false;
}
/** 1 while taping (every event so far is on the tape). */
export function tapeActive(): i32 {
  return taping ? 1 : 0;
}
export function tapeEntryCount(): f64 {
  return <f64>tapeEntries;
}
export function tapeSpikeCount(): i32 {
  return tapeSpikes;
}
export function tapePointer(): usize {
  return tapeBase;
}
export function tapeFactorPointer(): usize {
  return tapeFactorBase;
}
export function tapeInputStartPointer(): usize {
  return tapeInputStartBase;
}
export function tapeSpikeStartPointer(): usize {
  return tapeSpikeStartBase;
}
export function tapeKickStartPointer(): usize {
  return tapeKickStartBase;
}

/** Tape an input event's (key before, F); false when the tape is full (nothing written). */
@inline function tapeInput(old: f64, fIn: f64): bool {
  if (tapeEntries + 2 > tapeCapacity) return false;
  const at = tapeBase + (<usize>tapeEntries << 3);
  store<f64>(at, old);
  store<f64>(at, fIn, 8);
  tapeEntries += 2;
  return true;
}

/** Whether spike `j`'s kicks and offsets fit the tape. */
@inline function tapeHasRoom(j: i32): bool {
  const count = load<i32>(csrStartBase + (<usize>j << 2), 4) - load<i32>(csrStartBase + (<usize>j << 2));
  return tapeSpikes < tapeSpikeCapacity && tapeEntries + <i64>count <= tapeCapacity;
}

/** Tape spike F and where its kicks start; returns the address of its first kick entry. */
@inline function tapeSpike(f: f64): usize {
  store<f64>(tapeFactorBase + (<usize>tapeSpikes << 3), f);
  store<i32>(tapeKickStartBase + (<usize>tapeSpikes << 2), <i32>tapeEntries);
  return tapeBase + (<usize>tapeEntries << 3);
}

/** The spike's `count` kicks are taped: where the next spike's inputs and entries start. */
@inline function tapeSpikeDone(count: i32): void {
  tapeEntries += <i64>count;
  tapeSpikes++;
  store<i32>(tapeInputStartBase + (<usize>tapeSpikes << 2), nextInput);
  store<i32>(tapeSpikeStartBase + (<usize>tapeSpikes << 2), <i32>tapeEntries);
}

// The backward sweep on the tape, here (assembly/backward-sweep.ts, the
// gradients module's code): no copy of the tape or the network into the
// gradients module. `configureBackward` lays out, after everything (the
// simulator runs no more), adjoint f64[n], gradient f64[nnz], dLoss f64[S],
// neurons i32[S], input channels i32[I], channel key shifts and gradients
// f64[C]; the host writes dLoss, neurons, channels and channel shifts.
let bwAdjointBase: usize = 0;
let bwGradientBase: usize = 0;
let bwDLossBase: usize = 0;
let bwNeuronsBase: usize = 0;
let bwChannelBase: usize = 0;
let bwChannelShiftBase: usize = 0;
let bwInGradBase: usize = 0;

/** Room for the backward sweep of the tape's `tapeSpikes` spikes with `channels` input channels (adjoints and gradients zeroed); total bytes, or 0. */
export function configureBackward(channels: i32): f64 {
  const spikes = tapeSpikes;
  let at: u64 = alignUp(lazy ? <u64>hBase + 16 * <u64>hcap : <u64>memoryEnd, 64);
  bwAdjointBase = <usize>at;
  at = alignUp(at + 8 * <u64>n, 64);
  bwGradientBase = <usize>at;
  at = alignUp(at + 8 * <u64>nnz, 64);
  bwDLossBase = <usize>at;
  at = alignUp(at + 8 * <u64>spikes, 64);
  bwNeuronsBase = <usize>at;
  at = alignUp(at + 4 * <u64>spikes, 64);
  bwChannelBase = <usize>at;
  at = alignUp(at + 4 * <u64>inputCount, 64);
  bwChannelShiftBase = <usize>at;
  at = alignUp(at + 8 * <u64>channels, 64);
  bwInGradBase = <usize>at;
  at = alignUp(at + 8 * <u64>channels, 64);
  if (at > 4294967296 - 65536) return 0;
  const pages = <i32>((at + 65535) >> 16);
  const have = memory.size();
  if (pages > have && memory.grow(pages - have) < 0) return 0;
  memory.fill(bwAdjointBase, 0, <usize>(8 * <u64>n));
  memory.fill(bwGradientBase, 0, <usize>(8 * <u64>nnz));
  memory.fill(bwInGradBase, 0, <usize>(8 * <u64>channels));
  return <f64>at;
}

/** The backward sweep over the whole tape; returns dL/dJ of a uniform weight. `theta` is the kernel's threshold key. */
export function backwardOfTape(shiftSlope: f64, tau: f64): f64 {
  return backwardSweep(
    0, tapeSpikes, wThreshold, shiftSlope, tau, 0, inputCount > 0,
    bwNeuronsBase, bwDLossBase, tapeFactorBase, tapeKickStartBase, tapeSpikeStartBase, tapeInputStartBase, tapeBase,
    csrStartBase, csrPostBase, csrShiftBase, bwAdjointBase, bwGradientBase,
    inputTargetsBase, bwChannelBase, bwChannelShiftBase, bwInGradBase,
  );
}
export function backwardAdjointPointer(): usize {
  return bwAdjointBase;
}
export function backwardGradientPointer(): usize {
  return bwGradientBase;
}
export function backwardDLossPointer(): usize {
  return bwDLossBase;
}
export function backwardNeuronsPointer(): usize {
  return bwNeuronsBase;
}
export function backwardChannelsPointer(): usize {
  return bwChannelBase;
}
export function backwardChannelShiftsPointer(): usize {
  return bwChannelShiftBase;
}
export function backwardInputGradientPointer(): usize {
  return bwInGradBase;
}

// --- the lazy calendar queue (the JS LazyCalendarQueue of @sparseprop/queue-calendar, ratio buckets) ---
//
// An inhibitory input only delays its target, so the target's recorded
// bucket stays a lower bound of its true key: the input writes the key and
// nothing else. Buckets: a circular window of `slots` lists of 64-byte chunks
// (count, next, 14 neuron ids) from one pool, the bucket of a key being the
// high word of its bits (monotone for every double) shifted right by
// `resolution`; keys beyond the window wait in an overflow list (slot
// `slots`) whose floor bounds them all. The near heap (4-ary, 16-byte
// records {key, id}) holds the current bucket's neurons by lower bounds of
// their keys, ties to the lower index. A key that falls (excitation) moves
// at once, which needs each neuron's place (`loc`: a slot, or -1 - p for
// near-heap position p): allocated when the network may excite (`mayFall`).
// Memory: 8 B of keys + about 4.6 B of chunks + under 1 B of slots per
// neuron (+ 4 B of loc, + 4.6 B more of pool reserve with excitation).

let lazy: bool = false;
let tracking: bool = false;
const CHUNK: i32 = 16;
const CHUNK_IDS: i32 = 14;
const SAMPLES: i32 = 2048;
/** Neurons per bucket in the middle decile of the keys. */
const PER_BUCKET: f64 = 4096;
let locBase: usize = 0;
let headBase: usize = 0;
let bitsBase: usize = 0;
let sampleBase: usize = 0;
let poolBase: usize = 0;
let poolCap: i32 = 0;
let poolTop: i32 = 0;
let poolFree: i32 = -1;
let hBase: usize = 0;
let hcap: i32 = 0;
let hsz: i32 = 0;
let slots: i32 = 64;
let mask: i32 = 63;
let bc: i64 = 0;
let overflowFloor: i64 = 0;
let resolution: i32 = 0;
let stale: i32 = 0;
let work: i64 = 0;
let pops: i64 = 0;
const NO_FLOOR: i64 = 0x7fffffffffffffff;

/** Queue arrays after `at`: slots, bitmap, sample, loc, pool (reserved at its bound), near heap (grows at the end). */
function layOutCalendar(start: u64): u64 {
  let at = start;
  // at most about n/16 slots (under 0.5 B per neuron of heads; the pool reserves a chunk per slot)
  let s = 64;
  while (s < (n >> 4)) s <<= 1;
  const maxSlots = s;
  headBase = <usize>at;
  at = alignUp(at + 4 * (<u64>maxSlots + 1), 64);
  bitsBase = <usize>at;
  at = alignUp(at + <u64>(maxSlots >> 3), 64);
  sampleBase = <usize>at;
  at += 8 * <u64>SAMPLES;
  if (tracking) {
    locBase = <usize>at;
    at = alignUp(at + 4 * <u64>n, 64);
  }
  // every list but its head chunk is full: chunks <= entries / 14 + lists + in flight; entries <= n (+ n stale when tracking)
  const entries: u64 = tracking ? 2 * <u64>n : <u64>n;
  poolCap = <i32>(entries / <u64>CHUNK_IDS + <u64>maxSlots + 8);
  poolBase = <usize>at;
  at = alignUp(at + 64 * <u64>poolCap, 64);
  hBase = <usize>at;
  hcap = 1024;
  at += 16 * <u64>hcap;
  slots = maxSlots; // tune() picks the slots in use (<= maxSlots)
  return at;
}

@inline function keyOf(i: i32): f64 {
  return load<f64>(keysBase + (<usize>i << 3));
}

@inline function bucketOf(key: f64): i64 {
  const hi = <u32>(reinterpret<u64>(key + 0.0) >> 32); // + 0.0: -0 to +0
  const mapped = (hi & 0x80000000) != 0 ? ~hi : hi | 0x80000000;
  return <i64>(mapped >> <u32>resolution);
}

@inline function poolAt(c: i32, q: i32): usize {
  return poolBase + ((<usize>c << 6) + (<usize>q << 2));
}

function allocChunk(): i32 {
  let c = poolFree;
  if (c >= 0) {
    poolFree = load<i32>(poolAt(c, 1));
    return c;
  }
  c = poolTop++;
  if (poolTop > poolCap) unreachable(); // the reservation bounds the chunks (see layOutCalendar)
  return c;
}

/** Neuron i into bucket b (> bc): a window slot, or the overflow list beyond the window. */
function push(b: i64, i: i32): void {
  let slot: i32;
  const end = bc + <i64>slots;
  if (b < end) slot = <i32>b & mask;
  else {
    slot = slots;
    if (end < overflowFloor) overflowFloor = end;
  }
  const hp = headBase + (<usize>slot << 2);
  let h = load<i32>(hp);
  if (h < 0 || load<i32>(poolAt(h, 0)) == CHUNK_IDS) {
    const c = allocChunk();
    store<i32>(poolAt(c, 0), 0);
    store<i32>(poolAt(c, 1), h);
    if (h < 0 && slot != slots) {
      const wp = bitsBase + (<usize>(slot >>> 5) << 2);
      store<u32>(wp, load<u32>(wp) | (<u32>1 << <u32>(slot & 31)));
    }
    store<i32>(hp, c);
    h = c;
  }
  const cnt = load<i32>(poolAt(h, 0));
  store<i32>(poolAt(h, 2 + cnt), i);
  store<i32>(poolAt(h, 0), cnt + 1);
  if (tracking) store<i32>(locBase + (<usize>i << 2), slot);
}

/** The first occupied bucket in start .. start + span - 1 (span <= slots), or -1. */
function firstOccupied(start: i64, span: i32): i64 {
  let pos = <i32>start & mask;
  let word = load<u32>(bitsBase + (<usize>(pos >>> 5) << 2)) >>> <u32>(pos & 31);
  let d = 0;
  if (word == 0) {
    d = 32 - (pos & 31);
    pos = (pos + d) & mask;
    while (d < span) {
      word = load<u32>(bitsBase + (<usize>(pos >>> 5) << 2));
      if (word != 0) break;
      d += 32;
      pos = (pos + 32) & mask;
    }
    if (word == 0) return -1;
  }
  d += <i32>ctz<u32>(word);
  return d < span ? start + <i64>d : -1;
}

function detach(slot: i32): i32 {
  const hp = headBase + (<usize>slot << 2);
  const h = load<i32>(hp);
  store<i32>(hp, -1);
  if (slot != slots) {
    const wp = bitsBase + (<usize>(slot >>> 5) << 2);
    store<u32>(wp, load<u32>(wp) & ~(<u32>1 << <u32>(slot & 31)));
  }
  return h;
}

function release(h: i32): i32 {
  const next = load<i32>(poolAt(h, 1));
  store<i32>(poolAt(h, 1), poolFree);
  poolFree = h;
  return next;
}

// near heap: records of 16 bytes {f64 key, i32 id}
@inline function hKey(p: i32): f64 {
  return load<f64>(hBase + (<usize>p << 4));
}
@inline function hId(p: i32): i32 {
  return load<i32>(hBase + (<usize>p << 4), 8);
}
@inline function hPlace(p: i32, i: i32, key: f64): void {
  store<f64>(hBase + (<usize>p << 4), key);
  store<i32>(hBase + (<usize>p << 4), i, 8);
  if (tracking) store<i32>(locBase + (<usize>i << 2), -1 - p);
}

function hSiftUp(p: i32, i: i32, key: f64): void {
  while (p > 0) {
    const q = (p - 1) >> 2;
    const qk = hKey(q);
    const qi = hId(q);
    if (key < qk || (key == qk && i < qi)) {
      hPlace(p, qi, qk);
      p = q;
    } else break;
  }
  hPlace(p, i, key);
}

function hSiftDown(p: i32, i: i32, key: f64): void {
  for (;;) {
    const first = (p << 2) + 1;
    if (first >= hsz) break;
    let best = first;
    let bk = hKey(first);
    let bi = hId(first);
    const end = first + 4 < hsz ? first + 4 : hsz;
    for (let c = first + 1; c < end; c++) {
      const ck = hKey(c);
      const ci = hId(c);
      if (ck < bk || (ck == bk && ci < bi)) {
        best = c;
        bk = ck;
        bi = ci;
      }
    }
    if (bk < key || (bk == key && bi < i)) {
      hPlace(p, bi, bk);
      p = best;
    } else break;
  }
  hPlace(p, i, key);
}

function hPush(i: i32, key: f64): void {
  if (hsz == hcap) {
    // the near heap is the last region: grow memory in place
    const need = <u64>hBase + 32 * <u64>hcap;
    if (need > 4294967296 - 65536) unreachable();
    const pages = <i32>((need + 65535) >> 16);
    const have = memory.size();
    if (pages > have && memory.grow(pages - have) < 0) unreachable();
    hcap *= 2;
  }
  hSiftUp(hsz++, i, key);
}

function hPopTop(): void {
  const last = --hsz;
  if (last > 0) hSiftDown(0, hId(last), hKey(last));
}

/** Open the next occupied bucket (redistributing the overflow first when the window reaches its floor or is empty). */
function openNext(): void {
  let b = firstOccupied(bc + 1, slots - 1);
  if (load<i32>(headBase + (<usize>slots << 2)) >= 0 && (b < 0 || b >= overflowFloor)) {
    let h = detach(slots);
    overflowFloor = NO_FLOOR;
    let min: i64 = b < 0 ? NO_FLOOR : b;
    for (let c = h; c >= 0; c = load<i32>(poolAt(c, 1))) {
      const count = load<i32>(poolAt(c, 0));
      for (let q = 0; q < count; q++) {
        const i = load<i32>(poolAt(c, 2 + q));
        if (tracking && load<i32>(locBase + (<usize>i << 2)) != slots) continue;
        const kb = bucketOf(keyOf(i));
        if (kb < min) min = kb;
      }
    }
    if (min != NO_FLOOR && min - 1 > bc) bc = min - 1;
    while (h >= 0) {
      const count = load<i32>(poolAt(h, 0));
      for (let q = 0; q < count; q++) {
        const i = load<i32>(poolAt(h, 2 + q));
        if (tracking && load<i32>(locBase + (<usize>i << 2)) != slots) {
          stale--;
          continue;
        }
        push(bucketOf(keyOf(i)), i);
        work++;
      }
      h = release(h);
    }
    b = firstOccupied(bc + 1, slots - 1);
  }
  if (b < 0) unreachable();
  bc = b;
  const slot = <i32>b & mask;
  let h = detach(slot);
  // read the list's keys first so their cache misses overlap
  let sink: f64 = 0;
  for (let c = h; c >= 0; c = load<i32>(poolAt(c, 1))) {
    const count = load<i32>(poolAt(c, 0));
    for (let q = 0; q < count; q++) sink += keyOf(load<i32>(poolAt(c, 2 + q)));
  }
  touchSink += sink;
  while (h >= 0) {
    const count = load<i32>(poolAt(h, 0));
    for (let q = 0; q < count; q++) {
      const i = load<i32>(poolAt(h, 2 + q));
      if (tracking && load<i32>(locBase + (<usize>i << 2)) != slot) {
        stale--;
        continue;
      }
      const key = keyOf(i);
      const kb = bucketOf(key);
      if (kb > b) {
        push(kb, i);
        work++;
      } else {
        hPush(i, key);
      }
    }
    h = release(h);
  }
}

/** Make the near heap's top the true minimum. */
function settle(): void {
  for (;;) {
    if (hsz == 0) {
      openNext();
      continue;
    }
    const i = hId(0);
    const key = keyOf(i);
    // a NaN key (a model whose numbers turned non-finite) is taken as it is: the host reports it, never a loop here
    if (key == hKey(0) || key != key) {
      pops++;
      return;
    }
    const b = bucketOf(key);
    if (b > bc) {
      hPopTop();
      push(b, i);
      // re-bucketing far beyond its usual tens per minimum: a resolution that no longer fits the keys
      if (++work > 8 * <i64>n + 1024 && work > 256 * pops) rebuild();
    } else {
      hSiftDown(0, i, key);
    }
  }
}

/** Neuron i's key fell to `key`: move it now if its entry is no longer a lower bound. */
function lowered(i: i32, key: f64): void {
  if (!tracking) {
    rebuild(); // never taken when the host declared the network's excitation (mayFall); exact anyway
    return;
  }
  const l = load<i32>(locBase + (<usize>i << 2));
  if (l < 0) {
    const p = -1 - l;
    if (key < hKey(p)) hSiftUp(p, i, key);
    return;
  }
  const entry: i64 = l == slots ? overflowFloor : bc + <i64>((l - (<i32>bc & mask)) & mask);
  const b = bucketOf(key);
  if (b >= entry) return;
  if (b <= bc) hPush(i, key);
  else push(b, i);
  if (++stale > n) rebuild();
}

/** Sort the first `count` samples (insertion sort: at most 2048, once per rebuild). */
function sortSamples(count: i32): void {
  for (let a = 1; a < count; a++) {
    const v = load<f64>(sampleBase + (<usize>a << 3));
    let b = a - 1;
    while (b >= 0 && load<f64>(sampleBase + (<usize>b << 3)) > v) {
      store<f64>(sampleBase + (<usize>(b + 1) << 3), load<f64>(sampleBase + (<usize>b << 3)));
      b--;
    }
    store<f64>(sampleBase + (<usize>(b + 1) << 3), v);
  }
}

/** Resolution (buckets about 64 neurons deep in the keys' middle decile) and window (their 0-90 % range) from a sample. */
function tune(): void {
  const samples = n < SAMPLES ? n : SAMPLES;
  const stride = <f64>n / <f64>samples;
  let count = 0;
  for (let s = 0; s < samples; s++) {
    const key = keyOf(<i32>(<f64>s * stride));
    if (isFinite<f64>(key)) {
      store<f64>(sampleBase + (<usize>count << 3), key);
      count++;
    }
  }
  sortSamples(count);
  resolution = 0;
  let spanWords: f64 = <f64>(1 << 20);
  let decileWords: f64 = spanWords / 9;
  if (count > 0) {
    const m = <f64>(count - 1);
    const lo = load<f64>(sampleBase + (<usize>(<i32>(0.0 * m)) << 3));
    const q45 = load<f64>(sampleBase + (<usize>(<i32>(0.45 * m)) << 3));
    const q55 = load<f64>(sampleBase + (<usize>(<i32>(0.55 * m)) << 3));
    const hi = load<f64>(sampleBase + (<usize>(<i32>(0.9 * m)) << 3));
    const words = <f64>(bucketOf(hi) - bucketOf(lo));
    const decile = <f64>(bucketOf(q55) - bucketOf(q45));
    if (words > 1 || decile > 1) {
      spanWords = words > 1 ? words : 1;
      decileWords = decile > 1 ? decile : 1;
    }
  }
  const perDecile = Math.max(1, (0.1 * <f64>n) / PER_BUCKET);
  let r = <i32>Math.round(Math.log2(decileWords / perDecile));
  resolution = r < 0 ? 0 : r > 31 ? 31 : r;
  const spanBuckets = Math.ceil(spanWords / Math.pow(2, <f64>resolution));
  let s = 64;
  let maxSlots = 64;
  while (maxSlots < (n >> 4)) maxSlots <<= 1;
  while (<f64>s < 1.25 * spanBuckets + 2 && s < maxSlots) s <<= 1;
  slots = s;
  mask = s - 1;
}

/** Every neuron into its bucket, from the keys. O(N). */
function rebuild(): void {
  tune();
  hsz = 0;
  poolTop = 0;
  poolFree = -1;
  stale = 0;
  work = 0;
  pops = 0;
  overflowFloor = NO_FLOOR;
  for (let s = 0; s <= slots; s++) store<i32>(headBase + (<usize>s << 2), -1);
  memory.fill(bitsBase, 0, <usize>((slots + 31) >>> 5) << 2);
  let min: i64 = NO_FLOOR;
  for (let i = 0; i < n; i++) {
    const b = bucketOf(keyOf(i));
    if (b < min) min = b;
  }
  bc = min - 1;
  for (let i = 0; i < n; i++) push(bucketOf(keyOf(i)), i);
}

/** `run` with the calendar: the JS exponential-key engine's arithmetic, in its order. */
@inline function runCalendar(withInputs: bool, tape: bool, maxSpikes: i32, phaseEnd: f64, tau: f64): i32 {
  let f = factor;
  let logScale = <f64>rescalings * LOG_RESCALE;
  let spikes = 0;
  let status = STOP_SPIKES;
  const threshold = wThreshold, reset = wReset, om = omega;
  if (withInputs) inputFactor = hostExp(load<f64>(inputTimesBase + (<usize>nextInput << 3)) / tau - logScale);
  while (spikes < maxSpikes) {
    settle();
    const j = hId(0);
    let spikeFactor = keyOf(j) / threshold;
    const pinned = spikeFactor <= f;
    if (pinned) spikeFactor = f;
    if (withInputs && nextInput < inputCount && inputFactor <= spikeFactor) {
      // an input at or before the next spike kicks first (the heap loop's arithmetic)
      if (load<f64>(inputTimesBase + (<usize>nextInput << 3)) > inputEnd) {
        f = hostExp(phaseEnd / om - logScale);
        status = STOP_TIME;
        break;
      }
      const fIn = inputFactor;
      const q = nextInput;
      const i = load<i32>(inputTargetsBase + (<usize>q << 2));
      const at = keysBase + (<usize>i << 3);
      const old = load<f64>(at);
      if (tape) {
        if (!tapeInput(old, fIn)) {
          status = STOP_TAPE;
          break;
        }
      }
      let key = old + load<f64>(inputShiftsBase + (<usize>q << 3)) * fIn;
      const inputThresholdKey = threshold * fIn;
      if (key < inputThresholdKey) key = inputThresholdKey;
      store<f64>(at, key);
      if (key < old) lowered(i, key); // excitation; a key that grew stays a lower bound in its bucket
      f = advanceClock(f, fIn);
      logScale = <f64>rescalings * LOG_RESCALE;
      inputFactor = nextInput < inputCount ? hostExp(load<f64>(inputTimesBase + (<usize>nextInput << 3)) / tau - logScale) : Infinity;
      continue;
    }
    if (tape) {
      // room for this spike's kicks (explicit rows only: reading the row length changes nothing)
      if (!tapeHasRoom(j)) {
        status = STOP_TAPE;
        break;
      }
    }
    if (pinned) {
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
    if (!(phase < Infinity)) {
      status = STOP_NONFINITE;
      nonFinite = phase;
      nonFiniteId = j;
      break;
    }
    f = spikeFactor;
    const thresholdKey = threshold * f;
    const count = targetsOf(j);
    const row = rowTargets;
    const tapeAt = tape ? tapeSpike(f) : 0;
    if (rowShifts == 0) {
      const shift = expShift * f;
      for (let s = 0; s < count; s++) {
        const i = load<i32>(row + (<usize>s << 2));
        const at = keysBase + (<usize>i << 3);
        const old = load<f64>(at);
        if (tape) store<f64>(tapeAt + (<usize>s << 3), old);
        let key = old + shift;
        if (key < thresholdKey) key = thresholdKey; // the kick reaches threshold: spike now
        store<f64>(at, key);
        if (key < old) lowered(i, key); // a key that grew is only written: its bucket stays a lower bound
      }
    } else {
      const shifts = rowShifts;
      for (let s = 0; s < count; s++) {
        const i = load<i32>(row + (<usize>s << 2));
        const at = keysBase + (<usize>i << 3);
        const old = load<f64>(at);
        if (tape) store<f64>(tapeAt + (<usize>s << 3), old);
        let key = old + load<f64>(shifts + (<usize>s << 3)) * f;
        if (key < thresholdKey) key = thresholdKey;
        store<f64>(at, key);
        if (key < old) lowered(i, key);
      }
    }
    const jAt = keysBase + (<usize>j << 3);
    const jOld = load<f64>(jAt);
    const jKey = reset * f;
    store<f64>(jAt, jKey);
    if (jKey < jOld) lowered(j, jKey);
    if (f > INV_RESCALE) {
      for (let i = 0; i < n; i++) store<f64>(keysBase + (<usize>i << 3), keyOf(i) * RESCALE);
      rebuild();
      f *= RESCALE;
      rescalings++;
      logScale = <f64>rescalings * LOG_RESCALE;
      if (withInputs && nextInput < inputCount) inputFactor = hostExp(load<f64>(inputTimesBase + (<usize>nextInput << 3)) / tau - logScale);
    }
    if (tape) tapeSpikeDone(count);
    store<f64>(outTimesBase + (<usize>spikes << 3), (phase * tau) / om);
    store<i32>(outNeuronsBase + (<usize>spikes << 2), j);
    spikes++;
  }
  factor = f;
  emitted = spikes;
  return status;
}
