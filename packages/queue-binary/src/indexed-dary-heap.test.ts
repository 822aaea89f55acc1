import { createContainer, InvalidParameterError, registeredQueues } from '@sparseprop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
// by path, not by package: testkit depends on this package, so a devDependency back would be a workspace cycle
import { checkQueueScenario, queueConformanceProperty } from '../../testkit/src/queue-conformance.js';
import { IndexedDaryHeap } from './indexed-dary-heap.js';
import { binaryHeap, octonaryHeap, quaternaryHeap, registerHeapQueues } from './plugins.js';

const ARITIES = [2, 4, 8, 16] as const;

describe.each(ARITIES)('IndexedDaryHeap, arity %i, conforms to the EventQueue contract', (arity) => {
  const create = (n: number) => new IndexedDaryHeap(n, arity);

  it('matches the oracle on random scenarios (ties, rounding collisions under shiftAll and scaleAll, sizes 1..200)', () => {
    fc.assert(queueConformanceProperty(create), { numRuns: 150 });
  });

  it('matches the oracle on large queues with few distinct keys', () => {
    fc.assert(queueConformanceProperty(create, { maxSize: 2000, maxOperations: 30 }), { numRuns: 10 });
  });

  it('breaks ties by the lower index after a shift rounds distinct keys together', () => {
    // near 5 the spacing is 2^-50: 1 + 2^-52 and 1 + 2^-51 both round to 5 after + 4, as 1 does
    const keys = [1 + 2 ** -52, 1 + 2 ** -51, 1];
    checkQueueScenario(create, { size: 3, initial: keys, operations: [{ kind: 'shift', delta: 4 }] });
    const heap = create(3);
    heap.build(Float64Array.from(keys));
    expect(heap.peekIndex()).toBe(2);
    heap.shiftAll(4);
    expect(heap.key(1)).toBe(5);
    expect(heap.peekIndex()).toBe(0);
    expect(heap.peekKey()).toBe(5);
  });

  it('a fresh queue holds every key 0, minimum neuron 0', () => {
    const heap = create(5);
    expect(heap.peekIndex()).toBe(0);
    expect(heap.peekKey()).toBe(0);
    heap.update(0, 1);
    expect(heap.peekIndex()).toBe(1);
  });
});

describe('IndexedDaryHeap construction', () => {
  it('rejects sizes outside [1, 2^31 - 1]', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 31]) expect(() => new IndexedDaryHeap(bad)).toThrow(InvalidParameterError);
  });

  it('rejects arities other than 2, 4, 8, 16', () => {
    for (const bad of [0, 1, 3, 5, 32, 2.5]) expect(() => new IndexedDaryHeap(10, bad)).toThrow(InvalidParameterError);
  });

  it('rejects build keys of the wrong length', () => {
    expect(() => new IndexedDaryHeap(3).build(new Float64Array(4))).toThrow(InvalidParameterError);
  });

  it('defaults to arity 2 and names itself after its arity', () => {
    expect(new IndexedDaryHeap(3).arity).toBe(2);
    expect(ARITIES.map((a) => new IndexedDaryHeap(3, a).name)).toEqual(['binary', '4-ary', '8-ary', '16-ary']);
  });
});

describe('heap plugins', () => {
  it('register binary, 4-ary and 8-ary queues of the requested size and arity', () => {
    const plugins = registeredQueues(registerHeapQueues(createContainer()));
    expect(plugins.map((p) => p.name)).toEqual(['binary', '4-ary', '8-ary']);
    for (const [plugin, arity] of [[binaryHeap, 2], [quaternaryHeap, 4], [octonaryHeap, 8]] as const) {
      const queue = plugin.create(9);
      expect(queue).toBeInstanceOf(IndexedDaryHeap);
      expect((queue as IndexedDaryHeap).arity).toBe(arity);
      expect(queue.size).toBe(9);
    }
  });
});
