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
