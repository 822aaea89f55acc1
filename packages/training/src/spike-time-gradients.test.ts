import {
  composeSimulator,
  type Connectivity,
  createContainer,
  FixedOutDegreeConnectivity,
  InvalidParameterError,
  registerPlugins,
  SparseConnectivity,
  SpikeTrain,
} from '@sparseprop/core/plugin';
import { randomInitialPhases } from '@sparseprop/core/plugin';
import { eif } from '@sparseprop/model-eif';
import { lif } from '@sparseprop/model-lif';
import { qif } from '@sparseprop/model-qif';
import { binaryHeap, IndexedDaryHeap } from '@sparseprop/queue-heap';
import { explicitConnectivity, networkCase, type NetworkCase } from '@sparseprop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { InputEvents } from './input-events.js';
import { simulateWithInputs } from './input-forward.js';
import { squaredSpikeTimeError } from './losses.js';
import { spikeTimeGradients, trainingNetworkOf, type TrainingNetwork } from './spike-time-gradients.js';

const container = registerPlugins(createContainer(), lif, qif, eif, binaryHeap);
const TAU = 0.01;
const DRIVES: Record<string, [number, number]> = { lif: [0.02, 2], qif: [0.01, 1], eif: [0.02, 1] };

interface Setup {
  model: string;
  c: NetworkCase;
  initialPhases: Float64Array;
}

/** The network of a case with a given connectivity, its model instance, and a forward run of `spikes` spikes (time frame engine). */
function forward(setup: Setup, connectivity: Connectivity, initialPhases: Float64Array, spikes: number) {
  const { c, model } = setup;
  const composed = composeSimulator(
    { model, n: c.n, k: c.k, iext: c.iext, eta: c.eta, seed: c.seed, connectivity, initialPhases, frame: 'time', queue: 'binary', rebaseEvery: 1e9, tau: TAU },
    container,
  );
  const train = new SpikeTrain(spikes);
  composed.simulator.run({ maxSpikes: spikes, record: train });
  const network: TrainingNetwork = { model: composed.model, connectivity, initialPhases, tau: TAU };
  return { train, network };
}

function setUp(model: string, c: NetworkCase): Setup {
  const probe = composeSimulator({ model, n: c.n, k: c.k, iext: c.iext, eta: c.eta, seed: c.seed, frame: 'time', queue: 'binary' }, container);
  return { model, c, initialPhases: randomInitialPhases(probe.model, probe.plugin, c.seed + 1) };
}

function sameSequence(a: SpikeTrain, b: SpikeTrain): boolean {
  if (a.length !== b.length) return false;
  const an = a.neurons, bn = b.neurons;
  for (let s = 0; s < a.length; s++) if (an[s] !== bn[s]) return false;
  return true;
}

/** L = Σ_s c_s t_s with fixed random coefficients: ∂L/∂t_s = c_s. */
function linearLoss(train: SpikeTrain, coefficients: Float64Array): number {
  let value = 0;
  for (let s = 0; s < train.length; s++) value += coefficients[s] * train.times[s];
  return value;
}

// Central differences of the simulator itself are the independent check.
// A central difference with step h errs by ~h²/6 times the third derivative
// of L (truncation), plus rounding: every spike time carries a few ulps,
// amplified along the chain of spikes (by at most ~1e3 in these short runs),
// so L is off by at most ~1e-13 Σ|c_s| (1 + t_max) and the quotient by that
// over h. Near-ties make the third derivative large, so the truncation error
// is measured, not assumed: with estimates at h and h/2, the error of the
// h/2 one is about a third of their difference (O(h²) convergence). The
// analytic gradient must agree with the h/2 estimate within twice that
// difference plus the rounding bound. Cases where the two estimates differ
// by more than 1e-3 relative (the map is nearly singular there) or where a
// perturbation swaps two spikes are skipped and counted.
const H = 1e-6;
const SPIKES = 60;

