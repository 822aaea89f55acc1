import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DelayFifo, DeliveryHeap } from './delivery-buffers.js';

describe('delivery buffers', () => {
  it('DelayFifo returns its entries in push order across wrap-around and growth', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 600 }), (ops) => {
        const fifo = new DelayFifo(0.001);
        const model: number[] = [];
        let next = 0;
        for (const push of ops) {
          if (push || model.length === 0) {
            fifo.push(next * 0.5, next, next % 7);
            model.push(next++);
          } else {
            const k = model.shift() as number;
            expect([fifo.headTime(), fifo.headPre(), fifo.headProjection()]).toEqual([k * 0.5, k, k % 7]);
            fifo.pop();
          }
          expect(fifo.size).toBe(model.length);
        }
        if (model.length === 0) expect(fifo.headTime()).toBe(Infinity);
      }),
    );
  });

  it('DeliveryHeap pops in time order with its target and weight', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 10, noNaN: true }), { maxLength: 400 }), (times) => {
        const heap = new DeliveryHeap();
        times.forEach((t, k) => heap.push(t, k, -t));
        const popped: number[] = [];
        while (heap.size > 0) {
          expect(heap.topWeight()).toBe(-heap.topTime());
          expect(times[heap.topTarget()]).toBe(heap.topTime());
          popped.push(heap.topTime());
          heap.pop();
        }
        expect(popped).toEqual([...times].sort((a, b) => a - b));
        expect(heap.topTime()).toBe(Infinity);
      }),
    );
  });
});
