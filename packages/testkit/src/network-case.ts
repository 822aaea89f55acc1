import { type Connectivity, SparseConnectivity, Xoroshiro128Plus } from '@sparseprop/core/plugin';
import fc from 'fast-check';

/** One random network for an equivalence property. */
export interface NetworkCase {
  n: number;
  k: number;
  j0: number;
  /** External drive (dimensionless); the model decides what range is valid. */
  iext: number;
  seed: number;
  /** Heterogeneous drive amplitude in (-1, 1); 0 for homogeneous. */
  eta: number;
  /** Use an explicit random CSR network instead of the procedural one. */
  explicit: boolean;
}

/** Ranges of {@link networkCase}. */
export interface NetworkCaseRanges {
  /** Largest N (default 300). */
  maxN?: number;
  /** Drive range `[min, max]` valid for the model (default LIF-like `[0.02, 2]`). */
  drive?: [number, number];
  /** Coupling range `[min, max]` for j0 (default `[0.05, 4]`). */
  j0?: [number, number];
  /** Allow heterogeneous drives (default false). */
  heterogeneous?: boolean;
  /** Allow explicit connectivity (default true). */
  explicit?: boolean;
}

/**
 * Arbitrary random inhibitory networks: N from 2 to `maxN`, K from 1 to N-1,
 * random j0, drive, seed, optionally heterogeneous drive and explicit CSR.
 * Shrinks toward small N, K and simple values.
 */
export function networkCase(ranges: NetworkCaseRanges = {}): fc.Arbitrary<NetworkCase> {
  const maxN = ranges.maxN ?? 300;
  const [dMin, dMax] = ranges.drive ?? [0.02, 2];
  const [jMin, jMax] = ranges.j0 ?? [0.05, 4];
  return fc
    .record({
      n: fc.integer({ min: 2, max: maxN }),
      kFraction: fc.double({ min: 0, max: 1, noNaN: true }),
      j0: fc.double({ min: jMin, max: jMax, noNaN: true }),
      iext: fc.double({ min: dMin, max: dMax, noNaN: true }),
      seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
      eta: ranges.heterogeneous ? fc.oneof(fc.constant(0), fc.double({ min: -0.9, max: 0.9, noNaN: true })) : fc.constant(0),
      explicit: ranges.explicit === false ? fc.constant(false) : fc.boolean(),
    })
    .map(({ kFraction, ...rest }) => ({ ...rest, k: 1 + Math.floor(kFraction * (rest.n - 2) + 1e-9) }));
}

/**
 * A random explicit network for a case: each neuron gets between 0 and 2k
 * distinct targets (capped at N-1) with inhibitory weights uniform in
 * `(-2 j0/sqrt(k), 0]`, drawn from the case's seed.
 */
export function explicitConnectivity(c: NetworkCase): Connectivity {
  const rng = new Xoroshiro128Plus(c.seed + 7919);
  const pre: number[] = [], post: number[] = [], weight: number[] = [];
  const scale = (2 * c.j0) / Math.sqrt(c.k);
  const chosen = new Int32Array(c.n).fill(-1);
  for (let j = 0; j < c.n; j++) {
    const degree = Math.min(c.n - 1, Math.floor(rng.nextDouble() * (2 * c.k + 1)));
    let placed = 0;
    while (placed < degree) {
      let q = Math.floor(rng.nextDouble() * (c.n - 1));
      if (q >= j) q++;
      if (chosen[q] === j) continue;
      chosen[q] = j;
      pre.push(j);
      post.push(q);
      weight.push(-scale * rng.nextDouble());
      placed++;
    }
  }
  return SparseConnectivity.fromEdges(c.n, pre, post, weight);
}
