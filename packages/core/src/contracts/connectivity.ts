/**
 * The outgoing synapses of every neuron.
 *
 * Implementations write into caller-owned typed arrays: no allocation per
 * spike. A weight is the voltage jump `J` (dimensionless) that the postsynaptic
 * neuron receives; negative for inhibition.
 */
export interface Connectivity {
  /** Number of neurons N. */
  readonly size: number;
  /** Upper bound on the out-degree of any neuron: the length the output arrays need. */
  readonly maxOutDegree: number;
  /**
   * Write the targets of presynaptic neuron `pre` into `targets` and their
   * weights into `weights` (both of length ≥ `maxOutDegree`).
   * @returns the number of targets written.
   */
  targetsOf(pre: number, targets: Int32Array, weights: Float64Array): number;
  /**
   * The weights that occur in the network, so a model can prepare for them
   * (e.g. fit its PTC per weight). Optional: when absent, composition scans
   * every neuron's targets once.
   */
  weightSummary?(): WeightSummary;
  /**
   * Optional capability: this is the procedural fixed out-degree network of
   * docs/algorithm.md §5 with these parameters, so an engine may generate the
   * targets itself (e.g. inside a WebAssembly kernel) and get the same ones.
   */
  readonly procedural?: ProceduralNetwork;
  /**
   * Optional capability: the whole network as compressed sparse rows, so an
   * engine may copy it in one pass.
   */
  readonly rows?: CompressedRows;
}

/** Parameters of the procedural fixed out-degree network (docs/algorithm.md §5). */
export interface ProceduralNetwork {
  /** Number of neurons N. */
  readonly n: number;
  /** Out-degree K (distinct targets, never the neuron itself). */
  readonly k: number;
  /** The weight of every synapse (voltage jump J). */
  readonly weight: number;
  /** Network seed. */
  readonly seed: number;
  /** True when the targets are memoised (same targets, more memory). */
  readonly memoised: boolean;
}

/** A network as compressed sparse rows: the synapses of `pre` are `rowStart[pre] .. rowStart[pre + 1]`. */
export interface CompressedRows {
  /** Length N + 1. */
  readonly rowStart: Int32Array;
  /** Postsynaptic neuron of each synapse. */
  readonly post: Int32Array;
  /** Weight of each synapse (voltage jump J). */
  readonly weight: Float64Array;
}

/** The synaptic weights (voltage jumps J) that occur in a network. */
export interface WeightSummary {
  /** Smallest weight (most inhibitory). */
  readonly min: number;
  /** Largest weight. */
  readonly max: number;
  /** The distinct weights, ascending, when there are at most {@link MAX_DISTINCT_WEIGHTS}; else undefined. */
  readonly distinct: Float64Array | undefined;
}

/** Largest number of distinct weights a {@link WeightSummary} lists. */
export const MAX_DISTINCT_WEIGHTS = 64;
