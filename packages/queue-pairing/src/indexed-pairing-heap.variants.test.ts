import type { EventQueue } from '@sparseprop/core';
import { type QueueOperation, queueConformanceProperty } from '@sparseprop/testkit';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { IndexedPairingHeap } from './indexed-pairing-heap.js';

// Both meld variants against the oracle (the registered plugin, two-pass, also
// runs the whole suite in plugins.test.ts).
const QUEUES: [string, (n: number) => EventQueue, QueueOperation['kind'][] | undefined][] = [
  ['pairing, two-pass', (n) => new IndexedPairingHeap(n, 'two-pass'), undefined],
  ['pairing, multipass', (n) => new IndexedPairingHeap(n, 'multipass'), undefined],
];

describe.each(QUEUES)('%s conforms to the EventQueue contract', (_name, create, kinds) => {
  it('matches the oracle on random scenarios (ties, rounding collisions under shiftAll and scaleAll, sizes 1..200)', () => {
    fc.assert(queueConformanceProperty(create, { kinds }), { numRuns: 150 });
  });

  it('matches the oracle on large queues with few distinct keys', () => {
    fc.assert(queueConformanceProperty(create, { maxSize: 2000, maxOperations: 30, kinds }), { numRuns: 10 });
  });
});
