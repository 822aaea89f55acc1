import type { CompiledNetwork, InputSource, NetworkPopulation, NetworkProjection, StepCurrent } from '@sparseprop/core';
import { LifVoltageDynamics } from '@sparseprop/model-lif';
import { QifVoltageDynamics } from '@sparseprop/model-qif';
import fc from 'fast-check';
import { EventListSource, PoissonDriveSource, PoissonPopulationSource } from './inputs.js';
import { ExplicitProjection } from './projections.js';
import { RandomStream } from './random.js';

/** The knobs of one random test network (fast-check draws them; everything else comes from `seed`). */
export interface RandomNetworkSpec {
  seed: number;
  populations: number; // 1..3 neuron populations
  sizes: number[];
  /** drive iext per population: below 0 is sub-threshold (fires only from input) */
  drives: number[];
  refractory: number[];
  vReset: number[];
  /** model per population */
  models: ('lif' | 'qif')[];
  /** per projection pair (i -> j): connection probability, weight scale, delay kind */
  density: number;
  excitation: number;
  inhibition: number;
  delayKind: 'zero' | 'constant' | 'mixed' | 'per-synapse';
  poissonRate: number; // Hz per target, 0 = none
  sourceSize: number; // Poisson source population size, 0 = none
  kickList: number; // number of listed input events
  steps: number; // number of step currents
}

export const randomNetworkSpec: fc.Arbitrary<RandomNetworkSpec> = fc
  .record({
    seed: fc.integer({ min: 0, max: 2 ** 31 }),
    populations: fc.integer({ min: 1, max: 3 }),
    sizes: fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 3, maxLength: 3 }),
    drives: fc.array(fc.double({ min: -0.8, max: 1.5, noNaN: true }), { minLength: 3, maxLength: 3 }),
    refractory: fc.array(fc.constantFrom(0, 0.001, 0.002, 0.0005), { minLength: 3, maxLength: 3 }),
    vReset: fc.array(fc.double({ min: -0.5, max: 0.7, noNaN: true }), { minLength: 3, maxLength: 3 }),
    models: fc.array(fc.constantFrom('lif' as const, 'lif' as const, 'qif' as const), { minLength: 3, maxLength: 3 }),
    density: fc.double({ min: 0.05, max: 0.6, noNaN: true }),
    excitation: fc.double({ min: 0, max: 0.4, noNaN: true }),
    inhibition: fc.double({ min: 0, max: 0.6, noNaN: true }),
    delayKind: fc.constantFrom('zero' as const, 'constant' as const, 'mixed' as const, 'per-synapse' as const),
    poissonRate: fc.constantFrom(0, 200, 2000),
    sourceSize: fc.constantFrom(0, 0, 5),
    kickList: fc.integer({ min: 0, max: 30 }),
    steps: fc.integer({ min: 0, max: 3 }),
  });

/**
 * A random E/I network of LIF and QIF populations: the first population excitatory, the others
 * inhibitory (Dale's law), Erdős–Rényi projections between every pair,
 * mixed delays, sub- and suprathreshold drives, a Poisson drive, a Poisson
 * source population, listed kicks and step currents, all from `spec`.
 */
