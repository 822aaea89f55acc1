import { SparseConnectivity } from '@sparseprop/core/plugin';
import { LifModel } from '@sparseprop/model-lif';
import fc from 'fast-check';
import type { InputEvents } from './input-events.js';
import type { TrainingNetwork } from './spike-time-gradients.js';

/** Membrane time constant of the cases, seconds. */
export const CASE_TAU = 0.01;

/** A random LIF network with explicit synapses (distinct targets, no autapse), its initial phases and input events. */
export interface ExpKeyCase {
  readonly n: number;
  readonly degree: number;
  readonly drive: number;
  /** Fraction of excitatory synapses (kicks that can reach threshold at once). */
  readonly excitatory: number;
  readonly scale: number;
  readonly inputCount: number;
  readonly channels: number;
  readonly seed: number;
  readonly spikes: number;
}

export const expKeyCaseArb: fc.Arbitrary<ExpKeyCase> = fc.record({
  n: fc.integer({ min: 2, max: 120 }),
  degree: fc.integer({ min: 0, max: 30 }),
  drive: fc.double({ min: 1.05, max: 4, noNaN: true }),
  excitatory: fc.constantFrom(0, 0, 0.05, 0.15),
  scale: fc.double({ min: 0.01, max: 1.5, noNaN: true }),
  inputCount: fc.constantFrom(0, 0, 20, 300),
  channels: fc.integer({ min: 1, max: 5 }),
  seed: fc.integer({ min: 1, max: 2 ** 31 - 1 }),
  spikes: fc.integer({ min: 0, max: 400 }),
});

function uniformOf(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
}

/** The case's network (xorshift from its seed), with the synapse or input weights replaced when given. */
export function expKeyCaseNetwork(c: ExpKeyCase, weightsOverride?: Float64Array, inputWeightsOverride?: Float64Array): TrainingNetwork & { connectivity: SparseConnectivity } {
  const uniform = uniformOf(c.seed);
  const pre: number[] = [], post: number[] = [], weight: number[] = [];
  const chosen = new Int32Array(c.n).fill(-1);
  for (let j = 0; j < c.n; j++) {
    const degree = Math.min(c.n - 1, Math.floor(uniform() * (c.degree + 1)));
    for (let e = 0; e < degree; ) {
      let i = Math.floor(uniform() * (c.n - 1));
      if (i >= j) i++;
      if (chosen[i] === j) continue;
      chosen[i] = j;
      e++;
      pre.push(j);
      post.push(i);
      // inhibitory −scale…0, or excitatory 0…0.95 (reaches threshold from above 0.05; one kick cannot re-fire a neuron just reset)
      weight.push(uniform() < c.excitatory ? 0.95 * uniform() : -c.scale * uniform());
    }
  }
  const connectivity = SparseConnectivity.fromEdges(c.n, pre, post, weightsOverride === undefined ? weight : Array.from(weightsOverride));
  const model = new LifModel(c.n, c.drive);
  const initialPhases = Float64Array.from({ length: c.n }, () => model.phiThreshold * uniform());
  // inputs over about the run's span (uncoupled LIF period ln(d/(d−1)) tau; inhibition slows it): some fall after the last spike
  const span = 1.5 * Math.max(1, c.spikes / c.n) * Math.log(c.drive / (c.drive - 1)) * CASE_TAU;
  const times = Float64Array.from({ length: c.inputCount }, () => uniform() * span).sort();
  const targets = Int32Array.from({ length: c.inputCount }, () => Math.floor(uniform() * c.n));
  const channels = Int32Array.from({ length: c.inputCount }, () => Math.floor(uniform() * c.channels));
  const inputWeights = inputWeightsOverride ?? Float64Array.from({ length: c.channels }, () => 1.4 * uniform() - 0.7);
  const inputs: InputEvents | undefined = c.inputCount === 0 ? undefined : { times, targets, channels, weights: inputWeights };
  return { model, connectivity, initialPhases, tau: CASE_TAU, inputs };
}

/** Every entry the same double (Object.is: NaN and ±0 too). */
export function sameBits(a: Float64Array | undefined, b: Float64Array | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) return false;
  return true;
}