/** A central-difference estimate of dL/dx with its error bound, or undefined when it cannot be trusted. */
function centralDifference(base: SpikeTrain, runAt: (delta: number) => SpikeTrain, coefficients: Float64Array): { estimate: number; bound: number } | undefined {
  const trains = [H, -H, H / 2, -H / 2].map(runAt);
  if (!trains.every((t) => sameSequence(t, base))) return undefined; // a spike swapped: not differentiable across
  const [plus, minus, halfPlus, halfMinus] = trains.map((t) => linearLoss(t, coefficients));
  const coarse = (plus - minus) / (2 * H), fine = (halfPlus - halfMinus) / H;
  let scale = 0;
  for (const c of coefficients) scale += Math.abs(c);
  const rounding = (1e-13 * scale * (1 + base.times[base.length - 1])) / (H / 2);
  const truncation = Math.abs(coarse - fine);
  if (truncation > 1e-3 * Math.abs(fine) + rounding) return undefined; // nearly singular: the estimate is not converged
  return { estimate: fine, bound: 2 * truncation + rounding };
}

// coefficients c_s of the loss L = Σ c_s t_s: multiples of 1e-3 in [-1, 1] (no subnormal noise)
const coefficientsArb = fc
  .array(fc.integer({ min: -1000, max: 1000 }), { minLength: SPIKES, maxLength: SPIKES })
  .map((a) => Float64Array.from(a, (x) => x / 1000));
const modelArb = fc.constantFrom('lif', 'qif', 'eif');
// EIF's drive must stay above its tonic threshold for every neuron: halve its heterogeneity (as model-eif's tests)
const caseFor = (model: string, explicit: boolean) =>
  networkCase({ maxN: 40, drive: DRIVES[model], j0: [0.05, 1], explicit, heterogeneous: true }).map((c) => (model === 'eif' ? { ...c, eta: c.eta / 2 } : c));

describe('spikeTimeGradients equals central differences of the simulator', () => {
  it('for the uniform weight and one initial phase (LIF, QIF, EIF; homogeneous or heterogeneous drive)', () => {
    let checked = 0, skipped = 0;
    fc.assert(
      fc.property(
        modelArb.chain((model) => fc.tuple(fc.constant(model), caseFor(model, false))),
        coefficientsArb,
        fc.nat(),
        ([model, c], coefficients, pick) => {
          const setup = setUp(model, c);
          const weight = -c.j0 / Math.sqrt(c.k);
          const net = (w: number) => new FixedOutDegreeConnectivity({ n: c.n, k: c.k, weight: w, seed: c.seed });
          const base = forward(setup, net(weight), setup.initialPhases, SPIKES);
          const gradients = spikeTimeGradients(base.network, base.train, coefficients.subarray(0, base.train.length));
          expect(gradients.maxReplayDeviation).toBeLessThan(1e-12);
          expect(gradients.weights).toBeUndefined();

          const dWeight = centralDifference(base.train, (d) => forward(setup, net(weight + d), setup.initialPhases, SPIKES).train, coefficients);
          const neuron = pick % c.n;
          const phase = setup.initialPhases[neuron];
          const { phiThreshold, phiMin } = base.network.model;
          const dPhase =
            phase + H <= phiThreshold && phase - H >= phiMin
              ? centralDifference(
                  base.train,
                  (d) => {
                    const phases = setup.initialPhases.slice();
                    phases[neuron] += d;
                    return forward(setup, net(weight), phases, SPIKES).train;
                  },
                  coefficients,
                )
              : undefined;
          if (dWeight === undefined) {
            skipped++;
            return;
          }
          checked++;
          expect(Math.abs(gradients.uniformWeight - dWeight.estimate)).toBeLessThanOrEqual(dWeight.bound);
          if (dPhase !== undefined) expect(Math.abs(gradients.initialPhases[neuron] - dPhase.estimate)).toBeLessThanOrEqual(dPhase.bound);
        },
      ),
      { numRuns: 60 },
    );
    expect(checked).toBeGreaterThanOrEqual(40); // most cases are smooth; skips are near-ties
    expect(skipped).toBeLessThan(checked);
  });

  it('for single synapses of explicit networks (heterogeneous weights)', () => {
    let checked = 0;
    fc.assert(
      fc.property(
        modelArb.chain((model) => fc.tuple(fc.constant(model), caseFor(model, true))),
        coefficientsArb,
        fc.nat(),
        ([model, c], coefficients, pick) => {
          const setup = setUp(model, c);
          const network = explicitConnectivity(c) as SparseConnectivity;
          const synapses = network.post.length;
          fc.pre(synapses > 0);
          const base = forward(setup, network, setup.initialPhases, SPIKES);
          const gradients = spikeTimeGradients(base.network, base.train, coefficients.subarray(0, base.train.length));
          // the per-synapse derivatives add up to the uniform one
          const sum = gradients.weights!.reduce((a, b) => a + b, 0);
          expect(Math.abs(sum - gradients.uniformWeight)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(sum)));
          const synapse = pick % synapses;
          const pre: number[] = [];
          for (let j = 0; j < c.n; j++) for (let s = network.rowStart[j]; s < network.rowStart[j + 1]; s++) pre.push(j);
          const moved = (delta: number) => {
            const weight = Array.from(network.weight);
            weight[synapse] += delta;
            return SparseConnectivity.fromEdges(c.n, pre, Array.from(network.post), weight);
          };
          const fd = centralDifference(base.train, (d) => forward(setup, moved(d), setup.initialPhases, SPIKES).train, coefficients);
          if (fd === undefined) return;
          checked++;
          expect(Math.abs(gradients.weights![synapse] - fd.estimate)).toBeLessThanOrEqual(fd.bound);
        },
      ),
      { numRuns: 50 },
    );
    expect(checked).toBeGreaterThanOrEqual(30);
  });
});

