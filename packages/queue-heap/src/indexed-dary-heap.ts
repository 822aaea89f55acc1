import { type EventQueue, InvalidParameterError, requireInteger } from '@sparseprop/core/plugin';

/**
 * Indexed d-ary min-heap on typed arrays (arity 2, 4, 8, 16 or 32).
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
  /** The last slot with children, `(size - 2) >> log2Arity` (-1 for size 1). */
  private readonly lastParent: number;
  private readonly slotKeys: Float64Array;
  private readonly heap: Int32Array;
  private readonly position: Int32Array;
  /** Neurons whose NaN key is being ordered as -Infinity (allocated at the first NaN). */
  private nanMark: Uint8Array | undefined;

  /**
   * @param size number of neurons, integer in [1, 2^31 - 1]
   * @param arity children per node: 2, 4, 8, 16 or 32
   */
  constructor(size: number, arity = 2) {
    this.size = requireInteger('n', size, 1, 2 ** 31 - 1);
    if (arity !== 2 && arity !== 4 && arity !== 8 && arity !== 16 && arity !== 32) {
      throw new InvalidParameterError('arity', arity, 'one of 2, 4, 8, 16, 32');
    }
    this.arity = arity;
    this.log2Arity = Math.log2(arity);
    this.lastParent = this.size < 2 ? -1 : Math.floor((this.size - 2) / arity);
    this.name = arity === 2 ? 'binary' : `${arity}-ary`;
    this.slotKeys = new Float64Array(size);
    this.heap = new Int32Array(size);
    this.position = new Int32Array(size);
    for (let p = 0; p < size; p++) {
      this.heap[p] = p;
      this.position[p] = p;
    }
  }

  build(keys: Float64Array): void {
    if (keys.length !== this.size) throw new InvalidParameterError('keys.length', keys.length, `equal to the queue size ${this.size}`);
    this.slotKeys.set(keys);
    for (let p = 0; p < this.size; p++) {
      this.heap[p] = p;
      this.position[p] = p;
    }
    this.heapify(this.markNaNs());
  }

  peekIndex(): number {
    return this.heap[0];
  }

  peekKey(): number {
    return this.slotKeys[0];
  }

  key(i: number): number {
    return this.slotKeys[this.position[i]];
  }

  /**
   * Read the slots of `count` neurons about to be updated, all at once, so
   * their cache misses overlap instead of queueing behind each sift (what a
   * prefetch does in C). Returns a value only so the reads are not dropped.
   */
  touch(neurons: Int32Array, count: number): number {
    const position = this.position, slotKeys = this.slotKeys;
    let sum = 0;
    for (let s = 0; s < count; s++) sum += slotKeys[position[neurons[s]]];
    return sum;
  }

  update(i: number, key: number): void {
    const p = this.position[i];
    const old = this.slotKeys[p];
    if (key < old) this.siftUp(p, i, key);
    else if (key > old) this.siftDown(p, i, key);
    else this.sameOrNaN(p, i, key);
  }

  /** `update` where neither `<` nor `>` held: an equal key, or a NaN (out of line, so `update` stays small). */
  private sameOrNaN(p: number, i: number, key: number): void {
    const old = this.slotKeys[p];
    if (key === old) this.slotKeys[p] = key; // equal, but keep the new bits (-0 versus 0)
    else if (key !== key) this.raiseNaN(p, i);
    else {
      // a NaN replaced by a number: other NaNs may sit below it, where no comparison sees them; reorder all
      this.slotKeys[p] = key;
      this.heapify(this.markNaNs());
    }
  }

  shiftAll(delta: number): void {
    const slotKeys = this.slotKeys;
    let nans = 0;
    for (let p = 0; p < slotKeys.length; p++) {
      const key = slotKeys[p] + delta;
      slotKeys[p] = key;
      if (key !== key) nans++;
    }
    // rounding can make two shifted keys equal, and the tie rule may then order them differently
    this.heapify(nans > 0 ? this.markNaNs() : 0);
  }

  scaleAll(factor: number): void {
    const slotKeys = this.slotKeys;
    let nans = 0;
    for (let p = 0; p < slotKeys.length; p++) {
      const key = slotKeys[p] * factor;
      slotKeys[p] = key;
      if (key !== key) nans++;
    }
    // even a power of two rounds keys together when products under- or overflow: restore the tie rule
    this.heapify(nans > 0 ? this.markNaNs() : 0);
  }

  /**
   * Floyd's bottom-up construction, O(N); a no-op pass on a valid heap.
   * `nans` keys were marked by {@link markNaNs} (as -Infinity): they are
   * ordered first and then written back as NaN.
   */
  private heapify(nans: number): void {
    const heap = this.heap, slotKeys = this.slotKeys;
    for (let p = Math.floor((this.size - 2) / this.arity); p >= 0; p--) this.siftDown(p, heap[p], slotKeys[p]);
    if (nans === 0) return;
    // the marked keys went to the top (ties to the lower index) and sit above every number: NaN again
    const nanMark = this.nanMark!; // allocated by markNaNs
    for (let p = 0, left = nans; left > 0; p++) {
      if (nanMark[heap[p]] === 1) {
        slotKeys[p] = NaN;
        nanMark[heap[p]] = 0;
        left--;
      }
    }
  }

  /**
   * A NaN key (a model whose numbers turned non-finite: outside every
   * contract) ranks first, so the engine sees it at its next pop and stops
   * with an error instead of running on with a neuron that never fires.
   * Marks every NaN key as -Infinity for {@link heapify}; returns how many.
   */
  private markNaNs(): number {
    const slotKeys = this.slotKeys, heap = this.heap;
    let nans = 0;
    for (let p = 0; p < slotKeys.length; p++) {
      if (slotKeys[p] !== slotKeys[p]) {
        this.nanMark ??= new Uint8Array(this.size);
        this.nanMark[heap[p]] = 1;
        slotKeys[p] = -Infinity;
        nans++;
      }
    }
    return nans;
  }

  /** Neuron `i` at slot `p` got a NaN key: move it to the root, as a key of -Infinity would go. */
  private raiseNaN(p: number, i: number): void {
    this.siftUp(p, i, -Infinity);
    this.slotKeys[this.position[i]] = NaN;
  }

  private siftUp(p: number, i: number, key: number): void {
    const heap = this.heap, position = this.position, slotKeys = this.slotKeys, shift = this.log2Arity;
    while (p > 0) {
      const q = (p - 1) >>> shift;
      const qk = slotKeys[q];
      if (key < qk || (key === qk && i < heap[q])) {
        const qi = heap[q];
        slotKeys[p] = qk;
        heap[p] = qi;
        position[qi] = p;
        p = q;
      } else break;
    }
    slotKeys[p] = key;
    heap[p] = i;
    position[i] = p;
  }

  private siftDown(p: number, i: number, key: number): void {
    const heap = this.heap, position = this.position, slotKeys = this.slotKeys, shift = this.log2Arity, n = this.size, lastParent = this.lastParent;
    const arity = this.arity;
    const start = p;
    for (;;) {
      // a leaf: compare before shifting, as p << shift overflows int32 for large p (p > 2^26 at arity 32)
      if (p > lastParent) break;
      const first = (p << shift) + 1;
      let best = first;
      let bk = slotKeys[first];
      const end = first + arity < n ? first + arity : n;
      for (let c = first + 1; c < end; c++) {
        const ck = slotKeys[c];
        if (ck < bk || (ck === bk && heap[c] < heap[best])) {
          best = c;
          bk = ck;
        }
      }
      if (bk < key || (bk === key && heap[best] < i)) {
        const bi = heap[best];
        slotKeys[p] = bk;
        heap[p] = bi;
        position[bi] = p;
        p = best;
      } else break;
    }
    slotKeys[p] = key;
    if (p !== start) {
      heap[p] = i;
      position[i] = p;
    }
  }
}
