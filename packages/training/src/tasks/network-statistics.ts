import { InvalidParameterError, type SparseConnectivity } from '@sparseprop/core';
import { RandomStream } from '@sparseprop/network';

/** Structure of a trained recurrent network with S input channels and S readouts. */
export interface TrainedNetworkStatistics {
  /** |mean recurrent weight| / |mean initial recurrent weight| (> 1: more strongly coupled, i.e. more tightly balanced). */
  readonly balanceIndex: number;
  /** Mean recurrent weight now and initially. */
  readonly meanWeight: number;
  readonly initialMeanWeight: number;
  /** Neurons grouped by their strongest (largest) input weight: group sizes and Q. */
  readonly channelGroups: GroupStatistics;
  /** Neurons grouped by k-means (k = S) on their rows of incoming recurrent weights. */
  readonly kmeansGroups: GroupStatistics;
  /** Per channel: Pearson correlation over neurons of the input weights w_in[c, ·] and the readout weights w_out[c, ·]. */
  readonly inputReadoutCorrelation: number[];
}

/** A partition of the neurons and how the recurrent weights respect it. */
export interface GroupStatistics {
  readonly sizes: number[];
  /** Mean weight of synapses within a group, between groups. */
  readonly meanSame: number;
  readonly meanDifferent: number;
  /**
   * Subnetwork index `Q = (J̄_same − J̄_diff) / |J̄|`. For inhibitory weights
   * Q < 0 means stronger inhibition within groups than between them
   * (weakly coupled subnetworks); Q ≈ 0 means no structure.
   */
  readonly q: number;
}

/** Group statistics of a partition `group[i]` ∈ [0, groups). */
export function groupStatistics(connectivity: SparseConnectivity, group: Int32Array, groups: number): GroupStatistics {
  const { rowStart, post, weight } = connectivity;
  let same = 0, sameCount = 0, different = 0, differentCount = 0, all = 0;
  for (let j = 0; j < connectivity.size; j++) {
    for (let e = rowStart[j]; e < rowStart[j + 1]; e++) {
      const w = weight[e];
      all += w;
      if (group[j] === group[post[e]]) {
        same += w;
        sameCount++;
      } else {
        different += w;
        differentCount++;
      }
    }
  }
  const meanSame = same / sameCount, meanDifferent = different / differentCount, mean = all / weight.length;
  const sizes = new Array<number>(groups).fill(0);
  for (const g of group) sizes[g]++;
  return { sizes, meanSame, meanDifferent, q: (meanSame - meanDifferent) / Math.abs(mean) };
}

/**
 * k-means (Lloyd's iterations from k-means++ seeds, seeded) on the rows of
 * incoming recurrent weights (neuron i's row: the weights of the synapses
 * onto i, zeros elsewhere). Hand-written: 30 lines, sparse rows, seeded —
 * simple-statistics offers only 1-D clustering.
 */
export function kmeansOfIncomingRows(connectivity: SparseConnectivity, k: number, seed: number, iterations = 50): Int32Array {
  const n = connectivity.size;
  if (!(k >= 1 && k <= n)) throw new InvalidParameterError('k', k, `an integer in [1, ${n}]`);
  const rows = new Float64Array(n * n); // dense incoming rows: fine for the N ≤ a few thousand of these tasks
  const { rowStart, post, weight } = connectivity;
  for (let j = 0; j < n; j++) for (let e = rowStart[j]; e < rowStart[j + 1]; e++) rows[post[e] * n + j] = weight[e];
  const random = new RandomStream(seed, 11);
  const centers = new Float64Array(k * n);
  const distance = (i: number, c: number) => {
    let d = 0;
    for (let q = 0; q < n; q++) d += (rows[i * n + q] - centers[c * n + q]) ** 2;
    return d;
  };
  centers.set(rows.subarray(0, n).map((_, q) => rows[Math.floor(random.uniform() * n) * n + q]), 0);
  const nearest = new Float64Array(n).fill(Infinity);
  for (let c = 1; c < k; c++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      nearest[i] = Math.min(nearest[i], distance(i, c - 1));
      total += nearest[i];
    }
    let pick = random.uniform() * total, chosen = n - 1;
    for (let i = 0; i < n; i++) {
      pick -= nearest[i];
      if (pick <= 0) {
        chosen = i;
        break;
      }
    }
    centers.set(rows.subarray(chosen * n, chosen * n + n), c * n);
  }
  const group = new Int32Array(n);
  for (let iteration = 0; iteration < iterations; iteration++) {
    let changed = false;
    for (let i = 0; i < n; i++) {
      let best = 0, bestDistance = Infinity;
      for (let c = 0; c < k; c++) {
        const d = distance(i, c);
        if (d < bestDistance) {
          bestDistance = d;
          best = c;
        }
      }
      if (group[i] !== best) changed = true;
      group[i] = best;
    }
    const counts = new Float64Array(k);
    centers.fill(0);
    for (let i = 0; i < n; i++) {
      counts[group[i]]++;
      for (let q = 0; q < n; q++) centers[group[i] * n + q] += rows[i * n + q];
    }
    for (let c = 0; c < k; c++) if (counts[c] > 0) for (let q = 0; q < n; q++) centers[c * n + q] /= counts[c];
    if (!changed && iteration > 0) break; // assignments stable: converged
  }
  return group;
}

/** Pearson correlation of two equally long vectors (NaN when one is constant). */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  let ab = 0, aa = 0, bb = 0;
  for (let i = 0; i < n; i++) {
    ab += (a[i] - ma) * (b[i] - mb);
    aa += (a[i] - ma) ** 2;
    bb += (b[i] - mb) ** 2;
  }
  return ab / Math.sqrt(aa * bb);
}

/**
 * The statistics of a network with S channels: input weights `input[c · N + i]`,
 * readout weights `readout[c · N + i]`, recurrent weights now (in `connectivity`) and initially.
 */
export function trainedNetworkStatistics(
  connectivity: SparseConnectivity,
  initialRecurrent: Float64Array,
  input: Float64Array,
  readout: Float64Array,
  signals: number,
  seed = 1,
): TrainedNetworkStatistics {
  const n = connectivity.size;
  const mean = (w: Float64Array) => w.reduce((x, y) => x + y, 0) / w.length;
  const meanWeight = mean(connectivity.weight), initialMeanWeight = mean(initialRecurrent);
  const byChannel = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < signals; c++) if (input[c * n + i] > input[best * n + i]) best = c;
    byChannel[i] = best;
  }
  const inputReadoutCorrelation: number[] = [];
  for (let c = 0; c < signals; c++) inputReadoutCorrelation.push(pearson(input.subarray(c * n, c * n + n), readout.subarray(c * n, c * n + n)));
  return {
    balanceIndex: Math.abs(meanWeight) / Math.abs(initialMeanWeight),
    meanWeight,
    initialMeanWeight,
    channelGroups: groupStatistics(connectivity, byChannel, signals),
    kmeansGroups: groupStatistics(connectivity, kmeansOfIncomingRows(connectivity, signals, seed), signals),
    inputReadoutCorrelation,
  };
}