/** Random input events: `count` kicks at uniform times in [0, span) s onto random neurons, through `channels` weight indices with weights in ±amplitude. */
function randomInputs(n: number, count: number, channels: number, span: number, amplitude: number, seed: number): InputEvents {
  let state = seed >>> 0 || 1;
  const uniform = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const times = Float64Array.from({ length: count }, () => uniform() * span).sort();
  const targets = Int32Array.from({ length: count }, () => Math.floor(uniform() * n));
  const channel = Int32Array.from({ length: count }, () => Math.floor(uniform() * channels));
  const weights = Float64Array.from({ length: channels }, () => (2 * uniform() - 1) * amplitude);
  return { times, targets, channels: channel, weights };
}

describe('input events with trainable weights', () => {
  it('simulateWithInputs without inputs reproduces the time-frame engine spike for spike', () => {
    fc.assert(
      fc.property(modelArb.chain((model) => fc.tuple(fc.constant(model), caseFor(model, true))), ([model, c]) => {
        const setup = setUp(model, c);
        const connectivity = explicitConnectivity(c);
        const base = forward(setup, connectivity, setup.initialPhases, SPIKES);
        const mine = simulateWithInputs(base.network.model, new IndexedDaryHeap(c.n, 2), connectivity, setup.initialPhases, TAU, undefined, { maxSpikes: SPIKES });
        expect(Array.from(mine.neurons)).toEqual(Array.from(base.train.neurons));
        // the engine rebases never here (rebaseEvery 1e9) and computes the same expressions: same times to rounding of t·tau
        for (let s = 0; s < mine.length; s++) expect(Math.abs(mine.times[s] - base.train.times[s])).toBeLessThanOrEqual(1e-15 * (1 + base.train.times[s] / TAU));
      }),
      { numRuns: 30 },
    );
  });

  it('∂L/∂w for input weights equals central differences of the simulator (LIF, QIF, EIF)', () => {
    let checked = 0;
    fc.assert(
      fc.property(
        modelArb.chain((model) => fc.tuple(fc.constant(model), caseFor(model, true))),
        coefficientsArb,
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        ([model, c], coefficients, channels, seed) => {
          const setup = setUp(model, c);
          const connectivity = explicitConnectivity(c);
          const probe = forward(setup, connectivity, setup.initialPhases, SPIKES);
          const span = probe.train.times[probe.train.length - 1];
          const inputs = randomInputs(c.n, 3 * c.n, channels, span, 0.3, seed);
          const run = (w: Float64Array) =>
            simulateWithInputs(probe.network.model, new IndexedDaryHeap(c.n, 2), connectivity, setup.initialPhases, TAU, { ...inputs, weights: w }, { maxSpikes: SPIKES });
          const train = run(inputs.weights);
          const network: TrainingNetwork = { ...probe.network, inputs };
          const gradients = spikeTimeGradients(network, train, coefficients.subarray(0, train.length));
          expect(gradients.maxReplayDeviation).toBeLessThan(1e-12); // the replay and the forward compute the same expressions
          const c0 = seed % channels;
          const fd = centralDifference(
            train,
            (d) => {
              const w = inputs.weights.slice();
              w[c0] += d;
              return run(w);
            },
            coefficients,
          );
          if (fd === undefined) return;
          checked++;
          expect(Math.abs(gradients.inputWeights![c0] - fd.estimate)).toBeLessThanOrEqual(fd.bound);
        },
      ),
      { numRuns: 40 },
    );
    expect(checked).toBeGreaterThanOrEqual(25);
  });
});

