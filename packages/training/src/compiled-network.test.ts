import { InvalidParameterError, NetworkSimulator, RunawayExcitationError, SpikeTrain } from '@sparseprop/core/plugin';
import { LifModel, lif } from '@sparseprop/model-lif';
import { compileNetwork } from '@sparseprop/network';
import { IndexedDaryHeap } from '@sparseprop/queue-heap';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CompiledTrainingNetwork, trainingNetworkOfCompiled } from './compiled-network.js';
import { convergedDifference } from './gradient-check.test-support.js';
import { spikeTimeGradients } from './spike-time-gradients.js';

const SPIKES = 40;
const lifOf = (_: unknown, drive: Float64Array) => new LifModel(drive.length, drive);

/** A random E/I network config of the JSON format `sparseprop run --config` reads, with a source population and a Poisson kick stream. */
interface ConfigCase {
  config: Record<string, unknown>;
  files: Record<string, string>;
}

const configArb = fc
  .record({
    nE: fc.integer({ min: 3, max: 12 }),
    nI: fc.integer({ min: 2, max: 6 }),
    nS: fc.integer({ min: 1, max: 5 }),
    sourceKind: fc.constantFrom('poisson', 'signal', 'spikes'),
    iext: fc.double({ min: 0.1, max: 1.5, noNaN: true }),
    jE: fc.double({ min: 0.01, max: 0.15, noNaN: true }),
    jI: fc.double({ min: 0.05, max: 0.4, noNaN: true }),
    // input weights away from 0: a kick that moves across the end of a refractory period (ignored, then
    // applied) is a jump of L when its weight is nonzero, which convergedDifference sees and refuses; with a
    // zero weight it is only a kink of slope (seed 1874797754: slopes 2.8670 and 2.8678 within 1e-6), which
    // a converged-looking pair of estimates can straddle
    jS: fc.double({ min: 0.01, max: 0.2, noNaN: true }),
    sSign: fc.constantFrom(1, -1),
    jKick: fc.double({ min: 0.01, max: 0.1, noNaN: true }),
    kickSign: fc.constantFrom(1, -1),
    delay: fc.constantFrom(0, 0.0005, 0.002),
    sourceDelay: fc.constantFrom(0, 0.001),
    refractory: fc.constantFrom(0, 0, 0.001),
    kickRate: fc.constantFrom(0, 300),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
  })
  .map((c): ConfigCase => {
    const files: Record<string, string> = {};
    let source: unknown;
    if (c.sourceKind === 'poisson') source = { poisson: { rate: 400 } };
    else if (c.sourceKind === 'signal') {
      files['rate.csv'] = 'time_s,rate_hz\n0,100\n0.02,900\n0.05,300\n';
      source = { poisson: { signal: 'rate.csv' } };
    } else {
      // a spike file: each source neuron spikes at a few distinct times (xorshift from the seed)
      let state = c.seed | 1;
      const rows: [number, number][] = [];
      for (let s = 0; s < c.nS; s++) for (let r = 0; r < 6; r++) {
        state ^= state << 13;
        state ^= state >>> 17;
        state ^= state << 5;
        rows.push([((state >>> 0) / 2 ** 32) * 0.05, s]);
      }
      rows.sort((a, b) => a[0] - b[0]);
      files['spikes.csv'] = `time_s,neuron\n${rows.map(([t, s]) => `${t},${s}`).join('\n')}\n`;
      source = { spikes: 'spikes.csv' };
    }
    const config = {
      tau: 0.01,
      seed: c.seed,
      populations: {
        E: { size: c.nE, model: 'lif', iext: c.iext, refractory: c.refractory },
        I: { size: c.nI, model: 'lif', iext: 0.8 * c.iext, refractory: c.refractory },
        S: { size: c.nS, source },
      },
      projections: [
        { from: 'E', to: 'E', probability: 0.3, weight: c.jE, delay: c.delay },
        { from: 'E', to: 'I', probability: 0.4, weight: c.jE, delay: c.delay },
        { from: 'I', to: 'E', inDegree: 1, weight: -c.jI, delay: c.delay },
        { from: 'I', to: 'I', probability: 0.3, weight: -c.jI, delay: c.delay },
        { from: 'S', to: 'E', probability: 0.5, weight: c.sSign * c.jS, delay: c.sourceDelay },
      ],
      inputs: c.kickRate > 0 ? [{ poisson: { to: 'I', rate: c.kickRate, count: 1, weight: c.kickSign * c.jKick } }] : [],
    };
    return { config, files };
  });

