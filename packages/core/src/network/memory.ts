/**
 * Bytes of state a SparseProp simulation of `n` neurons holds, to refuse a
 * size that will not fit before allocating: queue keys (8 B), heap and
 * position indices (4 B + 4 B), the initial phases built once (8 B), and a
 * per-neuron drive when heterogeneous (8 B, plus the model's own per-neuron
 * constants, estimated at 16 B).
 */
export function estimateStateBytes(n: number, options: { heterogeneous?: boolean; reference?: boolean } = {}): number {
  const perNeuron = options.reference ? 8 + 8 + 8 : 8 + 4 + 4 + 8;
  return n * (perNeuron + (options.heterogeneous ? 24 : 0));
}