describe('the exponential-key path (homogeneous LIF)', () => {
  it('agrees with the generic time-frame path to rounding (explicit and procedural, with inputs)', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.double({ min: 0.05, max: 2, noNaN: true }), fc.integer({ min: 0, max: 2 ** 31 - 1 }), (explicit, iext, seed) => {
        const c: NetworkCase = { n: 40, k: 6, j0: 0.8, iext, seed, eta: 0, explicit };
        const setup = setUp('lif', c);
        const connectivity = explicit ? explicitConnectivity(c) : new FixedOutDegreeConnectivity({ n: c.n, k: c.k, weight: -0.3, seed });
        const probe = forward(setup, connectivity, setup.initialPhases, 300);
        const inputs = randomInputs(c.n, 200, 3, probe.train.times[299], 0.3, seed + 1);
        const train = simulateWithInputs(probe.network.model, new IndexedDaryHeap(c.n, 2), connectivity, setup.initialPhases, TAU, inputs, { maxSpikes: 300 });
        const dL = Float64Array.from({ length: train.length }, (_, s) => Math.sin(s + seed));
        const network = { ...probe.network, inputs };
        const fast = spikeTimeGradients(network, train, dL, { path: 'exp-key' }); // the JS one (wasm-exp-key-gradients.test.ts: same bits)
        const generic = spikeTimeGradients(network, train, dL, { path: 'generic' });
        expect(fast.path).toBe('exp-key');
        expect(generic.path).toBe('generic');
        expect(fast.maxReplayDeviation).toBeLessThan(1e-12); // same times as the forward to rounding (seconds)
        // Same derivatives, rounded differently (y_b/y_a against e/arg with exp/log): a few ulps per event,
        // carried through ≤ 300 spikes of adjoint products (each factor ≤ ~1e1 here): 1e-9 of the largest entry.
        const close = (a: Float64Array, b: Float64Array) => {
          let scale = 0;
          for (const x of b) scale = Math.max(scale, Math.abs(x));
          for (let k = 0; k < a.length; k++) expect(Math.abs(a[k] - b[k])).toBeLessThanOrEqual(1e-9 * scale + 1e-300);
        };
        close(fast.initialPhases, generic.initialPhases);
        close(fast.inputWeights!, generic.inputWeights!);
        if (explicit) close(fast.weights!, generic.weights!);
        expect(Math.abs(fast.uniformWeight - generic.uniformWeight)).toBeLessThanOrEqual(1e-9 * Math.abs(generic.uniformWeight) + 1e-300);
      }),
      { numRuns: 40 },
    );
  });

  it('rejects path "exp-key" for a model without exponential keys', () => {
    const c: NetworkCase = { n: 10, k: 3, j0: 0.5, iext: 0.5, seed: 3, eta: 0, explicit: false };
    const setup = setUp('qif', c);
    const { train, network } = forward(setup, new FixedOutDegreeConnectivity({ n: 10, k: 3, weight: -0.2, seed: 3 }), setup.initialPhases, 5);
    expect(() => spikeTimeGradients(network, train, new Float64Array(5), { path: 'exp-key' })).toThrow(/path/);
  });
});

