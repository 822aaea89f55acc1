import { type EventQueue, InvalidParameterError, requireInteger } from '@sparseprop/core';

/**
 * Indexed d-ary min-heap on typed arrays (arity 2, 4, 8 or 16).
 *
 * - `keys` (Float64Array) is indexed by neuron, `heap` (Int32Array) maps a
 *   heap slot to its neuron and `position` (Int32Array) the reverse, so any
 *   neuron's key can be read and moved in O(log_d N): 16 bytes per neuron.
 * - Ties go to the lower neuron index (the EventQueue contract).
 * - Arity is a power of two so parent/child arithmetic is a shift.
 *
 * Hand-written rather than taken from a heap library: the engine updates K
 * keys per spike in its hot loop, which needs position-indexed decrease *and*
 * increase on flat typed arrays, no per-element objects and no comparator
 * callback; npm heaps (heap-js, @datastructures-js/priority-queue, ...) offer
 * object nodes or no indexed updates.
 */
export class IndexedDaryHeap implements EventQueue {
  readonly name: string;
  readonly size: number;
  /** Children per node. */
  readonly arity: number;
  private readonly log2Arity: number;
  private readonly keys: Float64Array;
  private readonly heap: Int32Array;
  private readonly position: Int32Array;

  /**
   * @param size number of neurons, integer in [1, 2^31 - 1]
   * @param arity children per node: 2, 4, 8 or 16
   */
  constructor(size: number, arity = 2) {
    this.size = requireInteger('n', size, 1, 2 ** 31 - 1);
    if (arity !== 2 && arity !== 4 && arity !== 8 && arity !== 16) {
      throw new InvalidParameterError('arity', arity, 'one of 2, 4, 8, 16');
    }
    this.arity = arity;
    this.log2Arity = Math.log2(arity);
    this.name = arity === 2 ? 'binary' : `${arity}-ary`;
    this.keys = new Float64Array(size);
    this.heap = new Int32Array(size);
    this.position = new Int32Array(size);
    for (let p = 0; p < size; p++) {
      this.heap[p] = p;
      this.position[p] = p;
    }
  }

  build(keys: Float64Array): void {
    if (keys.length !== this.size) throw new InvalidParameterError('keys.length', keys.length, `equal to the queue size ${this.size}`);
    this.keys.set(keys);
    for (let p = 0; p < this.size; p++) {
      this.heap[p] = p;
      this.position[p] = p;
    }
    this.heapify();
  }

  peekIndex(): number {
    return this.heap[0];
  }

  peekKey(): number {
    return this.keys[this.heap[0]];
  }

  key(i: number): number {
    return this.keys[i];
  }

  update(i: number, key: number): void {
    const old = this.keys[i];
    this.keys[i] = key;
    if (key < old) this.siftUp(this.position[i], i, key);
    else if (key > old) this.siftDown(this.position[i], i, key);
  }

  shiftAll(delta: number): void {
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) keys[i] += delta;
    // rounding can make two shifted keys equal, and the tie rule may then order them differently
    this.heapify();
  }

  /** Floyd's bottom-up construction, O(N); a no-op pass on a valid heap. */
  private heapify(): void {
    const heap = this.heap, keys = this.keys;
    for (let p = Math.floor((this.size - 2) / this.arity); p >= 0; p--) {
      const i = heap[p];
      this.siftDown(p, i, keys[i]);
    }
  }

  private siftUp(p: number, i: number, key: number): void {
    const heap = this.heap, position = this.position, keys = this.keys, shift = this.log2Arity;
    while (p > 0) {
      const q = (p - 1) >>> shift;
      const qi = heap[q];
      const qk = keys[qi];
      if (key < qk || (key === qk && i < qi)) {
        heap[p] = qi;
        position[qi] = p;
        p = q;
      } else break;
    }
    heap[p] = i;
    position[i] = p;
  }

  private siftDown(p: number, i: number, key: number): void {
    const heap = this.heap, position = this.position, keys = this.keys, shift = this.log2Arity, n = this.size;
    const arity = this.arity;
    for (;;) {
      const first = (p << shift) + 1;
      if (first >= n) break;
      let best = first;
      let bi = heap[first];
      let bk = keys[bi];
      const end = first + arity < n ? first + arity : n;
      for (let c = first + 1; c < end; c++) {
        const ci = heap[c];
        const ck = keys[ci];
        if (ck < bk || (ck === bk && ci < bi)) {
          best = c;
          bi = ci;
          bk = ck;
        }
      }
      if (bk < key || (bk === key && bi < i)) {
        heap[p] = bi;
        position[bi] = p;
        p = best;
      } else break;
    }
    heap[p] = i;
    position[i] = p;
  }
}