function compile(c: ConfigCase, config: Record<string, unknown> = c.config) {
  return compileNetwork(config, { models: [lif], readFile: (path) => c.files[path] }).network;
}

/** The network engine's first SPIKES spikes (empty when it refuses a runaway). */
function simulate(c: ConfigCase, config: Record<string, unknown> = c.config): SpikeTrain {
  const network = compile(c, config);
  const train = new SpikeTrain(SPIKES);
  try {
    new NetworkSimulator(network, new IndexedDaryHeap(network.size, 4)).run({ maxSpikes: SPIKES, record: train });
  } catch (error) {
    if (error instanceof RunawayExcitationError) return new SpikeTrain();
    throw error;
  }
  return train;
}

/** The config with projection `q`'s weight (or the kick stream's) moved by `d`. */
function moved(c: ConfigCase, which: { projection: number } | { input: number }, d: number): Record<string, unknown> {
  const config = structuredClone(c.config) as { projections: { weight: number }[]; inputs: { poisson: { weight: number } }[] };
  if ('projection' in which) config.projections[which.projection].weight += d;
  else config.inputs[which.input].poisson.weight += d;
  return config;
}

/** ∂L/∂(a projection's weight number): the sum over its synapses, recurrent or from the source population. */
function projectionGradient(built: CompiledTrainingNetwork, weights: Float64Array, inputWeights: Float64Array | undefined, q: number): number {
  let sum = 0;
  built.synapses.projection.forEach((p, e) => (sum += p === q ? weights[e] : 0));
  built.inputWeights.projection.forEach((p, c) => (sum += p === q ? inputWeights![c] : 0));
  return sum;
}

const lossOf = (train: SpikeTrain) => {
  let value = 0;
  for (let s = 0; s < SPIKES; s++) value += 0.5 * train.times[s] ** 2;
  return value;
};