describe('memory: tape segments recomputed from checkpoints', () => {
  it('gives bit-identical gradients with any tape budget (explicit and procedural networks, with inputs)', () => {
    fc.assert(
      fc.property(fc.constantFrom('lif', 'qif'), fc.boolean(), fc.integer({ min: 1, max: 40 }), fc.nat(), (model, explicit, budgetSpikes, seed) => {
        const c: NetworkCase = { n: 30, k: 5, j0: 0.5, iext: model === 'lif' ? 0.6 : 0.5, seed, eta: seed % 3 === 0 ? 0.3 : 0, explicit };
        const setup = setUp(model, c);
        const connectivity = explicit ? explicitConnectivity(c) : new FixedOutDegreeConnectivity({ n: c.n, k: c.k, weight: -0.2, seed });
        const probe = forward(setup, connectivity, setup.initialPhases, 200);
        const inputs = randomInputs(c.n, 100, 3, probe.train.times[199], 0.2, seed + 1);
        const train = simulateWithInputs(probe.network.model, new IndexedDaryHeap(c.n, 2), connectivity, setup.initialPhases, TAU, inputs, { maxSpikes: 200 });
        const dL = Float64Array.from({ length: train.length }, (_, s) => Math.cos(s));
        const network = { ...probe.network, inputs };
        const path = seed % 2 === 0 ? 'auto' : 'generic';
        const whole = spikeTimeGradients(network, train, dL, { path });
        const cut = spikeTimeGradients(network, train, dL, { path, tapeBudgetBytes: budgetSpikes * c.k * 2 * 8 });
        expect(whole.segments).toBe(1);
        expect(cut.segments).toBeGreaterThan(1);
        expect(cut.uniformWeight).toBe(whole.uniformWeight);
        expect(Array.from(cut.initialPhases)).toEqual(Array.from(whole.initialPhases));
        expect(Array.from(cut.inputWeights!)).toEqual(Array.from(whole.inputWeights!));
        if (explicit) expect(Array.from(cut.weights!)).toEqual(Array.from(whole.weights!));
        expect(cut.maxReplayDeviation).toBe(whole.maxReplayDeviation);
      }),
      { numRuns: 25 },
    );
  });
});

