import { composeSimulator, createContainer, type EventQueue, type QueuePlugin, registerPlugins, SparseConnectivity, SpikeTrain } from '@sparseprop/core';
import { Xoroshiro128Plus } from '@sparseprop/core/plugin';
import { registerLif } from '@sparseprop/model-lif';
import { registerQif } from '@sparseprop/model-qif';
import { registerHeapQueues } from '@sparseprop/queue-heap';
import { type NetworkCase, networkCase } from '@sparseprop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LazyCalendarQueue } from './lazy-calendar-queue.js';
import { calendarQueue } from './plugins.js';

/** Counts what the properties below must exercise: rebuilds by shift and scale, and the switch to tracking. */
const seen = { shiftAll: 0, scaleAll: 0, tracking: 0, lazy: 0, fullRunsWithExcitation: 0 };

class CountingCalendar extends LazyCalendarQueue {
  override shiftAll(delta: number): void {
    seen.shiftAll++;
    super.shiftAll(delta);
  }

  override scaleAll(factor: number): void {
    seen.scaleAll++;
    super.scaleAll(factor);
  }

  override increase(i: number, key: number): void {
    seen.lazy++;
    super.increase(i, key);
  }

  override update(i: number, key: number): void {
    const before = this.tracking;
    super.update(i, key);
    if (!before && this.tracking) seen.tracking++;
  }
}

const countingCalendar: QueuePlugin = { kind: 'queue', name: 'calendar-counted', description: 'test only', create: (n): EventQueue => new CountingCalendar(n) };
const container = registerPlugins(registerHeapQueues(registerQif(registerLif(createContainer()))), calendarQueue, countingCalendar);

type Sign = 'inhibitory' | 'excitatory' | 'mixed';

/** A case: the random network, the sign of its weights, and initial phases from few levels (ties) or random. */
interface Case {
  c: NetworkCase;
  sign: Sign;
  /** Initial phases as fractions of the reset-to-threshold range; empty: the composition's random ones. */
  levels: number[];
}

const aCase = (maxN: number, heterogeneous = false): fc.Arbitrary<Case> =>
  fc.record({
    c: networkCase({ maxN, heterogeneous, explicit: false }),
    sign: fc.constantFrom<Sign>('inhibitory', 'excitatory', 'mixed'),
    levels: fc.oneof(fc.constant<number[]>([]), fc.array(fc.constantFrom<number>(0, 0.25, 0.5, 0.9), { minLength: 1, maxLength: 3 })),
  });

/**
 * An explicit network for a case: each neuron gets 0 … 2k distinct targets
 * with weights of the case's sign and magnitude up to 2 j0 / sqrt(k) (large
 * enough to kick across threshold), a tenth of them with one shared value
 * (ties between kicked neurons).
 */
function connectivityOf({ c, sign }: Case): SparseConnectivity {
  const rng = new Xoroshiro128Plus(c.seed + 104729);
  const pre: number[] = [], post: number[] = [], weight: number[] = [];
  const scale = (2 * c.j0) / Math.sqrt(c.k);
  const chosen = new Int32Array(c.n).fill(-1);
  for (let j = 0; j < c.n; j++) {
    const degree = Math.min(c.n - 1, Math.floor(rng.nextDouble() * (2 * c.k + 1)));
    for (let placed = 0; placed < degree; ) {
      let q = Math.floor(rng.nextDouble() * (c.n - 1));
      if (q >= j) q++;
      if (chosen[q] === j) continue;
      chosen[q] = j;
      const u = rng.nextDouble();
      const magnitude = u < 0.1 ? scale / 2 : scale * rng.nextDouble();
      const positive = sign === 'excitatory' || (sign === 'mixed' && rng.nextDouble() < 0.5);
      pre.push(j);
      post.push(q);
      weight.push(positive ? magnitude : -magnitude);
      placed++;
    }
  }
  return SparseConnectivity.fromEdges(c.n, pre, post, weight);
}

interface Outcome {
  train: SpikeTrain;
  error: string;
}

