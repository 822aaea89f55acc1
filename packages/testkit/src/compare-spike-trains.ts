import type { SpikeTrain } from '@sparseprop/core';

/** How two spike trains agree. */
export interface SpikeTrainComparison {
  /** Spikes compared: the shorter train's length. */
  compared: number;
  /**
   * Length of the common prefix that is identical: same neurons in the same
   * order, except that within a group of simultaneous spikes (see
   * {@link compareSpikeTrains}) the order may differ.
   */
  identicalPrefix: number;
  /** Largest |t_a - t_b| (seconds) over the identical prefix. */
  maxTimeError: number;
  /** Largest |t_a - t_b| / max(1 s, |t_a|) over the identical prefix. */
  maxRelativeTimeError: number;
  /** Groups of simultaneous spikes whose order differed between the trains. */
  reorderedGroups: number;
  /**
   * True when the trains diverge (prefix shorter than `compared`) at a tie:
   * both emit a spike at the same time (within `simultaneity`) but from
   * different neurons. Which of two neurons at threshold together fires first
   * is decided by rounding; when one inhibits the other, the loser never
   * fires, and the trains part for a reason no floating-point simulator can
   * avoid. A divergence with distinct times is a real disagreement.
   */
  divergedAtTie: boolean;
}

/**
 * Compare two spike trains spike by spike.
 *
 * Spikes whose times agree within `simultaneity` (relative to max(1 s, t))
 * form a group: inhibitory networks synchronise neurons exactly (a strong
 * kick maps every target to nearly the same phase), and then the order
 * inside a group is decided by the last bit of rounding, which two correct
 * algorithms do differently. Within a group the neuron sets must be equal;
 * the order may differ and is counted in `reorderedGroups`.
 */
export function compareSpikeTrains(a: SpikeTrain, b: SpikeTrain, simultaneity = 1e-12): SpikeTrainComparison {
  const compared = Math.min(a.length, b.length);
  const na = a.neurons, nb = b.neurons, ta = a.times, tb = b.times;
  let prefix = 0, maxTimeError = 0, maxRelativeTimeError = 0, reorderedGroups = 0;
  const groupEnd = (t: Float64Array, start: number): number => {
    let end = start + 1;
    while (end < compared && t[end] - t[end - 1] <= simultaneity * Math.max(1, Math.abs(t[end]))) end++;
    return end;
  };
  while (prefix < compared) {
    const endA = groupEnd(ta, prefix), endB = groupEnd(tb, prefix);
    if (endA !== endB) break;
    let sameOrder = true;
    for (let s = prefix; s < endA; s++) if (na[s] !== nb[s]) sameOrder = false;
    if (!sameOrder) {
      const sa = Array.from(na.subarray(prefix, endA)).sort((x, y) => x - y);
      const sb = Array.from(nb.subarray(prefix, endB)).sort((x, y) => x - y);
      if (sa.some((v, q) => v !== sb[q])) break;
      reorderedGroups++;
    }
    for (let s = prefix; s < endA; s++) {
      const err = Math.abs(ta[s] - tb[s]);
      maxTimeError = Math.max(maxTimeError, err);
      maxRelativeTimeError = Math.max(maxRelativeTimeError, err / Math.max(1, Math.abs(ta[s])));
    }
    prefix = endA;
  }
  const divergedAtTie = prefix < compared && Math.abs(ta[prefix] - tb[prefix]) <= simultaneity * Math.max(1, Math.abs(ta[prefix]));
  return { compared, identicalPrefix: prefix, maxTimeError, maxRelativeTimeError, reorderedGroups, divergedAtTie };
}
