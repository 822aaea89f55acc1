/**
 * Peak bytes a simulation of `n` neurons allocates, to refuse a size that will
 * not fit before allocating anything.
 *
 * SparseProp engines keep 16 B per neuron (the queue: keys 8 B, heap slot 4 B,
 * position 4 B); while the state is set up, the initial phases and the keys
 * built from them add 16 B transiently. A heterogeneous network adds the
 * per-neuron drive (8 B) and the model's per-neuron constants (up to 32 B for
 * LIF). The O(N) reference keeps phases and phase velocities (16 B) plus the
 * initial phases (8 B). Memoised procedural targets add `4 N K + N` bytes
 * when that fits `targetCacheBytes`.
 */
export function estimateStateBytes(n: number, options: { heterogeneous?: boolean; reference?: boolean; targetCacheBytes?: number; k?: number } = {}): number {
  const perNeuron = options.reference ? 8 + 8 + 8 : 16 + 16;
  // the memoised procedural targets, when the table fits the cache budget
  const table = 4 * n * (options.k ?? 100) + n;
  const cache = table <= (options.targetCacheBytes ?? 0) ? table : 0;
  return n * (perNeuron + (options.heterogeneous ? 40 : 0)) + cache;
}

/**
 * Peak bytes of building an explicit network of `neurons` and `edges` from
 * parsed edges ({@link SparseConnectivity.fromEdges}): row pointers, a fill
 * cursor and a duplicate marker (4 B per neuron each), targets (4 B) and
 * weights (8 B) per edge. Check it before building, as the neuron count may
 * come from a single large index in a small file.
 */
export function estimateConnectivityBytes(neurons: number, edges: number): number {
  return 12 * (neurons + 1) + 12 * edges;
}
