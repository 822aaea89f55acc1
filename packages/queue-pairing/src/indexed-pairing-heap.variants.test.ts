import type { EventQueue } from '@sparseprop/core';
import { IndexedDaryHeap } from '@sparseprop/queue-heap';
import { type QueueOperation, queueConformanceProperty } from '@sparseprop/testkit';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { IndexedPairingHeap } from './indexed-pairing-heap.js';

// The d-ary heaps are checked here rather than in queue-binary: testkit depends
// on queue-binary, so a devDependency back would make a workspace cycle.

const QUEUES: [string, (n: number) => EventQueue, QueueOperation['kind'][] | undefined][] = [
  ['pairing, two-pass', (n) => new IndexedPairingHeap(n, 'two-pass'), undefined],
  ['pairing, multipass', (n) => new IndexedPairingHeap(n, 'multipass'), undefined],
  ['binary heap', (n) => new IndexedDaryHeap(n, 2), undefined],
  ['4-ary heap', (n) => new IndexedDaryHeap(n, 4), undefined],
  ['8-ary heap', (n) => new IndexedDaryHeap(n, 8), undefined],
  ['16-ary heap', (n) => new IndexedDaryHeap(n, 16), undefined],
];

describe.each(QUEUES)('%s conforms to the EventQueue contract', (_name, create, kinds) => {
  it('matches the oracle on random scenarios (ties, rounding collisions under shiftAll and scaleAll, sizes 1..200)', () => {
    fc.assert(queueConformanceProperty(create, { kinds }), { numRuns: 150 });
  });

  it('matches the oracle on large queues with few distinct keys', () => {
    fc.assert(queueConformanceProperty(create, { maxSize: 2000, maxOperations: 30, kinds }), { numRuns: 10 });
  });
});
