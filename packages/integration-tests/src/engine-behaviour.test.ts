import {
  composeSimulator,
  createContainer,
  InvalidParameterError,
  registerPlugins,
  RunawayExcitationError,
  SparseConnectivity,
  SpikeTrain,
} from '@sparseprop/core';
import { lif } from '@sparseprop/model-lif';
import { binaryHeap, octonaryHeap, thirtyTwoAryHeap } from '@sparseprop/queue-heap';
import { compareSpikeTrains } from '@sparseprop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { calendarQueue } from '@sparseprop/queue-calendar';

const container = registerPlugins(createContainer(), lif, binaryHeap);
const ENGINES = [
  { frame: 'phase', expKeys: true },
  { frame: 'phase', expKeys: false },
  { frame: 'time' },
  { reference: true },
] as const;

describe.each(ENGINES)('engine %o', (engine) => {
  it('a run split in pieces gives the spikes of one run', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 200 }), fc.integer({ min: 1, max: 400 }), fc.integer({ min: 0, max: 1000 }), (n, split, seed) => {
        const config = { n, k: Math.max(1, Math.floor(n / 4)), seed, ...engine };
        const whole = new SpikeTrain(), pieces = new SpikeTrain();
        composeSimulator(config, container).simulator.run({ maxSpikes: 800, record: whole });
        const sim = composeSimulator(config, container).simulator;
        sim.run({ maxSpikes: split, record: pieces });
        sim.run({ maxSpikes: 800 - split, record: pieces });
        expect(Array.from(pieces.neurons)).toEqual(Array.from(whole.neurons));
        expect(Array.from(pieces.times)).toEqual(Array.from(whole.times));
      }),
      { numRuns: 15 },
    );
  });

  it('stops at a simulated time and continues from it exactly', () => {
    const config = { n: 300, k: 30, seed: 4, ...engine };
    const sim = composeSimulator(config, container).simulator;
    const first = new SpikeTrain();
    const summary = sim.run({ maxTimeSeconds: 0.2, record: first });
    expect(summary.endSeconds).toBeCloseTo(0.2, 14);
    expect(sim.timeSeconds).toBeCloseTo(0.2, 14);
    expect(first.times[first.length - 1]).toBeLessThanOrEqual(0.2);
    const rest = new SpikeTrain();
    sim.run({ maxTimeSeconds: 0.4, record: rest });
    expect(rest.times[0]).toBeGreaterThan(0.2);
    const whole = new SpikeTrain();
    composeSimulator(config, container).simulator.run({ maxTimeSeconds: 0.4, record: whole });
    expect(first.length + rest.length).toBe(whole.length);
    const joined = new SpikeTrain();
    for (const t of [first, rest]) for (let s = 0; s < t.length; s++) joined.push(t.times[s], t.neurons[s]);
    const cmp = compareSpikeTrains(joined, whole);
    expect(cmp.identicalPrefix).toBe(whole.length);
    // stopping advances the phases by the remaining time in one step instead of in the next spike's
    expect(cmp.maxRelativeTimeError).toBeLessThan(1e-12);
  });

  it('reads back the phases it was given', () => {
    const phases = Float64Array.from({ length: 50 }, (_, i) => -0.5 + i / 50);
    const { simulator } = composeSimulator({ n: 50, k: 5, initialPhases: phases, ...engine }, container);
    const back = simulator.phases();
    for (let i = 0; i < 50; i++) expect(back[i]).toBeCloseTo(phases[i], 13);
    expect(() => simulator.setPhases(Float64Array.of(2, ...phases.subarray(1)))).toThrow(/phase of neuron 0 must be a finite number in \[-Infinity, 1\]/);
  });

  it('a kick that reaches threshold makes the neuron spike at that instant', () => {
    // neuron 0 (closest to threshold) excites neuron 1 by more than the whole threshold gap
    const connectivity = SparseConnectivity.fromEdges(3, [0, 1, 2], [1, 2, 0], [1.5, -0.1, -0.1]);
    const { simulator } = composeSimulator({ n: 3, k: 1, connectivity, iext: 0.1, initialPhases: Float64Array.of(0.9, 0.1, 0.2), ...engine }, container);
    const train = new SpikeTrain();
    simulator.run({ maxSpikes: 2, record: train });
    expect(Array.from(train.neurons)).toEqual([0, 1]);
    expect(train.times[1]).toBe(train.times[0]);
  });

  it('runaway excitation is a typed error, not a hang', () => {
    // every neuron kicks every other one past threshold: spikes without end at one instant
    const pre: number[] = [], post: number[] = [], weight: number[] = [];
    for (let p = 0; p < 4; p++) for (let q = 0; q < 4; q++) if (p !== q) { pre.push(p); post.push(q); weight.push(2); }
    const connectivity = SparseConnectivity.fromEdges(4, pre, post, weight);
    const { simulator } = composeSimulator({ n: 4, k: 3, connectivity, iext: 0.1, ...engine }, container);
    expect(() => simulator.run({ maxTimeSeconds: 1 })).toThrow(RunawayExcitationError);
  });
});

describe('composition rules', () => {
  it('the phase frame refuses a heterogeneous network, naming the time frame', () => {
    expect(() => composeSimulator({ n: 20, k: 3, eta: 0.3, frame: 'phase' }, container)).toThrow(InvalidParameterError);
    expect(() => composeSimulator({ n: 20, k: 3, eta: 0.3, frame: 'phase' }, container)).toThrow(/"time" for the heterogeneous model lif/);
    expect(composeSimulator({ n: 20, k: 3, eta: 0.3 }, container).simulator.kind).toBe('time');
  });

  it('picks exponential keys for LIF in the phase frame unless told not to', () => {
    expect(composeSimulator({ n: 20, k: 3 }, container).simulator.kind).toBe('exp-key');
    expect(composeSimulator({ n: 20, k: 3, expKeys: false }, container).simulator.kind).toBe('phase');
  });

  it('a later registration of a name overrides an earlier one', () => {
    const mine = { ...lif, description: 'my LIF' };
    const c = registerPlugins(createContainer(), lif, binaryHeap, mine);
    expect(composeSimulator({ n: 20, k: 3 }, c).plugin.description).toBe('my LIF');
  });
});

describe('the default queue of the JS engines', () => {
  it('is the calendar queue when registered, else the 32-ary heap, else the binary heap, else the first registered queue', () => {
    const pick = (...queues: Parameters<typeof registerPlugins>[1][]) =>
      composeSimulator({ n: 50, k: 5, engine: 'js' }, registerPlugins(createContainer(), lif, ...queues)).queue;
    expect(pick(binaryHeap, thirtyTwoAryHeap, calendarQueue)).toBe('calendar');
    expect(pick(binaryHeap, thirtyTwoAryHeap)).toBe('32-ary');
    expect(pick(octonaryHeap, binaryHeap)).toBe('binary');
    expect(pick(octonaryHeap)).toBe('8-ary');
    expect(composeSimulator({ n: 50, k: 5, queue: 'binary' }, registerPlugins(createContainer(), lif, binaryHeap, thirtyTwoAryHeap)).queue).toBe('binary');
    expect(composeSimulator({ n: 50, k: 5, reference: true }, container).queue).toBeUndefined();
    expect(() => composeSimulator({ n: 50, k: 5 }, registerPlugins(createContainer(), lif))).toThrow(/exp-key: no queue plugin is registered; phase: no queue plugin is registered; time: no queue plugin is registered/);
  });
});
