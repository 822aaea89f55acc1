import { createContainer, type EventQueue, type QueuePlugin, registerPlugins, type SpikeTrain } from '@sparseprop/core';
import { registerLif } from '@sparseprop/model-lif';
import { registerHeapQueues } from '@sparseprop/queue-heap';
import { type NetworkCase, networkCase, runCase } from '@sparseprop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexedPairingHeap, registerPairingQueue } from '@sparseprop/queue-pairing';

/** Counts the O(N) rebasing calls, to prove the properties below exercise them. */
const rebasing = { shiftAll: 0, scaleAll: 0 };

/** A pairing heap (multipass) that counts its shiftAll/scaleAll calls; otherwise the plain heap. */
class CountingPairingHeap extends IndexedPairingHeap {
  override shiftAll(delta: number): void {
    rebasing.shiftAll++;
    super.shiftAll(delta);
  }

  override scaleAll(factor: number): void {
    rebasing.scaleAll++;
    super.scaleAll(factor);
  }
}

const countingPairing: QueuePlugin = {
  kind: 'queue',
  name: 'pairing-multipass-counted',
  description: 'test only',
  create: (n): EventQueue => new CountingPairingHeap(n, 'multipass'),
};

const container = registerPlugins(registerPairingQueue(registerHeapQueues(registerLif(createContainer()))), countingPairing);
const QUEUES = ['binary', '4-ary', '8-ary', '16-ary', '32-ary', 'pairing', 'pairing-multipass-counted'];
const SPIKES = 600;

/** The first spike where two trains differ (neuron or time, bit for bit), or -1. */
function firstDifference(a: SpikeTrain, b: SpikeTrain): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  const na = a.neurons, nb = b.neurons, ta = a.times, tb = b.times;
  for (let s = 0; s < a.length; s++) if (na[s] !== nb[s] || !Object.is(ta[s], tb[s])) return s;
  return -1;
}

/** Run `c` with every queue; every train must be the binary heap's, bit for bit. */
function expectIdenticalTrains(c: NetworkCase, options: Parameters<typeof runCase>[4]): void {
  const [first, ...others] = QUEUES.map((queue) => runCase(container, 'lif', c, SPIKES, { ...options, queue }));
  expect(first.length).toBe(SPIKES);
  others.forEach((train, q) => expect(firstDifference(train, first), `${QUEUES[q + 1]} vs binary`).toBe(-1));
}

const rebaseEvery = fc.integer({ min: 1, max: 60 });

describe('every queue gives the identical LIF spike train (neurons and times bit for bit)', () => {
  it('phase frame with exponential keys (scaleAll rescaling)', () => {
    const before = rebasing.scaleAll;
    fc.assert(fc.property(networkCase({ maxN: 200 }), (c) => expectIdenticalTrains(c, { frame: 'phase' })), { numRuns: 40 });
    expect(rebasing.scaleAll).toBeGreaterThan(before);
  });

  it('phase frame with phase keys, frequent rebasing (shiftAll)', () => {
    const before = rebasing.shiftAll;
    fc.assert(
      fc.property(networkCase({ maxN: 200 }), rebaseEvery, (c, every) => expectIdenticalTrains(c, { frame: 'phase', expKeys: false, rebaseEvery: every })),
      { numRuns: 40 },
    );
    expect(rebasing.shiftAll).toBeGreaterThan(before);
  });

  it('time frame, homogeneous and heterogeneous drives, frequent rebasing', () => {
    fc.assert(
      fc.property(networkCase({ maxN: 200, heterogeneous: true }), rebaseEvery, (c, every) => expectIdenticalTrains(c, { frame: 'time', rebaseEvery: every })),
      { numRuns: 40 },
    );
  });

  it('the reference network at N = 2000, K = 100 in all three engines', () => {
    const c = { n: 2000, k: 100, j0: 1, iext: 0.1, seed: 3, eta: 0, explicit: false };
    expectIdenticalTrains(c, { frame: 'phase' });
    expectIdenticalTrains(c, { frame: 'phase', expKeys: false });
    expectIdenticalTrains({ ...c, eta: 0.4 }, { frame: 'time' });
  });
});
