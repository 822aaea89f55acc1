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
}
