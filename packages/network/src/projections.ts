import { FixedOutDegreeConnectivity, InvalidParameterError, type NetworkProjection } from '@sparseprop/core';
import { Xoroshiro128Plus } from '@sparseprop/core/plugin';
import { type Distribution, isConstant, sample, sampleDelay } from './distributions.js';
import { RandomStream } from './random.js';

/**
 * Synapses stored as compressed rows (CSR) by presynaptic neuron: targets
 * (global network indices), weights and, when delays differ per synapse,
 * delays. Memory: 12 bytes per synapse (20 with per-synapse delays) plus 4
 * per presynaptic neuron.
 */
export class ExplicitProjection implements NetworkProjection {
  readonly sourceEnd: number;
  readonly maxOutDegree: number;

  /**
   * @param rowStart length `sourceSize + 1`: synapses of local presynaptic `p` are `rowStart[p] … rowStart[p+1]-1`
   * @param delay seconds, shared by every synapse; undefined when `delays` holds one per synapse
   */
  constructor(
    readonly name: string,
    readonly sourceStart: number,
    sourceSize: number,
    private readonly rowStart: Int32Array,
    private readonly post: Int32Array,
    private readonly weight: Float64Array,
    readonly delay: number | undefined,
    private readonly perSynapseDelay: Float64Array | undefined,
  ) {
    this.sourceEnd = sourceStart + sourceSize;
    let max = 0;
    for (let p = 0; p < sourceSize; p++) max = Math.max(max, rowStart[p + 1] - rowStart[p]);
    this.maxOutDegree = max;
  }

  /** Number of synapses. */
  get edgeCount(): number {
    return this.post.length;
  }

  targetsOf(pre: number, targets: Int32Array, weights: Float64Array, delays: Float64Array): number {
    const local = pre - this.sourceStart;
    const a = this.rowStart[local], b = this.rowStart[local + 1];
    const post = this.post, weight = this.weight, perSynapse = this.perSynapseDelay;
    for (let s = a, o = 0; s < b; s++, o++) {
      targets[o] = post[s];
      weights[o] = weight[s];
    }
    if (perSynapse !== undefined) for (let s = a, o = 0; s < b; s++, o++) delays[o] = perSynapse[s];
    return b - a;
  }

  /**
   * Build from an edge list in any order (local presynaptic indices, global
   * targets); rows keep the list's order within each presynaptic neuron.
   */
  static fromEdges(
    name: string,
    sourceStart: number,
    sourceSize: number,
    pre: Int32Array,
    post: Int32Array,
    weight: Float64Array,
    delay: number | Float64Array,
  ): ExplicitProjection {
    const e = pre.length;
    const rowStart = new Int32Array(sourceSize + 1);
    for (let s = 0; s < e; s++) rowStart[pre[s] + 1]++;
    for (let p = 0; p < sourceSize; p++) rowStart[p + 1] += rowStart[p];
    const fill = rowStart.slice(0, sourceSize);
    const sortedPost = new Int32Array(e), sortedWeight = new Float64Array(e);
    const perSynapse = typeof delay === 'number' ? undefined : new Float64Array(e);
    for (let s = 0; s < e; s++) {
      const at = fill[pre[s]]++;
      sortedPost[at] = post[s];
      sortedWeight[at] = weight[s];
      if (perSynapse !== undefined) perSynapse[at] = (delay as Float64Array)[s];
    }
    return new ExplicitProjection(name, sourceStart, sourceSize, rowStart, sortedPost, sortedWeight, typeof delay === 'number' ? delay : undefined, perSynapse);
  }
}

/**
 * Procedural fixed out-degree: each presynaptic neuron reaches `k` distinct
 * targets drawn when it spikes from a generator seeded with its index, so no
 * synapse is stored (O(k) memory, or O(target size) for a duplicate check
 * between different populations). Within one population it is core's
 * {@link FixedOutDegreeConnectivity} (no autapses; the targets of today's
 * reference network for the same seed).
 */
export class ProceduralOutDegreeProjection implements NetworkProjection {
  readonly sourceEnd: number;
  readonly maxOutDegree: number;
  private readonly within: FixedOutDegreeConnectivity | undefined;
  private readonly rng = new Xoroshiro128Plus();
  private readonly stamp: Uint32Array;
  private generation = 0;

  constructor(
    readonly name: string,
    readonly sourceStart: number,
    sourceSize: number,
    private readonly targetStart: number,
    private readonly targetSize: number,
    k: number,
    private readonly weight: number,
    readonly delay: number,
    private readonly seed: number,
    samePopulation: boolean,
  ) {
    this.sourceEnd = sourceStart + sourceSize;
    this.maxOutDegree = k;
    if (samePopulation) {
      this.within = new FixedOutDegreeConnectivity({ n: sourceSize, k, weight, seed });
      this.stamp = new Uint32Array(0);
    } else {
      if (k > targetSize) throw new InvalidParameterError(`${name}.outDegree`, k, `at most the target size ${targetSize}`);
      this.within = undefined;
      this.stamp = new Uint32Array(targetSize);
    }
  }