describe('E/I networks (mixed-sign weights)', () => {
  it('∂L/∂J of single excitatory and inhibitory synapses equals central differences (LIF, QIF; both gradient paths)', () => {
    let checked = 0, excitatory = 0;
    fc.assert(
      fc.property(
        fc.constantFrom('lif', 'qif').chain((model) => fc.tuple(fc.constant(model), caseFor(model, true))),
        coefficientsArb,
        fc.nat(),
        fc.double({ min: 0.1, max: 0.5, noNaN: true }),
        ([model, c], coefficients, pick, excitatoryFraction) => {
          const setup = setUp(model, c);
          const inhibitory = explicitConnectivity(c) as SparseConnectivity;
          fc.pre(inhibitory.post.length > 1);
          const pre: number[] = [];
          for (let j = 0; j < c.n; j++) for (let s = inhibitory.rowStart[j]; s < inhibitory.rowStart[j + 1]; s++) pre.push(j);
          // a fraction of the synapses turned excitatory at a quarter of their size (E kicks below the threshold gap)
          const signed = Array.from(inhibitory.weight, (w, e) => ((e * 2654435761) % 1000) / 1000 < excitatoryFraction ? -0.25 * w : w);
          const build = (weights: number[]) => SparseConnectivity.fromEdges(c.n, pre, Array.from(inhibitory.post), weights);
          const network = build(signed);
          const base = forward(setup, network, setup.initialPhases, SPIKES);
          const path = pick % 2 === 0 ? 'auto' : 'generic';
          const gradients = spikeTimeGradients(base.network, base.train, coefficients.subarray(0, base.train.length), { path });
          const synapse = pick % signed.length;
          const fd = centralDifference(
            base.train,
            (d) => {
              const w = signed.slice();
              w[synapse] += d;
              return forward(setup, build(w), setup.initialPhases, SPIKES).train;
            },
            coefficients,
          );
          if (fd === undefined) return;
          checked++;
          if (signed[synapse] > 0) excitatory++;
          expect(Math.abs(gradients.weights![synapse] - fd.estimate)).toBeLessThanOrEqual(fd.bound);
        },
      ),
      { numRuns: 50 },
    );
    expect(checked).toBeGreaterThanOrEqual(30);
    expect(excitatory).toBeGreaterThanOrEqual(3); // excitatory synapses were among those checked
  });
});

describe('training with the gradients', () => {
  it('gradient descent on the weights of an explicit LIF network moves its spike times to targets', () => {
    // targets: the spike times of the same network with other weights; start from perturbed weights
    const c: NetworkCase = { n: 30, k: 6, j0: 0.5, iext: 0.6, seed: 11, eta: 0, explicit: true };
    const setup = setUp('lif', c);
    const teacher = explicitConnectivity(c) as SparseConnectivity;
    const pre: number[] = [];
    for (let j = 0; j < c.n; j++) for (let s = teacher.rowStart[j]; s < teacher.rowStart[j + 1]; s++) pre.push(j);
    const build = (w: Float64Array) => SparseConnectivity.fromEdges(c.n, pre, Array.from(teacher.post), Array.from(w));
    const spikes = 40;
    const target = forward(setup, teacher, setup.initialPhases, spikes).train;
    // a 0.5 % perturbation keeps the teacher's order of spikes (2 % does not: the squared error per spike would be ill-posed)
    let weights = teacher.weight.map((w, s) => w * (1 + 0.005 * Math.sin(s)));
    const losses: number[] = [];
    for (let step = 0; step < 30; step++) {
      const { train, network } = forward(setup, build(weights), setup.initialPhases, spikes);
      expect(sameSequence(train, target)).toBe(true); // small steps keep the order: the loss is smooth here
      const loss = squaredSpikeTimeError(train, target.times);
      losses.push(loss.value);
      const gradients = spikeTimeGradients(network, train, loss.dLossDTimes);
      weights = weights.map((w, s) => w - 1000 * gradients.weights![s]); // loss ~1e-9 s², gradients ~1e-7 s²: steps ~1e-4 of J
    }
    expect(losses[0]).toBeGreaterThan(0);
    for (let s = 1; s < losses.length; s++) expect(losses[s]).toBeLessThan(losses[s - 1]);
    expect(losses.at(-1)!).toBeLessThan(1e-2 * losses[0]);
  });
});

