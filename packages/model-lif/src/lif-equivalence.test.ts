import { createContainer } from '@sparseprop/core';
import { registerHeapQueues } from '@sparseprop/queue-heap';
import { compareSpikeTrains, EquivalenceTally, networkCase, runCase } from '@sparseprop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { registerLif } from './plugin.js';

const container = registerHeapQueues(registerLif(createContainer()));
const SPIKES = 1000;

// Tolerance on spike times: the engines and the reference round differently
// (psi + Phi versus phases advanced one step at a time, Phi/omega versus a
// sum of dt). Each step adds a few ulps relative to the O(1..10) phases and
// times; inhibitory LIF dynamics contract perturbations (dPtc/dphi < 1), so
// errors do not grow: even a worst-case linear sum over 1000 spikes is
// 1000 * 10 * 2.2e-16 ≈ 2e-12 relative. 1e-9 of max(1 s, t) leaves margin
// for the 1/omega factors of weak drives without hiding a wrong spike.
const TIME_TOLERANCE = 1e-9;

// Strong inhibition with weak drive synchronises neurons exactly; two neurons
// reaching threshold at the same instant are then ordered by rounding, and
// if one inhibits the other the trains part there (see compareSpikeTrains).
// Such a parting is accepted only at a tie, and most runs must still match
// over the whole train.
const MIN_FULL_FRACTION = 0.6;

describe('LIF: SparseProp equals the O(N) reference spike for spike', () => {
  it('the reference network parameters at N = 2000 match for 5000 spikes without any tie', () => {
    const c = { n: 2000, k: 100, j0: 1, iext: 0.1, seed: 1, eta: 0, explicit: false };
    const cmp = compareSpikeTrains(runCase(container, 'lif', c, 5000), runCase(container, 'lif', c, 5000, { reference: true }));
    expect(cmp.identicalPrefix).toBe(5000);
    expect(cmp.reorderedGroups).toBe(0);
    expect(cmp.maxRelativeTimeError).toBeLessThan(TIME_TOLERANCE);
  });

  it('phase frame (phase keys or exponential keys), random inhibitory networks', () => {
    const tally = new EquivalenceTally();
    fc.assert(
      fc.property(networkCase({ maxN: 300 }), fc.boolean(), (c, expKeys) => {
        const reference = runCase(container, 'lif', c, SPIKES, { reference: true });
        const engine = runCase(container, 'lif', c, SPIKES, { frame: 'phase', expKeys });
        const cmp = compareSpikeTrains(engine, reference);
        expect(cmp.compared).toBe(SPIKES);
        expect(tally.accept(cmp), JSON.stringify(cmp)).toBe(true);
        expect(cmp.maxRelativeTimeError).toBeLessThan(TIME_TOLERANCE);
      }),
      { numRuns: 60 },
    );
    expect(tally.fullFraction).toBeGreaterThanOrEqual(MIN_FULL_FRACTION);
  });

  it('time frame, homogeneous and heterogeneous drives', () => {
    const tally = new EquivalenceTally();
    fc.assert(
      fc.property(networkCase({ maxN: 300, heterogeneous: true }), (c) => {
        const reference = runCase(container, 'lif', c, SPIKES, { reference: true });
        const engine = runCase(container, 'lif', c, SPIKES, { frame: 'time' });
        const cmp = compareSpikeTrains(engine, reference);
        expect(tally.accept(cmp), JSON.stringify(cmp)).toBe(true);
        expect(cmp.maxRelativeTimeError).toBeLessThan(TIME_TOLERANCE);
      }),
      { numRuns: 60 },
    );
    expect(tally.fullFraction).toBeGreaterThanOrEqual(MIN_FULL_FRACTION);
  });

  it('time frame equals phase frame on homogeneous networks', () => {
    const tally = new EquivalenceTally();
    fc.assert(
      fc.property(networkCase({ maxN: 300 }), (c) => {
        const phase = runCase(container, 'lif', c, SPIKES, { frame: 'phase' });
        const time = runCase(container, 'lif', c, SPIKES, { frame: 'time' });
        const cmp = compareSpikeTrains(phase, time);
        expect(tally.accept(cmp), JSON.stringify(cmp)).toBe(true);
        expect(cmp.maxRelativeTimeError).toBeLessThan(TIME_TOLERANCE);
      }),
      { numRuns: 40 },
    );
    expect(tally.fullFraction).toBeGreaterThanOrEqual(MIN_FULL_FRACTION);
  });

  it('exponential keys and phase keys give the same spike train', () => {
    const tally = new EquivalenceTally();
    fc.assert(
      fc.property(networkCase({ maxN: 300 }), (c) => {
        const phase = runCase(container, 'lif', c, SPIKES, { frame: 'phase', expKeys: false });
        const exp = runCase(container, 'lif', c, SPIKES, { frame: 'phase', expKeys: true });
        const cmp = compareSpikeTrains(phase, exp);
        expect(tally.accept(cmp), JSON.stringify(cmp)).toBe(true);
        expect(cmp.maxRelativeTimeError).toBeLessThan(TIME_TOLERANCE);
      }),
      { numRuns: 30 },
    );
    expect(tally.fullFraction).toBeGreaterThanOrEqual(MIN_FULL_FRACTION);
  });

  it('exponential keys survive many 2^-256 rescalings (long runs of small networks)', () => {
    // 5000 spikes of 4 neurons span ~900 membrane time constants: the global
    // factor exp(t) passes 2^256 (t ≈ 177) five times
    const c = { n: 4, k: 2, j0: 0.3, iext: 0.1, seed: 3, eta: 0, explicit: false };
    const phase = runCase(container, 'lif', c, 5000, { frame: 'phase', expKeys: false });
    const exp = runCase(container, 'lif', c, 5000, { frame: 'phase', expKeys: true });
    expect(exp.times[4999] / 0.01).toBeGreaterThan(5 * 177);
    const cmp = compareSpikeTrains(phase, exp);
    expect(cmp.identicalPrefix).toBe(5000);
    expect(cmp.maxRelativeTimeError).toBeLessThan(TIME_TOLERANCE);
  });

  it('frequent forced rebasing leaves the spike train unchanged', () => {
    const tally = new EquivalenceTally();
    fc.assert(
      fc.property(networkCase({ maxN: 200 }), fc.integer({ min: 1, max: 50 }), fc.constantFrom<'phase' | 'time'>('phase', 'time'), (c, every, frame) => {
        const plain = runCase(container, 'lif', c, SPIKES, { frame, expKeys: false, rebaseEvery: 1e9 });
        const rebased = runCase(container, 'lif', c, SPIKES, { frame, expKeys: false, rebaseEvery: every });
        const cmp = compareSpikeTrains(plain, rebased);
        expect(tally.accept(cmp), JSON.stringify(cmp)).toBe(true);
        expect(cmp.maxRelativeTimeError).toBeLessThan(TIME_TOLERANCE);
      }),
      { numRuns: 40 },
    );
    expect(tally.fullFraction).toBeGreaterThanOrEqual(MIN_FULL_FRACTION);
  });

  it('the same seed gives the same spikes twice, bit for bit', () => {
    fc.assert(
      fc.property(networkCase({ maxN: 200 }), (c) => {
        const a = runCase(container, 'lif', c, 500);
        const b = runCase(container, 'lif', c, 500);
        expect(Array.from(a.neurons)).toEqual(Array.from(b.neurons));
        expect(Array.from(a.times)).toEqual(Array.from(b.times));
      }),
      { numRuns: 20 },
    );
  });
});
