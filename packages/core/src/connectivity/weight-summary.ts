import { type Connectivity, MAX_DISTINCT_WEIGHTS, type WeightSummary } from '../contracts/connectivity.js';

/** Summarise a list of weights: range and, when few, the distinct values. */
export function summarizeWeights(weights: ArrayLike<number>): WeightSummary {
  let min = Infinity, max = -Infinity;
  const distinct = new Set<number>();
  for (let s = 0; s < weights.length; s++) {
    const w = weights[s];
    if (w < min) min = w;
    if (w > max) max = w;
    if (distinct.size <= MAX_DISTINCT_WEIGHTS) distinct.add(w);
  }
  if (weights.length === 0) return { min: 0, max: 0, distinct: new Float64Array(0) };
  return {
    min,
    max,
    distinct: distinct.size <= MAX_DISTINCT_WEIGHTS ? Float64Array.from([...distinct].sort((a, b) => a - b)) : undefined,
  };
}

/** The connectivity's own summary, or one scan of every neuron's targets. */
export function weightSummaryOf(connectivity: Connectivity): WeightSummary {
  if (connectivity.weightSummary) return connectivity.weightSummary();
  const targets = new Int32Array(connectivity.maxOutDegree);
  const weights = new Float64Array(connectivity.maxOutDegree);
  const all: number[] = [];
  for (let j = 0; j < connectivity.size; j++) {
    const count = connectivity.targetsOf(j, targets, weights);
    for (let s = 0; s < count; s++) all.push(weights[s]);
  }
  return summarizeWeights(all);
}
