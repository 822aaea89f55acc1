import { queueConformanceProperty } from '@sparseprop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LazyCalendarQueue } from './lazy-calendar-queue.js';

describe('LazyCalendarQueue conforms to the EventQueue contract', () => {
  it('matches the oracle on random scenarios (ties, rounding collisions under shiftAll and scaleAll, increase, sizes 1..200)', () => {
    fc.assert(queueConformanceProperty((n) => new LazyCalendarQueue(n)), { numRuns: 300 });
  });

  it('matches the oracle with one neuron per bucket and with very deep buckets', () => {
    fc.assert(queueConformanceProperty((n) => new LazyCalendarQueue(n, { perBucket: 0.01 })), { numRuns: 100 });
    fc.assert(queueConformanceProperty((n) => new LazyCalendarQueue(n, { perBucket: 1e6 })), { numRuns: 100 });
  });

  it('matches the oracle on large queues with few distinct keys', () => {
    fc.assert(queueConformanceProperty((n) => new LazyCalendarQueue(n), { maxSize: 2000, maxOperations: 30 }), { numRuns: 10 });
  });

  it('matches the oracle when only keys that grow are written (the lazy path alone, no tracking)', () => {
    fc.assert(queueConformanceProperty((n) => new LazyCalendarQueue(n), { kinds: ['increase', 'spike', 'shift', 'scale'] }), { numRuns: 200 });
  });
});