describe('trainingNetworkOfCompiled: gradients of a network config equal central differences of the network engine', () => {
  it('for every projection weight (E, I, source population from Poisson, rate signal or spike file) and the kick stream, with delays and refractoriness', () => {
    let checked = 0, checkedSource = 0, checkedKick = 0, ties = 0;
    fc.assert(
      fc.property(configArb, fc.nat(), (c, pick) => {
        const base = simulate(c);
        fc.pre(base.length === SPIKES);
        const tLast = base.times[SPIKES - 1];
        const built = trainingNetworkOfCompiled(compile(c), lifOf, tLast);
        const dL = Float64Array.from(base.times, (t, s) => (s < SPIKES ? t : 0));
        const g = spikeTimeGradients(built.network, base, dL, { path: 'delayed' });
        // the phase-space replay against the voltage-space engine: the same spikes to rounding (1e-12 t_max,
        // the delayed path's LIF bound in delayed-gradients.test.ts, ~30x the measured rounding). Except at a
        // tie: an excitatory kick that lifts a neuron to within rounding of threshold while another neuron
        // spikes at that instant (small excitatory networks synchronise, so such ties do occur, e.g. seed
        // 1703952380). There the order is decided by rounding, the engine and the replay may decide it
        // differently, and no gradient exists; such a case must then change its spike sequence when a
        // weight moves by 1e-9, which is checked, and it is counted.
        if (g.maxReplayDeviation > 1e-12 * tLast) {
          const tie = [1e-9, -1e-9].some((h) => simulate(c, moved(c, { projection: 0 }, h)).neurons.join() !== base.neurons.join() || simulate(c, moved(c, { projection: 1 }, h)).neurons.join() !== base.neurons.join());
          expect(tie).toBe(true);
          ties++;
          return;
        }
        // L = Σ t²/2 rounded to Σ t ulp-ish: 1e-13 t_max per spike plus the measured replay noise, times t_max
        const rounding = SPIKES * tLast * (1e-13 * tLast + 10 * g.maxReplayDeviation);
        // one recurrent projection (E->E, E->I, I->E, I->I) and, every case, the source population's projection S->E
        for (const q of [pick % 4, 4]) {
          const d = convergedDifference(base, (h) => simulate(c, moved(c, { projection: q }, h)), lossOf, 1e-6, rounding);
          if (d !== undefined) {
            checked++;
            if (q === 4) checkedSource++;
            expect(Math.abs(projectionGradient(built, g.weights!, g.inputWeights, q) - d.estimate)).toBeLessThanOrEqual(d.bound);
          }
        }
        if ((c.config.inputs as unknown[]).length > 0) {
          const kick = built.inputWeights.projection.findIndex((p, k) => p === -1 && built.inputNames[built.inputWeights.pre[k]] === 'inputs[0] poisson');
          const dKick = convergedDifference(base, (h) => simulate(c, moved(c, { input: 0 }, h)), lossOf, 1e-6, rounding);
          if (dKick !== undefined && kick >= 0) {
            checkedKick++;
            expect(Math.abs(g.inputWeights![kick] - dKick.estimate)).toBeLessThanOrEqual(dKick.bound);
          }
        }
      }),
      { numRuns: Number(process.env.COMPILED_RUNS ?? 40) },
    );
    expect(checked).toBeGreaterThanOrEqual(40);
    // measured over 400 runs (one projection per case then): 398 of 400 converged, 211 kick-stream checks, 0 ties;
    // about 1 case in 200 does not converge, so the floors below (40 runs) are far under the expected counts
    expect(ties).toBeLessThanOrEqual(4);
    expect(checkedSource).toBeGreaterThanOrEqual(20);
    expect(checkedKick).toBeGreaterThanOrEqual(5);
  });

  it('names what it cannot take: step currents, duplicate synapses, autapses, a bad horizon', () => {
    const base = {
      tau: 0.01,
      populations: { E: { size: 4, model: 'lif', iext: 0.5 } },
      projections: [{ from: 'E', to: 'E', edges: 'e.csv' }],
    };
    const files: Record<string, string> = { 'e.csv': 'pre,post,weight\n0,1,0.1\n1,2,0.1\n' };
    const build = (config: object, horizon = 1) => () => trainingNetworkOfCompiled(compileNetwork(config, { models: [lif], readFile: (p) => files[p] }).network, lifOf, horizon);
    expect(build(base)().synapses.pre.length).toBe(2);
    expect(build(base, -1)).toThrow(/horizonSeconds/);
    expect(build(base, Number.NaN)).toThrow(InvalidParameterError);
    expect(build({ ...base, inputs: [{ stepCurrent: { to: 'E', times: [0.01], values: [0.7] } }] })).toThrow(/stepCurrents/);
    expect(build({ ...base, projections: [...base.projections, { from: 'E', to: 'E', edges: 'e.csv' }] })).toThrow(/one synapse per pair/);
    files['self.csv'] = 'pre,post,weight\n2,2,0.1\n';
    expect(build({ ...base, projections: [{ from: 'E', to: 'E', edges: 'self.csv' }] })).toThrow(/autapse/);
  });

  it('maps every input weight to its origin: source synapses by projection, pre and post; a kick stream by its index', () => {
    const config = {
      tau: 0.01,
      seed: 3,
      dale: false,
      populations: { E: { size: 3, model: 'lif', iext: 0.5 }, S: { size: 2, source: { spikes: 's.csv' } } },
      projections: [{ from: 'S', to: 'E', edges: 'se.csv', delay: 0.001 }],
      inputs: [{ poisson: { to: 'E', rate: 100, count: 1, weight: 0.05 } }],
    };
    const files: Record<string, string> = { 's.csv': 'time_s,neuron\n0.001,1\n0.002,0\n0.0025,1\n', 'se.csv': 'pre,post,weight\n0,2,0.1\n1,0,0.2\n1,1,-0.3\n' };
    const compiled = compileNetwork(config, { models: [lif], readFile: (p) => files[p] }).network;
    const built = trainingNetworkOfCompiled(compiled, lifOf, 0.05);
    // source neurons are numbered after the 3 network neurons: 3, 4
    expect(Array.from(built.inputWeights.pre)).toEqual([3, 4, 4, 1]); // the kick stream is compiled.inputs[1] (the spike file is [0])
    expect(Array.from(built.inputWeights.post)).toEqual([2, 0, 1, -1]);
    expect(Array.from(built.inputWeights.projection)).toEqual([0, 0, 0, -1]);
    const inputs = built.network.inputs!;
    expect(Array.from(inputs.weights)).toEqual([0.1, 0.2, -0.3, 0.05]);
    // source spikes arrive 1 ms later on each target of the edge file
    const sourceEvents = Array.from(inputs.channels).map((ch, q) => [ch, inputs.times[q]] as const).filter(([ch]) => ch < 3);
    expect(sourceEvents).toEqual([
      [1, 0.002],
      [2, 0.002],
      [0, 0.003],
      [1, 0.0035],
      [2, 0.0035],
    ]);
    expect(Array.from(inputs.times)).toEqual(Array.from(inputs.times).sort((a, b) => a - b));
  });
});
