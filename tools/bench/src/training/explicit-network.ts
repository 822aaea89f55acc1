import { SparseConnectivity } from '@sparseprop/core';
import type { Xoroshiro128Plus } from '@sparseprop/core/plugin';

/**
 * The training benchmarks' network: `k` distinct targets per neuron (no autapse), weights
 * −j0/√k × (0.5 … 1.5), drawn from `rng` (which the caller may go on drawing from, e.g. for delays
 * or initial phases: the sequence stays that of the scripts that built it inline).
 */
export function explicitInhibitoryNetwork(n: number, k: number, j0: number, rng: Xoroshiro128Plus): SparseConnectivity {
  const pre = new Int32Array(n * k), post = new Int32Array(n * k), weight = new Float64Array(n * k);
  const mark = new Int32Array(n).fill(-1);
  let e = 0;
  for (let j = 0; j < n; j++) {
    mark[j] = j;
    for (let placed = 0; placed < k; ) {
      const i = Math.floor(rng.nextDouble() * n);
      if (mark[i] === j) continue;
      mark[i] = j;
      pre[e] = j;
      post[e] = i;
      weight[e] = (-j0 / Math.sqrt(k)) * (0.5 + rng.nextDouble());
      e++;
      placed++;
    }
  }
  return SparseConnectivity.fromEdges(n, pre, post, weight);
}
