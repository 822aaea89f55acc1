/**
 * The seed of point `index` of a sweep whose seed is `sweepSeed`: an integer
 * in [0, 2^32 - 1] that depends on nothing else (not on the number of
 * workers, the share a point falls in, or the order points finish), so a
 * point's result is the same however the sweep is run.
 *
 * It is `mix(mix(sweepSeed) + index mod 2^32)` with `mix` the 32-bit
 * finaliser of MurmurHash3, a bijection of 32-bit integers: for one sweep
 * seed, distinct points (index < 2^32) get distinct seeds, and neighbouring
 * sweep seeds give unrelated sequences.
 *
 * @param sweepSeed - integer in [0, 2^32 - 1]
 * @param index - point index, integer in [0, 2^32 - 1]
 * @example
 * ```ts
 * pointSeed(1, 0); // the first point's seed
 * ```
 */
export function pointSeed(sweepSeed: number, index: number): number {
  return mix32((mix32(sweepSeed >>> 0) + index) >>> 0);
}

/** MurmurHash3's fmix32: an invertible avalanche of a 32-bit integer (result in [0, 2^32 - 1]). */
export function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
