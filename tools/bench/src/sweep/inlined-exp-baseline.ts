import { heapify, type InlinedNetwork, type InlinedRunResult } from './inlined-network.js';

/** Keys are rescaled by this exact power of two when the global factor exceeds its inverse (as the engine). */
const RESCALE = 2 ** -256;
const LOG_RESCALE = 256 * Math.LN2;

/**
 * The "DI engine vs hand-inlined loop" baseline (the plugin architecture's price) for the default
 * LIF engine, exponential keys: the same algorithm as `ExpKeySimulator` +
 * `IndexedDaryHeap(2)` + `LifModel.expShift` + `FixedOutDegreeConnectivity`
 * — each neuron keyed by `W_i = exp(-phi_i/omega) E` against one global
 * factor `E`, an input is `W_i += expShift E`, rescaling by 2^-256, the
 * targets' keys read once before their updates (the queue's `touch`) — in one
 * function with no interface call in its loop, performing the same
 * floating-point operations in the same order (identical spike train).
 */

/**
 * Advance the network by `spikes` spikes: the whole step (peek, spike
 * factor, K procedural targets, K multiply-adds and heap updates, reset,
 * checksum, rare rescaling) in one loop without calls except one `Math.log`
 * per spike (the spike time).
 */
export function runInlinedExpLoop(net: InlinedNetwork, spikes: number): InlinedRunResult {
  const n = net.n, k = net.k, seed = net.seed, tau = net.tau, omega = net.omega;
  const expShift = net.expShift, wThreshold = net.wThreshold, wReset = net.wReset;
  const slotKeys = net.slotKeys, heap = net.heap, position = net.position;
  const stamp = net.stamp, slot = net.slot, targets = net.targets, hashShift = net.hashShift, hashMask = net.hashMask;
  const cache = net.cache, cached = net.cached;
  const m = n - 1;
  const startSeconds = (omega * (Math.log(net.factor) + net.rescalings * LOG_RESCALE) * tau) / omega;
  let factor = net.factor, rescalings = net.rescalings, logScale = rescalings * LOG_RESCALE, generation = net.generation;
  let hash = 0, sumidx = 0, lastTime = startSeconds, touched = 0;
  for (let s = 0; s < spikes; s++) {
    // --- next spiker: the heap's minimum W; the factor at which it reaches threshold ------
    const j = heap[0];
    let spikeFactor = slotKeys[0] / wThreshold;
    if (spikeFactor <= factor) spikeFactor = factor;
    const phase = omega * (Math.log(spikeFactor) + logScale);
    factor = spikeFactor;
    const thresholdKey = wThreshold * factor;
    const kick = expShift * factor;

    // --- its K distinct targets: memoised, or xoroshiro128+ seeded with splitmix64(j + seed) --
    if (cached.length > 0 && cached[j] === 1) {
      for (let q = 0, at = j * k; q < k; q++, at++) targets[q] = cache[at];
    } else {
      generation = (generation + 1) >>> 0;
      if (generation === 0) { stamp.fill(0); generation = 1; }
      const rngSeed = j + seed;
      let xh = Math.floor(rngSeed / 4294967296) >>> 0, xl = rngSeed >>> 0;
      let s0h = 0, s0l = 0, s1h = 0, s1l = 0;
      for (let word = 0; word < 2; word++) {
        const add = xl + 0x7f4a7c15;
        xl = add >>> 0;
        xh = (xh + 0x9e3779b9 + (add > 0xffffffff ? 1 : 0)) >>> 0;
        let zh = xh, zl = xl;
        for (let round = 0; round < 2; round++) {
          const r = round === 0 ? 30 : 27;
          zl = (zl ^ ((zl >>> r) | (zh << (32 - r)))) >>> 0;
          zh = (zh ^ (zh >>> r)) >>> 0;
          const bh = round === 0 ? 0xbf58476d : 0x94d049bb, bl = round === 0 ? 0x1ce4e5b9 : 0x133111eb;
          const a0 = zl & 0xffff, a1 = zl >>> 16, b0 = bl & 0xffff, b1 = bl >>> 16;
          const p0 = a0 * b0, p1 = a1 * b0, p2 = a0 * b1, p3 = a1 * b1;
          const mid = (p0 >>> 16) + (p1 & 0xffff) + (p2 & 0xffff);
          const hiLow = p3 + (p1 >>> 16) + (p2 >>> 16) + (mid >>> 16);
          const th = (hiLow + Math.imul(zh, bl) + Math.imul(zl, bh)) >>> 0;
          zl = Math.imul(zl, bl) >>> 0;
          zh = th;
        }
        const ol = (zl ^ ((zl >>> 31) | (zh << 1))) >>> 0, oh = (zh ^ (zh >>> 31)) >>> 0;
        if (word === 0) { s0h = oh; s0l = ol; } else { s1h = oh; s1l = ol; }
      }
      let count = 0;
      while (count < k) {
        const lo = s0l + s1l;
        const resl = lo >>> 0;
        const resh = (s0h + s1h + (lo > 0xffffffff ? 1 : 0)) >>> 0;
        const t1h = (s1h ^ s0h) >>> 0, t1l = (s1l ^ s0l) >>> 0;
        const r0h = ((s0h << 24) | (s0l >>> 8)) >>> 0, r0l = ((s0l << 24) | (s0h >>> 8)) >>> 0;
        s0h = (r0h ^ t1h ^ ((t1h << 16) | (t1l >>> 16))) >>> 0;
        s0l = (r0l ^ t1l ^ (t1l << 16)) >>> 0;
        s1h = ((t1l << 5) | (t1h >>> 27)) >>> 0;
        s1l = ((t1h << 5) | (t1l >>> 27)) >>> 0;
        const u = resh * 2.3283064365386963e-10 + (resl >>> 11) * 1.1102230246251565e-16;
        const x = (u * m) | 0;
        let h = Math.imul(x, 0x9e3779b1) >>> hashShift;
        let duplicate = false;
        while (stamp[h] === generation) {
          if (slot[h] === x) { duplicate = true; break; }
          h = (h + 1) & hashMask;
        }
        if (duplicate) continue;
        stamp[h] = generation;
        slot[h] = x;
        targets[count++] = x >= j ? x + 1 : x;
      }
      if (cached.length > 0) {
        for (let q = 0, at = j * k; q < k; q++, at++) cache[at] = targets[q];
        cached[j] = 1;
      }
    }

    // --- read every target's key first, so their cache misses overlap (the queue's touch) --
    for (let q = 0; q < k; q++) touched += slotKeys[position[targets[q]]];

    // --- W += expShift E for every target (clamped at threshold), then the spiker's reset ---
    for (let q = 0; q <= k; q++) {
      let i: number, key: number, p: number;
      if (q < k) {
        i = targets[q];
        p = position[i];
        key = slotKeys[p] + kick;
        if (key < thresholdKey) key = thresholdKey;
      } else {
        i = j;
        p = position[i];
        key = wReset * factor;
      }
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
        const start = p;
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
        slotKeys[p] = key;
        if (p !== start) { heap[p] = i; position[i] = p; }
      } else {
        slotKeys[p] = key; // equal, but keep the new bits (-0 versus 0)
      }
    }

    // --- rescale every key by 2^-256 when E exceeds 2^256 (exact), restoring the tie rule ---
    if (factor > 1 / RESCALE) {
      for (let p = 0; p < n; p++) slotKeys[p] *= RESCALE;
      heapify(slotKeys, heap, position);
      factor *= RESCALE;
      logScale = ++rescalings * LOG_RESCALE;
    }

    // --- emit: checksum and time ---------------------------------------------------
    lastTime = (phase * tau) / omega;
    hash = (Math.imul(hash, 31) + j) >>> 0;
    sumidx += j;
  }
  net.factor = factor;
  net.rescalings = rescalings;
  net.generation = generation;
  net.touchSink = touched;
  return { spikes, hash, sumidx, endSeconds: (omega * (Math.log(factor) + logScale) * tau) / omega, lastTime };
}
