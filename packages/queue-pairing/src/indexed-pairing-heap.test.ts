import { createContainer, InvalidParameterError, registeredQueues } from '@sparseprop/core';
import { checkQueueScenario } from '@sparseprop/testkit';
import { describe, expect, it } from 'vitest';
import { IndexedPairingHeap, type PairingStrategy } from './indexed-pairing-heap.js';
import { pairingHeap, registerPairingQueue } from './plugins.js';

const STRATEGIES: PairingStrategy[] = ['two-pass', 'multipass'];

describe.each(STRATEGIES)('IndexedPairingHeap (%s)', (strategy) => {
  const create = (n: number) => new IndexedPairingHeap(n, strategy);

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

  it('keeps the tie rule when scaleAll underflows distinct keys to one subnormal', () => {
    const heap = create(2);
    heap.build(Float64Array.from([1 + 2 ** -52, 1]));
    expect(heap.peekIndex()).toBe(1);
    heap.scaleAll(2 ** -1074); // a power of two, yet both products round to 2^-1074
    expect(heap.key(0)).toBe(heap.key(1));
    expect(heap.peekIndex()).toBe(0);
  });

  it('a fresh queue holds every key 0, minimum neuron 0', () => {
    const heap = create(5);
    expect(heap.peekIndex()).toBe(0);
    expect(heap.peekKey()).toBe(0);
    heap.update(0, 1);
    expect(heap.peekIndex()).toBe(1);
  });
});

describe('IndexedPairingHeap construction', () => {
  it('rejects sizes outside [1, 2^31 - 1] and unknown strategies', () => {
    for (const bad of [0, -1, 1.5, Number.NaN, 2 ** 31]) expect(() => new IndexedPairingHeap(bad)).toThrow(InvalidParameterError);
    expect(() => new IndexedPairingHeap(4, 'three-pass' as PairingStrategy)).toThrow(InvalidParameterError);
  });

  it('rejects build keys of the wrong length', () => {
    expect(() => new IndexedPairingHeap(3).build(new Float64Array(2))).toThrow(InvalidParameterError);
  });

  it('defaults to two-pass pairing and names itself "pairing"', () => {
    const heap = new IndexedPairingHeap(3);
    expect(heap.strategy).toBe('two-pass');
    expect(heap.name).toBe('pairing');
    expect(heap.size).toBe(3);
  });
});

describe('pairing plugin', () => {
  it('registers under "pairing" and creates a pairing heap of the requested size', () => {
    const plugins = registeredQueues(registerPairingQueue(createContainer()));
    expect(plugins.map((p) => p.name)).toEqual(['pairing']);
    const queue = plugins[0].create(7);
    expect(queue).toBeInstanceOf(IndexedPairingHeap);
    expect(queue.size).toBe(7);
    expect(pairingHeap.kind).toBe('queue');
  });
});