  targetsOf(pre: number, targets: Int32Array, weights: Float64Array): number {
    const local = pre - this.sourceStart;
    const k = this.maxOutDegree;
    if (this.within !== undefined) {
      const count = this.within.targetsOf(local, targets, weights);
      const offset = this.targetStart;
      for (let s = 0; s < count; s++) targets[s] += offset;
      return count;
    }
    const rng = this.rng, stamp = this.stamp, m = this.targetSize, w = this.weight;
    let generation = (this.generation + 1) >>> 0;
    if (generation === 0) {
      stamp.fill(0);
      generation = 1;
    }
    this.generation = generation;
    rng.seed(local + this.seed);
    let count = 0;
    while (count < k) {
      const x = (rng.nextDouble() * m) | 0;
      if (stamp[x] === generation) continue;
      stamp[x] = generation;
      targets[count] = x + this.targetStart;
      weights[count] = w;
      count++;
    }
    return count;
  }
}

/** Growable int32/float64 columns for edge lists of unknown length. */
class EdgeBuffer {
  pre = new Int32Array(1024);
  post = new Int32Array(1024);
  length = 0;
  push(pre: number, post: number): void {
    if (this.length === this.pre.length) {
      const a = new Int32Array(this.length * 2), b = new Int32Array(this.length * 2);
      a.set(this.pre);
      b.set(this.post);
      this.pre = a;
      this.post = b;
    }
    this.pre[this.length] = pre;
    this.post[this.length] = post;
    this.length++;
  }
}

/** What a random projection builder needs. */
export interface ProjectionSpec {
  /** Name for messages, e.g. `projections[2] (I->E)`. */
  name: string;
  sourceStart: number;
  sourceSize: number;
  targetStart: number;
  targetSize: number;
  /** Source and target are the same population: no autapses. */
  samePopulation: boolean;
  weight: Distribution;
  delay: Distribution;
  /** Seed of this projection's stream. */
  seed: number;
  stream: number;
}

/**
 * Fixed in-degree: every target neuron receives exactly `k` synapses from
 * distinct source neurons (no autapse within a population), drawn by Floyd's
 * algorithm (O(k) per target, exact uniform subset).
 */
export function buildInDegree(spec: ProjectionSpec, k: number): ExplicitProjection {
  const m = spec.sourceSize;
  const available = spec.samePopulation ? m - 1 : m;
  const random = new RandomStream(spec.seed, spec.stream);
  const e = k * spec.targetSize;
  const pre = new Int32Array(e), post = new Int32Array(e);
  const stamp = new Int32Array(available).fill(-1);
  let at = 0;
  for (let t = 0; t < spec.targetSize; t++) {
    for (let j = available - k; j < available; j++) {
      let x = Math.floor(random.uniform() * (j + 1));
      if (stamp[x] === t) x = j;
      stamp[x] = t;
      pre[at] = spec.samePopulation && x >= t ? x + 1 : x; // skip the autapse
      post[at] = spec.targetStart + t;
      at++;
    }
  }
  return finish(spec, pre, post, random);
}

/** Each (source, target) pair connected independently with probability `p` (geometric skipping: O(edges)). */
export function buildProbability(spec: ProjectionSpec, p: number): ExplicitProjection {
  const random = new RandomStream(spec.seed, spec.stream);
  const edges = new EdgeBuffer();
  if (p > 0) {
    const logQ = Math.log(1 - p);
    for (let s = 0; s < spec.sourceSize; s++) {
      let t = -1;
      for (;;) {
        t += p >= 1 ? 1 : 1 + Math.floor(Math.log(1 - random.uniform()) / logQ);
        if (t >= spec.targetSize) break;
        if (spec.samePopulation && t === s) continue;
        edges.push(s, spec.targetStart + t);
      }
    }
  }
  return finish(spec, edges.pre.slice(0, edges.length), edges.post.slice(0, edges.length), random);
}

/** Non-procedural fixed out-degree (used when weight or delay is a distribution). */
export function buildOutDegree(spec: ProjectionSpec, k: number): ExplicitProjection {
  const random = new RandomStream(spec.seed, spec.stream);
  const available = spec.samePopulation ? spec.targetSize - 1 : spec.targetSize;
  const e = k * spec.sourceSize;
  const pre = new Int32Array(e), post = new Int32Array(e);
  const stamp = new Int32Array(available).fill(-1);
  let at = 0;
  for (let s = 0; s < spec.sourceSize; s++) {
    for (let j = available - k; j < available; j++) {
      let x = Math.floor(random.uniform() * (j + 1));
      if (stamp[x] === s) x = j;
      stamp[x] = s;
      pre[at] = s;
      post[at] = spec.targetStart + (spec.samePopulation && x >= s ? x + 1 : x);
      at++;
    }
  }
  return finish(spec, pre, post, random);
}

/** Sample weights and delays per synapse (in edge order) and build the rows. */
function finish(spec: ProjectionSpec, pre: Int32Array, post: Int32Array, random: RandomStream): ExplicitProjection {
  const e = pre.length;
  const weight = new Float64Array(e);
  for (let s = 0; s < e; s++) weight[s] = sample(spec.weight, random);
  let delay: number | Float64Array;
  if (isConstant(spec.delay)) {
    delay = spec.delay;
  } else {
    delay = new Float64Array(e);
    for (let s = 0; s < e; s++) delay[s] = sampleDelay(spec.delay, random);
  }
  return ExplicitProjection.fromEdges(spec.name, spec.sourceStart, spec.sourceSize, pre, post, weight, delay);
}
