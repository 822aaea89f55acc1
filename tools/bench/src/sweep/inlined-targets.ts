import type { InlinedNetwork } from './inlined-network.js';

/**
 * The K distinct targets of neuron `j` for the hand-inlined baselines, into
 * `net.targets`: the memoised row when there is one, else drawn as the
 * engine's procedural fixed out-degree connectivity draws them
 * (docs/algorithm.md §5): xoroshiro128+ seeded with splitmix64(j + seed),
 * `x = floor(u (N - 1))` skipping duplicates, `x + 1` for `x >= j`.
 *
 * This is the repository's one hand-written copy of the target generator
 * besides the WebAssembly kernel's (core's `Xoroshiro128Plus` and the
 * connectivity plugin are the real thing): the baselines exist to show what
 * the algorithm costs with no object, interface call or closure in its
 * loop, so the 64-bit arithmetic is written out in 32-bit halves on plain
 * numbers. Both JS baselines (psi keys and exponential keys) call this one
 * function, once per spike; it performs the same operations in the same order
 * as core's generator (same targets, checked by inlined-baseline.test.ts).
 */
export function drawInlinedTargets(net: InlinedNetwork, j: number): void {
  const k = net.k, targets = net.targets, cache = net.cache, cached = net.cached;
  if (cached.length > 0 && cached[j] === 1) {
    for (let q = 0, at = j * k; q < k; q++, at++) targets[q] = cache[at];
    return;
  }
  const stamp = net.stamp, slot = net.slot, hashShift = net.hashShift, hashMask = net.hashMask;
  const m = net.n - 1;
  let generation = (net.generation + 1) >>> 0;
  if (generation === 0) { stamp.fill(0); generation = 1; }
  net.generation = generation;
  // splitmix64(j + seed), twice: the generator's two state words, as (high, low) 32-bit halves
  const rngSeed = j + net.seed;
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
  // xoroshiro128+ draws until K distinct targets (open-addressing set stamped with `generation`)
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