/** Run a case with one queue; a runaway (all-excitatory networks may explode) is part of the outcome. */
function run(model: string, k: Case, spikes: number, options: { queue: string; frame: 'phase' | 'time'; expKeys?: boolean; rebaseEvery?: number }): Outcome {
  const { c } = k;
  const base = { model, n: c.n, k: c.k, j0: c.j0, iext: c.iext, eta: c.eta, seed: c.seed, connectivity: connectivityOf(k), ...options };
  let initialPhases: Float64Array | undefined;
  if (k.levels.length > 0) {
    const m = composeSimulator(base, container).model;
    initialPhases = Float64Array.from({ length: c.n }, (_, i) => {
      const f = k.levels[i % k.levels.length];
      // QIF's reset is -Infinity: take levels of a finite stretch below threshold
      const lo = Number.isFinite(m.phiReset) ? m.phiReset : m.phiThreshold - 4;
      return lo + f * (m.phiThreshold - lo);
    });
  }
  const { simulator } = composeSimulator({ ...base, initialPhases }, container);
  const train = new SpikeTrain(spikes);
  let error = '';
  try {
    simulator.run({ maxSpikes: spikes, record: train });
  } catch (e) {
    error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  return { train, error };
}

/** The first spike where two trains differ (neuron or time, bit for bit), or -1. */
function firstDifference(a: SpikeTrain, b: SpikeTrain): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let s = 0; s < a.length; s++) if (a.neurons[s] !== b.neurons[s] || !Object.is(a.times[s], b.times[s])) return s;
  return -1;
}

const SPIKES = 400;

function expectSame(model: string, k: Case, options: { frame: 'phase' | 'time'; expKeys?: boolean; rebaseEvery?: number }): void {
  const heap = run(model, k, SPIKES, { ...options, queue: 'binary' });
  const calendar = run(model, k, SPIKES, { ...options, queue: 'calendar-counted' });
  expect(calendar.error).toBe(heap.error);
  expect(firstDifference(calendar.train, heap.train)).toBe(-1);
  if (k.sign !== 'inhibitory' && heap.error === '' && heap.train.length === SPIKES) seen.fullRunsWithExcitation++;
}

const rebaseEvery = fc.integer({ min: 1, max: 80 });

describe('the calendar queue gives the binary heap spike train bit for bit (random networks: inhibitory, excitatory, mixed; ties; kicks across threshold)', () => {
  it('LIF, phase frame with exponential keys (scaleAll rescaling)', () => {
    const before = { ...seen };
    fc.assert(fc.property(aCase(150), (k) => expectSame('lif', k, { frame: 'phase' })), { numRuns: 60 });
    expect(seen.scaleAll).toBeGreaterThan(before.scaleAll);
    expect(seen.tracking).toBeGreaterThan(before.tracking);
    expect(seen.fullRunsWithExcitation).toBeGreaterThan(before.fullRunsWithExcitation);
    expect(seen.lazy).toBeGreaterThan(before.lazy);
  });

  it('LIF, phase frame with phase keys, frequent rebasing (shiftAll)', () => {
    const before = { ...seen };
    fc.assert(fc.property(aCase(150), rebaseEvery, (k, every) => expectSame('lif', k, { frame: 'phase', expKeys: false, rebaseEvery: every })), { numRuns: 50 });
    expect(seen.shiftAll).toBeGreaterThan(before.shiftAll);
    expect(seen.tracking).toBeGreaterThan(before.tracking);
    expect(seen.fullRunsWithExcitation).toBeGreaterThan(before.fullRunsWithExcitation);
  });

  it('LIF and QIF, time frame (heterogeneous drives), frequent rebasing', () => {
    const before = { ...seen };
    fc.assert(fc.property(aCase(150, true), rebaseEvery, fc.constantFrom('lif', 'qif'), (k, every, model) => expectSame(model, k, { frame: 'time', rebaseEvery: every })), {
      numRuns: 60,
    });
    expect(seen.shiftAll).toBeGreaterThan(before.shiftAll);
    expect(seen.tracking).toBeGreaterThan(before.tracking);
    expect(seen.fullRunsWithExcitation).toBeGreaterThan(before.fullRunsWithExcitation);
  });

  it('QIF, phase frame', () => {
    fc.assert(
      fc.property(aCase(150), rebaseEvery, (k, every) => expectSame('qif', k, { frame: 'phase', rebaseEvery: every })),
      { numRuns: 40 },
    );
  });

  it('the reference network at N = 3000, K = 100 in every frame (all-inhibitory: no tracking)', () => {
    const c = { n: 3000, k: 100, j0: 1, iext: 0.1, seed: 3, eta: 0, explicit: false };
    for (const [model, options] of [
      ['lif', { frame: 'phase' }],
      ['lif', { frame: 'phase', expKeys: false }],
      ['qif', { frame: 'time' }],
    ] as const) {
      const compose = (queue: string) => composeSimulator({ model, n: c.n, k: c.k, j0: c.j0, iext: c.iext, seed: c.seed, queue, ...options }, container);
      const a = new SpikeTrain(), b = new SpikeTrain();
      compose('binary').simulator.run({ maxSpikes: 5000, record: a });
      const calendar = compose('calendar');
      calendar.simulator.run({ maxSpikes: 5000, record: b });
      expect(firstDifference(b, a), `${model} ${JSON.stringify(options)}`).toBe(-1);
    }
  });
});
