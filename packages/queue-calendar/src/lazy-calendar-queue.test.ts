import { checkQueueScenario, queueConformanceProperty, queueScenario } from '@sparseprop/testkit';
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

/** How often the queue's bucket pool outgrew its reservation and was copied (private). */
const poolCopies = (queue: LazyCalendarQueue): number => (queue as unknown as { poolCopies: number }).poolCopies;

describe('LazyCalendarQueue memory', () => {
  it('reserves its bucket pool for the worst case: never copied, excitation (tracking) and deep buckets included', () => {
    for (const perBucket of [64, 0.01, 1e6]) {
      fc.assert(
        fc.property(queueScenario({ maxSize: 400, maxOperations: 80 }), (scenario) => {
          const queues: LazyCalendarQueue[] = [];
          checkQueueScenario((n) => {
            const queue = new LazyCalendarQueue(n, { perBucket });
            queues.push(queue);
            return queue;
          }, scenario);
          expect(poolCopies(queues[0])).toBe(0);
        }),
        { numRuns: 60 },
      );
    }
  });

  it('is a valid queue before any build (every key 0) and after a writer that threw', () => {
    const queue = new LazyCalendarQueue(10);
    expect(queue.peekIndex()).toBe(0);
    expect(queue.peekKey()).toBe(0);
    queue.update(7, -1);
    expect(queue.peekIndex()).toBe(7);
    expect(() =>
      queue.buildInPlace((keys) => {
        keys.fill(5);
        throw new Error('writer failed');
      }),
    ).toThrow('writer failed');
    queue.buildInPlace((keys) => keys.set([9, 8, 7, 6, 5, 4, 3, 2, 1, 3]));
    expect(queue.peekIndex()).toBe(8);
    expect(queue.key(9)).toBe(3);
    queue.increase(8, 10);
    expect(queue.peekIndex()).toBe(7); // 2 at neuron 7; 3 ties at 6 and 9 come after
  });
});
