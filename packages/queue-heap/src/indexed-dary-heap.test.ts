import { createContainer, InvalidParameterError, registeredQueues } from '@sparseprop/core';
import { describe, expect, it } from 'vitest';
import { IndexedDaryHeap } from './indexed-dary-heap.js';
import { binaryHeap, octonaryHeap, quaternaryHeap, registerHeapQueues } from './plugins.js';

// The model-based conformance property (testkit's queueConformanceProperty)
// runs on every arity in packages/queue-pairing/src/queue-conformance.test.ts:
// testkit depends on this package, so importing it here would be a cycle.

const ARITIES = [2, 4, 8, 16, 32] as const;

describe.each(ARITIES)('IndexedDaryHeap, arity %i', (arity) => {
  const create = (n: number) => new IndexedDaryHeap(n, arity);

  it('breaks ties by the lower index after a shift rounds distinct keys together', () => {
    // near 5 the spacing is 2^-50: 1 + 2^-52 and 1 + 2^-51 both round to 5 after + 4, as 1 does
    const heap = create(3);
    heap.build(Float64Array.from([1 + 2 ** -52, 1 + 2 ** -51, 1]));
    expect(heap.peekIndex()).toBe(2);
    heap.shiftAll(4);
    expect([heap.key(0), heap.key(1), heap.key(2)]).toEqual([5, 5, 5]);
    expect(heap.peekIndex()).toBe(0);
    expect(heap.peekKey()).toBe(5);
  });

  it('restores the order after scaleAll by an inexact factor', () => {
    const heap = create(3);
    heap.build(Float64Array.from([1 + 2 ** -52, 1 + 2 ** -51, 1]));
    heap.scaleAll(1e-310); // not a power of two: all three products round to one subnormal
    expect(heap.key(0)).toBe(heap.key(2));
    expect(heap.peekIndex()).toBe(0);
  });

  // a power of two, yet products that underflow to subnormals (or overflow) round together
  it('keeps the tie rule when scaleAll underflows distinct keys to one subnormal', () => {
    const heap = create(2);
    heap.build(Float64Array.from([1 + 2 ** -52, 1]));
    expect(heap.peekIndex()).toBe(1);
    heap.scaleAll(2 ** -1074); // a power of two, yet both products round to 2^-1074
    expect(heap.key(0)).toBe(heap.key(1));
    expect(heap.peekIndex()).toBe(0);
  });

  it('touch reads the slots of the given neurons and changes nothing', () => {
    for (const arity of ARITIES) {
      const heap = new IndexedDaryHeap(50, arity);
      const keys = Float64Array.from({ length: 50 }, (_, i) => ((i * 37) % 50) - 20.5);
      heap.build(keys);
      const neurons = Int32Array.from([3, 49, 0, 17, 17]);
      // the sum of the touched keys: proof that it read them, and a value the optimiser must keep
      expect(heap.touch(neurons, 4)).toBe(keys[3] + keys[49] + keys[0] + keys[17]);
      for (let i = 0; i < 50; i++) expect(heap.key(i)).toBe(keys[i]);
      expect(heap.peekIndex()).toBe(keys.indexOf(Math.min(...keys)));
    }
  });

  it('moves keys up and down and keeps the minimum', () => {
    const heap = create(6);
    heap.build(Float64Array.from([5, 3, 4, 1, 2, 6]));
    expect(heap.peekIndex()).toBe(3);
    heap.update(3, 10); // the root goes down
    expect(heap.peekIndex()).toBe(4);
    heap.update(5, -1); // a leaf comes up
    expect([heap.peekIndex(), heap.peekKey()]).toEqual([5, -1]);
    heap.update(5, 2); // ties with neuron 4: the lower index wins
    expect(heap.peekIndex()).toBe(4);
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

  it('rejects arities other than 2, 4, 8, 16, 32', () => {
    for (const bad of [0, 1, 3, 5, 64, 2.5]) expect(() => new IndexedDaryHeap(10, bad)).toThrow(InvalidParameterError);
  });

  it('rejects build keys of the wrong length', () => {
    expect(() => new IndexedDaryHeap(3).build(new Float64Array(4))).toThrow(InvalidParameterError);
  });

  it('defaults to arity 2 and names itself after its arity', () => {
    expect(new IndexedDaryHeap(3).arity).toBe(2);
    expect(ARITIES.map((a) => new IndexedDaryHeap(3, a).name)).toEqual(['binary', '4-ary', '8-ary', '16-ary', '32-ary']);
  });
});

describe('heap plugins', () => {
  it('register binary, 4-ary and 8-ary queues of the requested size and arity', () => {
    const plugins = registeredQueues(registerHeapQueues(createContainer()));
    expect(plugins.map((p) => p.name)).toEqual(['binary', '4-ary', '8-ary', '16-ary', '32-ary']);
    for (const [plugin, arity] of [[binaryHeap, 2], [quaternaryHeap, 4], [octonaryHeap, 8]] as const) {
      const queue = plugin.create(9);
      expect(queue).toBeInstanceOf(IndexedDaryHeap);
      expect((queue as IndexedDaryHeap).arity).toBe(arity);
      expect(queue.size).toBe(9);
    }
  });
});
