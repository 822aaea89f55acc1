import type { Connectivity, ProceduralNetwork, WeightSummary } from '../contracts/connectivity.js';
import type { ConnectivityPlugin } from '../contracts/plugins.js';
import { InvalidParameterError } from '../errors/errors.js';
import { requireFinite, requireInteger } from '../errors/validate.js';
import { Xoroshiro128Plus } from '../rng/xoroshiro128plus.js';

/** Options of {@link FixedOutDegreeConnectivity}. */
export interface FixedOutDegreeOptions {
  /** Number of neurons, integer in [2, 2^31 - 1]. */
  n: number;
  /** Out-degree: distinct targets per neuron, integer in [1, n-1]. */
  k: number;
  /** Weight (voltage jump J) of every synapse, finite; the reference uses `-j0/sqrt(k)`. */
  weight: number;
  /** Network seed, integer in [0, 2^52]; neuron j's targets are drawn from seed `j + seed`. */
  seed: number;
  /**
   * Memoise each neuron's targets after its first spike when the whole table
   * (`4 n k` bytes) fits this many bytes; 0 (default) never. The targets are
   * the same either way; the cache trades memory for the ~20 ns per target
   * the generator costs.
   */
  cacheBytes?: number;
}

/**
 * Procedural fixed out-degree connectivity (docs/algorithm.md §5): no synapse is stored.
 * When neuron `j` spikes, a xoroshiro128+ generator seeded with `j + seed`
 * draws `k` distinct targets from the other `n - 1` neurons (indices `>= j`
 * shift up by one, so no autapses). The same `j` always gets the same
 * targets, in the same order as the C anchor. Memory: O(k).
 */
export class FixedOutDegreeConnectivity implements Connectivity {
  readonly size: number;
  readonly maxOutDegree: number;
  readonly weight: number;
  readonly seed: number;
  private readonly rng = new Xoroshiro128Plus();
  // duplicate check: open-addressing set invalidated per spike by a generation stamp
  private readonly stamp: Uint32Array;
  private readonly slot: Int32Array;
  private readonly shift: number;
  private readonly mask: number;
  private generation = 0;
  /** Memoised targets, row `pre` at `pre * k`, valid where `cached[pre] === 1`; empty when disabled or before the first spike. */
  private cache = new Int32Array(0);
  private cached = new Uint8Array(0);
  private readonly memoise: boolean;

  constructor(options: FixedOutDegreeOptions) {
    const n = requireInteger('n', options.n, 2, 2 ** 31 - 1);
    this.size = n;
    this.maxOutDegree = requireInteger('k', options.k, 1, n - 1, `[1, n-1 = ${n - 1}]`);
    this.weight = requireFinite('weight', options.weight);
    this.seed = requireInteger('seed', options.seed, 0, 2 ** 52);
    let bits = 1;
    while (1 << bits < 2 * this.maxOutDegree) bits++;
    this.stamp = new Uint32Array(1 << bits);
    this.slot = new Int32Array(1 << bits);
    this.shift = 32 - bits;
    this.mask = (1 << bits) - 1;
    const cacheBytes = options.cacheBytes ?? 0;
    if (!(cacheBytes >= 0)) throw new InvalidParameterError('cacheBytes', cacheBytes, 'a number ≥ 0');
    this.memoise = 4 * n * this.maxOutDegree + n <= cacheBytes;
  }

  /** True when targets are memoised (see {@link FixedOutDegreeOptions.cacheBytes}). */
  get caching(): boolean {
    return this.memoise;
  }

  get procedural(): ProceduralNetwork {
    return { n: this.size, k: this.maxOutDegree, weight: this.weight, seed: this.seed, memoised: this.memoise };
  }

  weightSummary(): WeightSummary {
    return { min: this.weight, max: this.weight, distinct: Float64Array.of(this.weight) };
  }

  targetsOf(pre: number, targets: Int32Array, weights: Float64Array): number {
    const k = this.maxOutDegree;
    // allocated on first use: an engine that generates targets itself (engine-wasm) never pays for it
    if (this.memoise && this.cached.length === 0) this.allocateCache();
    const cache = this.cache, cached = this.cached;
    if (cached.length > 0 && cached[pre] === 1) {
      const w = this.weight;
      for (let s = 0, at = pre * k; s < k; s++, at++) {
        targets[s] = cache[at];
        weights[s] = w;
      }
      return k;
    }
    const rng = this.rng;
    const stamp = this.stamp, slot = this.slot, shift = this.shift, mask = this.mask;
    const m = this.size - 1;
    const w = this.weight;
    let generation = (this.generation + 1) >>> 0;
    if (generation === 0) {
      stamp.fill(0); // stamps wrapped around after 2^32 spikes
      generation = 1;
    }
    this.generation = generation;
    rng.seed(pre + this.seed);
    // xoroshiro128+ stepped in locals (same sequence as Xoroshiro128Plus.nextDouble),
    // in int32 arithmetic only, so the optimiser keeps every word in a register
    const state = rng.state;
    let s0h = state[0] | 0, s0l = state[1] | 0, s1h = state[2] | 0, s1l = state[3] | 0;
    let count = 0;
    while (count < k) {
      const lo = (s0l + s1l) | 0;
      const carry = lo >>> 0 < s0l >>> 0 ? 1 : 0;
      const resh = (s0h + s1h + carry) | 0;
      const u = (resh >>> 0) * 2.3283064365386963e-10 + (lo >>> 11) * 1.1102230246251565e-16; // 2^-32, 2^-53
      const xh = s1h ^ s0h, xl = s1l ^ s0l;
      const r0h = (s0h << 24) | (s0l >>> 8), r0l = (s0l << 24) | (s0h >>> 8);
      s0h = r0h ^ xh ^ ((xh << 16) | (xl >>> 16));
      s0l = r0l ^ xl ^ (xl << 16);
      s1h = (xl << 5) | (xh >>> 27);
      s1l = (xh << 5) | (xl >>> 27);
      const x = (u * m) | 0;
      let h = Math.imul(x, 0x9e3779b1) >>> shift;
      let duplicate = false;
      while (stamp[h] === generation) {
        if (slot[h] === x) {
          duplicate = true;
          break;
        }
        h = (h + 1) & mask;
      }
      if (duplicate) continue;
      stamp[h] = generation;
      slot[h] = x;
      targets[count] = x >= pre ? x + 1 : x;
      weights[count] = w;
      count++;
    }
    if (cached.length > 0) {
      for (let s = 0, at = pre * k; s < k; s++, at++) cache[at] = targets[s];
      cached[pre] = 1;
    }
    return count;
  }

  private allocateCache(): void {
    this.cache = new Int32Array(this.size * this.maxOutDegree);
    this.cached = new Uint8Array(this.size);
  }
}

/** The procedural network as a connectivity plugin (`"fixed-out-degree"`, the default). */
export const fixedOutDegree: ConnectivityPlugin = {
  kind: 'connectivity',
  name: 'fixed-out-degree',
  description: 'procedural: K distinct random targets per neuron from a seeded generator, no synapse stored (docs/algorithm.md §5)',
  create: (spec) => new FixedOutDegreeConnectivity({ n: spec.n, k: spec.k, weight: spec.weight, seed: spec.seed, cacheBytes: spec.cacheBytes }),
};