export function randomNetwork(spec: RandomNetworkSpec, tau = 0.01): CompiledNetwork {
  const random = new RandomStream(spec.seed, 999);
  const populations: NetworkPopulation[] = [];
  let n = 0;
  for (let p = 0; p < spec.populations; p++) {
    const dynamics = spec.models[p] === 'qif' ? new QifVoltageDynamics() : new LifVoltageDynamics(spec.vReset[p]);
    populations.push({ name: `P${p}`, start: n, end: n + spec.sizes[p], dynamics });
    n += spec.sizes[p];
  }
  const drive = new Float64Array(n), refractory = new Float64Array(n), initialVoltage = new Float64Array(n);
  for (const [p, population] of populations.entries()) {
    for (let i = population.start; i < population.end; i++) {
      // heterogeneous drives. QIF gets I > 0 (a rotation, neutral to rounding): with I < 0 it has an unstable
      // fixed point that amplifies any rounding like e^{2 sqrt(-I) t}, which qif-voltage.test.ts covers instead
      drive[i] = (spec.models[p] === 'qif' ? 0.05 + Math.abs(spec.drives[p]) : spec.drives[p]) + 0.05 * random.uniform();
      refractory[i] = spec.refractory[p];
      initialVoltage[i] = spec.models[p] === 'qif' ? 2 * random.uniform() - 1 : spec.vReset[p] + (1 - spec.vReset[p]) * random.uniform();
    }
  }
  const sourceCount = spec.sourceSize;
  const sources = sourceCount > 0 ? [{ name: 'X', start: n, end: n + sourceCount }] : [];
  const projections: NetworkProjection[] = [];
  const groups = [...populations.map((p) => [p.start, p.end - p.start, p.name] as const), ...sources.map((s) => [s.start, s.end - s.start, s.name] as const)];
  let stream = 0;
  for (const [g, [sourceStart, sourceSize, sourceName]] of groups.entries()) {
    const sign = g === 0 || g >= populations.length ? 1 : -1;
    const scale = sign > 0 ? spec.excitation : spec.inhibition;
    for (const target of populations) {
      const pre: number[] = [], post: number[] = [], weight: number[] = [], delays: number[] = [];
      for (let s = 0; s < sourceSize; s++) {
        for (let t = target.start; t < target.end; t++) {
          if (random.uniform() >= spec.density) continue;
          pre.push(s);
          post.push(t);
          weight.push(sign * scale * (0.2 + random.uniform()));
          delays.push(randomDelay(spec.delayKind, random));
        }
      }
      const delayKind = spec.delayKind;
      const constant = delayKind === 'zero' ? 0 : delayKind === 'constant' ? [0.001, 0.0015, 0.002][stream % 3] : undefined;
      projections.push(
        ExplicitProjection.fromEdges(
          `${sourceName}->${target.name}`,
          sourceStart,
          sourceSize,
          Int32Array.from(pre),
          Int32Array.from(post),
          Float64Array.from(weight),
          constant ?? Float64Array.from(delays),
        ),
      );
      stream++;
    }
  }
  const inputs: InputSource[] = [];
  if (spec.poissonRate > 0) {
    inputs.push(new PoissonDriveSource('poisson', { starts: Int32Array.of(0), ends: Int32Array.of(n) }, spec.poissonRate, 1, 0.15, spec.seed, 1));
  }
  if (sourceCount > 0) {
    const rate = (t: number) => 50 * (1 + Math.sin(2 * Math.PI * 5 * t));
    inputs.push(new PoissonPopulationSource('X', n, sourceCount, rate, 100, spec.seed, 2, 50));
  }
  if (spec.kickList > 0) {
    const times = new Float64Array(spec.kickList), targets = new Int32Array(spec.kickList), weights = new Float64Array(spec.kickList);
    let t = 0;
    for (let k = 0; k < spec.kickList; k++) {
      t += random.uniform() < 0.2 ? 0 : 0.004 * random.uniform(); // some simultaneous kicks
      times[k] = t;
      targets[k] = Math.floor(random.uniform() * n);
      weights[k] = 1.2 * random.uniform() - 0.4;
    }
    inputs.push(new EventListSource('events', 'kick', times, targets, weights));
  }
  const stepCurrents: StepCurrent[] = [];
  let t = 0;
  for (let s = 0; s < spec.steps; s++) {
    t += 0.02 * random.uniform();
    const p = populations[Math.floor(random.uniform() * populations.length)];
    stepCurrents.push({ timeSeconds: t, start: p.start, end: p.end, iext: 1.5 * random.uniform() - 0.5 });
  }
  return { size: n, sourceCount, tau, populations, sources, drive, refractory, initialVoltage, projections, inputs, stepCurrents };
}

function randomDelay(kind: RandomNetworkSpec['delayKind'], random: RandomStream): number {
  if (kind === 'per-synapse') return 0.003 * random.uniform();
  // mixed: a few distinct delays per synapse, zero included
  return [0, 0.0005, 0.001, 0.002][Math.floor(random.uniform() * 4)];
}