describe('bad input', () => {
  const c: NetworkCase = { n: 20, k: 4, j0: 0.5, iext: 0.5, seed: 3, eta: 0, explicit: false };
  const setup = setUp('lif', c);
  const { train, network } = forward(setup, new FixedOutDegreeConnectivity({ n: 20, k: 4, weight: -0.25, seed: 3 }), setup.initialPhases, 10);

  it('names the parameter and the allowed range', () => {
    expect(() => spikeTimeGradients(network, train, new Float64Array(9))).toThrow(/dLossDTimes.length must be equal to the number of recorded spikes \(10\)/);
    expect(() => spikeTimeGradients({ ...network, tau: 0 }, train, new Float64Array(10))).toThrow(InvalidParameterError);
    expect(() => spikeTimeGradients({ ...network, initialPhases: new Float64Array(20).fill(2) }, train, new Float64Array(10))).toThrow(/phase of neuron 0/);
    const other = new SpikeTrain();
    other.push(0.001, 25);
    expect(() => spikeTimeGradients(network, other, new Float64Array(1))).toThrow(/train neuron 0/);
    expect(() => squaredSpikeTimeError(train, new Float64Array(3))).toThrow(/targetTimes.length/);
  });

  it('rejects NaN or infinite ∂L/∂t, naming the entry (instead of a NaN gradient)', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      const dL = new Float64Array(10);
      dL[7] = bad;
      expect(() => spikeTimeGradients(network, train, dL)).toThrow(InvalidParameterError);
      expect(() => spikeTimeGradients(network, train, dL)).toThrow(/dLossDTimes\[7\]/);
    }
  });

  it('rejects a NaN spike time, naming it (instead of maxReplayDeviation = NaN)', () => {
    const broken = new SpikeTrain();
    for (let s = 0; s < train.length; s++) broken.push(s === 4 ? NaN : train.times[s], train.neurons[s]);
    expect(() => spikeTimeGradients(network, broken, new Float64Array(10))).toThrow(InvalidParameterError);
    expect(() => spikeTimeGradients(network, broken, new Float64Array(10))).toThrow(/train\.times\[4\]/);
  });

  it('rejects malformed input events, naming the field', () => {
    const good = randomInputs(20, 5, 2, 0.01, 0.1, 1);
    const withInputs = (inputs: InputEvents) => spikeTimeGradients({ ...network, inputs }, train, new Float64Array(10));
    expect(() => withInputs({ ...good, targets: Int32Array.of(0, 1, 2, 3, 20) })).toThrow(/inputs\.targets\[4\]/);
    expect(() => withInputs({ ...good, channels: Int32Array.of(0, 1, 2, 0, 0) })).toThrow(/inputs\.channels\[2\]/);
    expect(() => withInputs({ ...good, times: Float64Array.of(0, 2e-3, 1e-3, 3e-3, 4e-3) })).toThrow(/inputs\.times\[2\]/);
    expect(() => withInputs({ ...good, weights: Float64Array.of(0.1, NaN) })).toThrow(/inputs\.weights\[1\]/);
    expect(() => withInputs({ ...good, channels: Int32Array.of(0) })).toThrow(/inputs\.channels\.length/);
    expect(() => spikeTimeGradients(network, train, new Float64Array(10), { tapeBudgetBytes: 0 })).toThrow(/tapeBudgetBytes/);
  });

  it('trainingNetworkOf takes a composition as it is, and any engine’s train replays (here the JS exponential-key engine)', () => {
    const composed = composeSimulator({ model: 'lif', n: 50, k: 5, seed: 4 }, container); // random initial state
    const recorded = new SpikeTrain();
    composed.simulator.run({ maxSpikes: 200, record: recorded });
    const gradients = spikeTimeGradients(trainingNetworkOf(composed), recorded, new Float64Array(200).fill(1));
    expect(gradients.maxReplayDeviation).toBeLessThan(1e-12); // the replay recomputes the same times
    expect(gradients.spikes).toBe(200);
    expect(Number.isFinite(gradients.uniformWeight)).toBe(true);
  });

  it('reports a train that did not come from the network', () => {
    const shifted = new SpikeTrain();
    for (let s = 0; s < train.length; s++) shifted.push(train.times[s] + 1e-3, train.neurons[s]);
    expect(spikeTimeGradients(network, shifted, new Float64Array(10)).maxReplayDeviation).toBeCloseTo(1e-3, 9);
  });
});
