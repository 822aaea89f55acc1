import { type EventQueue, InvalidParameterError, requireInteger } from '@sparseprop/core/plugin';

/** Int32 slots per bucket chunk: `[count, next chunk, 14 neuron ids]` (64 bytes). */
const CHUNK = 16;
const CHUNK_IDS = CHUNK - 2;
/** Neurons per block when a rebuild places them (its bucket numbers: 32 KiB). */
const BLOCK = 4096;
/** Fewest window slots (two bitmap words). */
const MIN_SLOTS = 64;

/** Tuning of a {@link LazyCalendarQueue}. */
export interface LazyCalendarOptions {
  /**
   * Neurons per bucket the resolution aims at when it is chosen (at `build`,
   * `shiftAll`, `scaleAll` and when the queue retunes itself), > 0. Fewer
   * means more buckets to open, more means a larger near heap. Default 64.
   */
  readonly perBucket?: number;
}

/**
 * The lazy calendar queue: an exact indexed min-queue that takes an
 * increased key without moving anything.
 *
 * An input that only delays a neuron's event (an inhibitory kick) leaves the
 * neuron's recorded position a valid *lower bound* of its true key: `increase`
 * (and `update` with a key that grew) just writes the key, and the queue
 * repairs an entry only when it comes up. That removes the per-input heap
 * work that makes every eager heap memory-latency bound.
 *
 * Structure (every neuron is in exactly one place, plus stale duplicates in
 * the tracking mode below):
 * - `keys[i]` (Float64Array): the true key of neuron `i`.
 * - Buckets: a circular window of slots, each a list of 64-byte chunks of 14
 *   neuron ids from one pool. The bucket of a key is a monotone function of
 *   its bits: the high word of `key + offset` mapped to an unsigned order
 *   (sign flipped for positive numbers, all bits for negative ones, so every
 *   double, ±0 and ±Infinity included, has a place), shifted right by a
 *   resolution. `offset` is 0 for keys far from 0 relative to their spread
 *   (exponential keys: buckets of equal ratio) and a power of two above the
 *   spread otherwise (phase and time keys, which cross or start at 0: buckets
 *   of nearly equal width). A neuron in bucket `b` has `bucket(key) >= b`.
 *   A neuron beyond the window goes to an overflow list whose floor (the
 *   first bucket beyond the window when it was pushed) bounds all of it; the
 *   overflow is redistributed before the window reaches that floor, the
 *   window restarting at the smallest bucket present (so keys far apart,
 *   ±Infinity included, cost one pass, not a walk through empty windows).
 * - A small near heap (4-ary, on typed arrays) of the neurons of the current
 *   bucket `bc` and below, keyed by lower bounds of their true keys, ties to
 *   the lower index.
 *
 * The minimum: while the near heap's top is stale (stored key below the true
 * one) it is sifted down with its true key, or moved to its bucket if that is
 * beyond `bc`; an empty near heap opens the next occupied bucket (found in a
 * bitmap) and re-buckets or heaps its entries. A valid top is the minimum with
 * the tie rule: every other heap entry's true key is at least its stored key,
 * which follows the top's, and every bucketed neuron's key lies in a later
 * bucket, hence is strictly larger.
 *
 * A key that falls (excitation) moves at once. The first one switches the
 * queue to a tracking mode (one O(N) rebuild) that records where each neuron
 * sits (`loc`, 4 bytes per neuron: a bucket slot or a near-heap position): a
 * neuron whose new bucket precedes its entry's is pushed to that bucket or to
 * the near heap, leaving a stale entry that is dropped when its bucket opens;
 * more than N stale entries trigger a rebuild, so memory stays O(N).
 *
 * `shiftAll` and `scaleAll` apply to the keys and rebuild (O(N), as a heap's
 * heapify), choosing offset and resolution from the new keys; the queue also
 * rebuilds itself when re-bucketing since the last rebuild exceeds both 8 N
 * and 256 per minimum returned (a resolution that no longer fits the keys).
 *
 * Memory: 8 B per neuron of keys, about 4.6–7 B of bucket chunks, under
 * 1 B of window slots, 4 B more in the tracking mode (see the README).
 */
export class LazyCalendarQueue implements EventQueue {
  readonly name = 'calendar';
  readonly size: number;
  private readonly perBucket: number;
  private readonly keys: Float64Array;
  /** Tracking mode only: >= 0 the bucket slot of the neuron's entry, < 0 `-1 - p` for near-heap position p. */
  private loc: Int32Array | undefined = undefined;
  private stale = 0;
  /** Re-bucketing work, and minima returned, since the last rebuild. */
  private work = 0;
  private pops = 0;
  /** After `build`, one more tuning at this many minima, to see how the keys move (0: none pending). */
  private retuneAt = 0;
  /** Keys written but not yet bucketed (a new queue, or a `buildInPlace` whose writer threw): the next minimum rebuilds first. */
  private dirty = true;

  // near heap (4-ary min-heap of stored keys, ties to the lower id)
  private hk: Float64Array;
  private hid: Int32Array;
  private hsz = 0;

  // buckets
  private pool: Int32Array;
  private poolTop = 0;
  private poolFree = -1;
  /** Times the pool outgrew its reservation and was copied (0 unless `reserve`'s bound is wrong). */
  private poolCopies = 0;
  private head: Int32Array;
  private occupied: Int32Array;
  private slots = 0;
  private mask = 0;
  /** The current bucket (absolute number); the window is `bc + 1 … bc + slots - 1`. */
  private bc = 0;
  /** Every entry of the overflow list (slot `slots`) lies in this bucket or later. */
  private overflowFloor = Infinity;
  private offset = 0;
  private resolution = 0;

  /** The 0 % and 90 % quantiles of the keys at the last tuning. */
  private readonly lastSpread = new Float64Array(2);
  /** Keeps the prefetching reads of `openNext` alive. */
  touchSink = 0;
  /** Bucket numbers of a block of neurons while a rebuild places them. */
  private readonly blockBuckets = new Float64Array(BLOCK);
  private readonly scratch = new Float64Array(1);
  private readonly scratchWords = new Int32Array(this.scratch.buffer);

  /**
   * @param size number of neurons, integer in [1, 2^31 - 1]
   * @param options tuning ({@link LazyCalendarOptions})
   */
  constructor(size: number, options: LazyCalendarOptions = {}) {
    this.size = requireInteger('n', size, 1, 2 ** 31 - 1);
    const perBucket = options.perBucket ?? 64;
    if (!(perBucket > 0 && perBucket < Infinity)) throw new InvalidParameterError('perBucket', perBucket, 'a finite number > 0');
    this.perBucket = perBucket;
    // every key 0, bucketed on first use: a queue that is built next never touches a page of its pool twice
    this.keys = new Float64Array(size);
    this.hk = new Float64Array(64);
    this.hid = new Int32Array(64);
    this.pool = new Int32Array(0); // reserved by the first rebuild, for its worst case (see reserve)
    this.head = new Int32Array(0);
    this.occupied = new Int32Array(0);
  }

  build(keys: Float64Array): void {
    if (keys.length !== this.size) throw new InvalidParameterError('keys.length', keys.length, `equal to the queue size ${this.size}`);
    this.keys.set(keys);
    this.built();
  }

  /** `build` in the queue's own key array: no N-sized copy (the set-up of a billion neurons needs no 8 GB more). */
  buildInPlace(write: (keys: Float64Array) => void): void {
    this.dirty = true; // until the writer returns, the keys match no structure
    this.hsz = 0; // so the next minimum sees it (settle checks `dirty` only with an empty near heap)
    write(this.keys);
    this.built();
  }

  /** After new keys: rebuild, and schedule the one retuning that sees how they move. */
  private built(): void {
    this.lastSpread.fill(0);
    this.rebuild();
    this.retuneAt = Math.max(64, this.size >>> 4);
  }

  peekIndex(): number {
    this.settle();
    return this.hid[0];
  }

  peekKey(): number {
    this.settle();
    return this.keys[this.hid[0]];
  }

  key(i: number): number {
    return this.keys[i];
  }

  /** Read the keys of neurons about to be updated, all at once, so their cache misses overlap. */
  touch(neurons: Int32Array, count: number): number {
    const keys = this.keys;
    let sum = 0;
    for (let s = 0; s < count; s++) sum += keys[neurons[s]];
    return sum;
  }

  update(i: number, key: number): void {
    const keys = this.keys;
    const old = keys[i];
    keys[i] = key;
    if (key < old) this.lowered(i, key);
    else if (key !== key) this.surfaceNaN(i);
    // a key that grew (or stayed): the recorded position is still a lower bound
  }

  /** The key grew: recorded and nothing else (a key that fell is moved, as by `update`). */
  increase(i: number, key: number): void {
    const keys = this.keys;
    const old = keys[i];
    keys[i] = key;
    if (key < old) this.lowered(i, key);
    else if (key !== key) this.surfaceNaN(i);
  }

  shiftAll(delta: number): void {
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) keys[i] += delta;
    this.rebuild();
  }

  scaleAll(factor: number): void {
    const keys = this.keys;
    for (let i = 0; i < keys.length; i++) keys[i] *= factor;
    this.rebuild();
  }

  /** Bytes held now: keys, bucket pool and slots, near heap, and the tracking array if any. */
  memoryBytes(): number {
    return this.keys.byteLength + this.pool.byteLength + this.head.byteLength + this.occupied.byteLength + this.hk.byteLength + this.hid.byteLength + (this.loc?.byteLength ?? 0);
  }

  /** Whether a falling key has switched the queue to tracking positions (4 B per neuron more). */
  get tracking(): boolean {
    return this.loc !== undefined;
  }

  // ---------------------------------------------------------------- buckets

  /** Monotone bucket number of a key, an integer in [0, 2^32). */
  private bucketOf(key: number): number {
    this.scratch[0] = key + this.offset; // + also turns -0 into +0 (same bucket as 0)
    const hi = this.scratchWords[1];
    return (hi < 0 ? ~hi : hi | 0x80000000) >>> this.resolution;
  }

  private allocChunk(): number {
    let c = this.poolFree;
    if (c >= 0) {
      this.poolFree = this.pool[c * CHUNK + 1];
      return c;
    }
    c = this.poolTop++;
    if (this.poolTop * CHUNK > this.pool.length) {
      // never taken while `reserve` bounds the worst case (tested); kept so a wrong bound costs a copy, not a crash
      this.poolCopies++;
      const grown = new Int32Array(Math.ceil(this.pool.length * 1.5) + 64 * CHUNK);
      grown.set(this.pool);
      this.pool = grown;
    }
    return c;
  }

  /**
   * Put neuron `i` in bucket `b` (> bc): a window slot, or the overflow list
   * when `b` lies beyond the window (its floor is then at most `b`).
   */
  private push(b: number, i: number): void {
    let slot: number;
    const end = this.bc + this.slots; // first bucket beyond the window
    if (b < end) slot = b & this.mask;
    else {
      slot = this.slots; // the overflow list
      if (end < this.overflowFloor) this.overflowFloor = end;
    }
    let h = this.head[slot];
    if (h < 0 || this.pool[h * CHUNK] === CHUNK_IDS) {
      const c = this.allocChunk();
      const pool = this.pool;
      pool[c * CHUNK] = 0;
      pool[c * CHUNK + 1] = h;
      if (h < 0 && slot !== this.slots) this.occupied[slot >>> 5] |= 1 << (slot & 31);
      this.head[slot] = h = c;
    }
    const pool = this.pool;
    const base = h * CHUNK;
    pool[base + 2 + pool[base]++] = i;
    if (this.loc !== undefined) this.loc[i] = slot;
  }

  /** The first occupied bucket in `start … start + span - 1` (absolute numbers, span <= slots), or -1. */
  private firstOccupied(start: number, span: number): number {
    const occupied = this.occupied, mask = this.mask;
    let pos = start & mask;
    let word = occupied[pos >>> 5] >>> (pos & 31);
    let d = 0;
    if (word === 0) {
      d = 32 - (pos & 31);
      pos = (pos + d) & mask;
      while (d < span) {
        word = occupied[pos >>> 5];
        if (word !== 0) break;
        d += 32;
        pos = (pos + 32) & mask;
      }
      if (word === 0) return -1;
    }
    d += 31 - Math.clz32(word & -word);
    return d < span ? start + d : -1;
  }

  /** Detach the list of `slot` (a window slot or the overflow) and return its first chunk. */
  private detach(slot: number): number {
    const h = this.head[slot];
    this.head[slot] = -1;
    if (slot !== this.slots) this.occupied[slot >>> 5] &= ~(1 << (slot & 31));
    return h;
  }

  /** Return a detached chunk to the pool; its successor. */
  private release(h: number): number {
    const pool = this.pool;
    const next = pool[h * CHUNK + 1];
    pool[h * CHUNK + 1] = this.poolFree;
    this.poolFree = h;
    return next;
  }

  /**
   * Open the next occupied bucket: each entry is re-bucketed (key beyond it)
   * or goes to the near heap. Before the window reaches the overflow's floor
   * (or when the window is empty) the overflow is redistributed first,
   * restarting the window at the smallest bucket present.
   */
  private openNext(): void {
    const keys = this.keys, loc = this.loc, over = this.slots;
    let b = this.firstOccupied(this.bc + 1, this.slots - 1);
    if (this.head[over] >= 0 && (b < 0 || b >= this.overflowFloor)) {
      let h = this.detach(over);
      this.overflowFloor = Infinity;
      let min = b < 0 ? Infinity : b;
      for (let c = h; c >= 0; c = this.pool[c * CHUNK + 1]) {
        const base = c * CHUNK, count = this.pool[base];
        for (let q = 0; q < count; q++) {
          const i = this.pool[base + 2 + q];
          if (loc !== undefined && loc[i] !== over) continue;
          const kb = this.bucketOf(keys[i]);
          if (kb < min) min = kb;
        }
      }
      // every entry anywhere lies in bucket `min` or later: the window may restart there
      if (min < Infinity && min - 1 > this.bc) this.bc = min - 1;
      while (h >= 0) {
        const base = h * CHUNK, count = this.pool[base];
        for (let q = 0; q < count; q++) {
          const i = this.pool[base + 2 + q]; // re-read: a push may have grown the pool
          if (loc !== undefined && loc[i] !== over) {
            this.stale--;
            continue;
          }
          this.push(this.bucketOf(keys[i]), i);
          this.work++;
        }
        h = this.release(h);
      }
      b = this.firstOccupied(this.bc + 1, this.slots - 1);
    }
    if (b < 0) throw new Error('LazyCalendarQueue: no neuron left in the buckets (internal invariant broken)');
    this.bc = b;
    const slot = b & this.mask;
    let h = this.detach(slot); // pushes below go to later buckets, never to this list
    // read the list's keys first, in a tight loop, so their cache misses overlap (a prefetch)
    let sink = 0;
    for (let c = h; c >= 0; c = this.pool[c * CHUNK + 1]) {
      const base = c * CHUNK, count = this.pool[base];
      for (let q = 0; q < count; q++) sink += keys[this.pool[base + 2 + q]];
    }
    this.touchSink += sink;
    while (h >= 0) {
      const base = h * CHUNK, count = this.pool[base];
      for (let q = 0; q < count; q++) {
        const i = this.pool[base + 2 + q]; // re-read: a push may have grown the pool
        if (loc !== undefined && loc[i] !== slot) {
          this.stale--; // the neuron moved since this entry was written
          continue;
        }
        const key = keys[i];
        const kb = this.bucketOf(key);
        if (kb > b) {
          this.push(kb, i);
          this.work++;
        } else {
          this.heapPush(i, key);
        }
      }
      h = this.release(h);
    }
  }

  /** Make the near heap's top the true minimum (ties to the lower index). */
  private settle(): void {
    const keys = this.keys;
    for (;;) {
      if (this.hsz === 0) {
        // keys not bucketed yet (a new queue, a writer that threw) leave the near heap empty: checked only here
        if (this.dirty) this.rebuild();
        else this.openNext();
        continue;
      }
      const i = this.hid[0];
      const key = keys[i];
      // a NaN key (outside the contract: a model whose numbers turned non-finite) is returned as it is, never looped on
      if (key === this.hk[0] || key !== key) {
        if (++this.pops !== this.retuneAt) return; // counts peeks too: a bound on the minima returned
        this.retuneAt = 0;
        this.rebuild(); // the keys have moved since build: now the mapping can follow how
        continue;
      }
      // stale: the key grew since the entry was written
      const b = this.bucketOf(key);
      if (b > this.bc) {
        this.heapPopTop();
        this.push(b, i);
        // re-bucketing far beyond its usual tens per minimum: a resolution that no longer fits the keys
        if (++this.work > 8 * this.size + 1024 && this.work > 256 * this.pops) this.rebuild();
      } else {
        this.siftDown(0, i, key);
      }
    }
  }

  /**
   * Neuron `i` got a NaN key (a model whose numbers turned non-finite:
   * outside every contract). It goes to the near heap with the stored key
   * -Infinity, so the next minimum returns it (as `settle` returns a NaN key
   * as it is) and the engine stops with an error instead of running on with a
   * neuron that never fires. {@link rebuild} does the same for every NaN key.
   */
  private surfaceNaN(i: number): void {
    if (this.dirty) return; // nothing is bucketed yet: the rebuild puts NaN keys first
    const loc = this.loc;
    if (loc === undefined) {
      this.loc = new Int32Array(this.size);
      this.rebuild(); // records every position; the NaN goes to the near heap's top
      return;
    }
    const l = loc[i];
    if (l < 0) {
      this.siftUp(-1 - l, i, -Infinity);
      return;
    }
    this.heapPush(i, -Infinity); // the bucket entry is now stale
    if (++this.stale > this.size) this.rebuild();
  }

  /** Neuron `i`'s key fell to `key`: move it now if its entry is no longer a lower bound. */
  private lowered(i: number, key: number): void {
    if (this.dirty) return; // nothing is bucketed yet: the next minimum rebuilds from the keys
    const loc = this.loc;
    if (loc === undefined) {
      this.loc = new Int32Array(this.size);
      this.rebuild(); // records every position (the key is already written)
      return;
    }
    const l = loc[i];
    if (l < 0) {
      const p = -1 - l;
      if (key < this.hk[p]) this.siftUp(p, i, key);
      return;
    }
    // the entry's bucket: a window slot's, or the overflow's floor (a lower bound of every overflow entry)
    const entry = l === this.slots ? this.overflowFloor : this.bc + ((l - this.bc) & this.mask);
    const b = this.bucketOf(key);
    if (b >= entry) return;
    if (b <= this.bc) this.heapPush(i, key);
    else this.push(b, i);
    if (++this.stale > this.size) this.rebuild();
  }

  // ------------------------------------------------------------- near heap

  private heapPush(i: number, key: number): void {
    if (this.hsz === this.hk.length) {
      const hk = new Float64Array(this.hk.length * 2), hid = new Int32Array(this.hk.length * 2);
      hk.set(this.hk);
      hid.set(this.hid);
      this.hk = hk;
      this.hid = hid;
    }
    this.siftUp(this.hsz++, i, key);
  }

  private heapPopTop(): void {
    const last = --this.hsz;
    if (last > 0) this.siftDown(0, this.hid[last], this.hk[last]);
  }

  private siftUp(p: number, i: number, key: number): void {
    const hk = this.hk, hid = this.hid, loc = this.loc;
    while (p > 0) {
      const q = (p - 1) >>> 2;
      const qk = hk[q];
      if (key < qk || (key === qk && i < hid[q])) {
        hk[p] = qk;
        hid[p] = hid[q];
        if (loc !== undefined) loc[hid[p]] = -1 - p;
        p = q;
      } else break;
    }
    hk[p] = key;
    hid[p] = i;
    if (loc !== undefined) loc[i] = -1 - p;
  }

  private siftDown(p: number, i: number, key: number): void {
    const hk = this.hk, hid = this.hid, loc = this.loc, n = this.hsz;
    for (;;) {
      const first = 4 * p + 1;
      if (first >= n) break;
      let best = first;
      let bk = hk[first];
      const end = first + 4 < n ? first + 4 : n;
      for (let c = first + 1; c < end; c++) {
        const ck = hk[c];
        if (ck < bk || (ck === bk && hid[c] < hid[best])) {
          best = c;
          bk = ck;
        }
      }
      if (bk < key || (bk === key && hid[best] < i)) {
        hk[p] = bk;
        hid[p] = hid[best];
        if (loc !== undefined) loc[hid[p]] = -1 - p;
        p = best;
      } else break;
    }
    hk[p] = key;
    hid[p] = i;
    if (loc !== undefined) loc[i] = -1 - p;
  }

  // --------------------------------------------------------------- rebuild

  /**
   * Choose offset, resolution and window from the keys, then put every
   * neuron in its bucket. O(N).
   */
  private rebuild(): void {
    this.tune();
    this.reserve();
    this.dirty = false;
    this.hsz = 0;
    this.poolTop = 0;
    this.poolFree = -1;
    this.stale = 0;
    this.work = 0;
    this.pops = 0;
    this.retuneAt = 0;
    this.head.fill(-1);
    this.occupied.fill(0);
    this.overflowFloor = Infinity;
    const keys = this.keys, n = this.size;
    let min = Infinity;
    for (let i = 0; i < n; i++) {
      const key = keys[i];
      const b = this.bucketOf(key);
      if (b < min && key === key) min = b;
    }
    this.bc = min - 1;
    // in blocks: first the bucket numbers, then a pass that reads each target list's head chunk
    // (independent loads whose cache misses overlap, a prefetch), then the pushes, which find
    // those lines in cache; one push after another would wait for two misses each (N = 1e9: 3x)
    const block = this.blockBuckets, head = this.head, end = this.bc + this.slots, mask = this.mask;
    let sink = 0;
    for (let start = 0; start < n; start += BLOCK) {
      const count = Math.min(BLOCK, n - start);
      for (let q = 0; q < count; q++) block[q] = this.bucketOf(keys[start + q]);
      const pool = this.pool;
      for (let q = 0; q < count; q++) {
        const h = head[block[q] < end ? block[q] & mask : this.slots];
        if (h >= 0) sink += pool[h * CHUNK];
      }
      for (let q = 0; q < count; q++) {
        const i = start + q, key = keys[i];
        if (key === key) this.push(block[q], i);
        else this.heapPush(i, -Infinity); // a NaN key comes first (see surfaceNaN)
      }
    }
    this.touchSink += sink;
  }

  /**
   * Reserve the bucket pool for its worst case, so it never grows by copying
   * (at N = 1e9 a copy would hold two pools at once). Every neuron has one
   * bucket entry, plus at most N stale ones in the tracking mode (a rebuild
   * comes first), and each list wastes at most one partly filled chunk:
   * `2 ceil(N / 14) + slots + 2` chunks, plus the chunk being emptied while
   * a bucket opens. Only chunks ever used are written: the pages beyond stay
   * unmapped (typed arrays are zero-filled lazily by the OS), so resident
   * memory is what the buckets hold, about 4.6–5.5 bytes per neuron.
   */
  private reserve(): void {
    const chunks = 2 * Math.ceil(this.size / CHUNK_IDS) + this.slots + 64;
    if (this.pool.length < chunks * CHUNK) this.pool = new Int32Array(chunks * CHUNK); // the old pool's content is discarded by the rebuild
  }

  /**
   * Offset and resolution from a sample of the keys. Two mappings compete:
   * the bits of the key itself (buckets of equal ratio: right for
   * exponential keys, whose bulk spans tens of binades) and the bits of
   * `key + 2^e` with `2^e` above the keys' spread and magnitude (buckets of
   * nearly equal width: right for phase and time keys, which cross or start
   * at 0). The one whose middle decile is widest relative to its 0–90 %
   * range (the more uniform occupancy) wins. Buckets are then about
   * `perBucket` neurons deep in the middle decile, and the window covers
   * the 0–90 % range (at most about N/4 slots).
   */
  private tune(): void {
    const keys = this.keys, n = this.size;
    const samples = Math.min(n, 2048);
    const stride = n / samples;
    const sample = new Float64Array(samples);
    let count = 0;
    for (let s = 0; s < samples; s++) {
      const k = keys[Math.floor(s * stride)];
      if (Number.isFinite(k)) sample[count++] = k;
    }
    const finite = sample.subarray(0, count).sort();
    this.offset = 0;
    this.resolution = 0;
    let spanWords = 2 ** 20; // one binade: the guess when the keys tell nothing
    let decileWords = spanWords / 9;
    if (count > 0) {
      const at = (f: number): number => finite[Math.floor(f * (count - 1))];
      const lo = at(0), q45 = at(0.45), q55 = at(0.55), hi = at(0.9);
      const spread = hi - lo;
      const scale = Math.max(spread, Math.abs(lo), Number.MIN_VALUE);
      const exponent = Math.ceil(Math.log2(scale)) + 1;
      let candidates = exponent < 1023 && spread < Infinity ? [0, 2 ** exponent] : [0];
      // how the keys moved since the last tuning tells which mapping stays right as they move on:
      // a spread kept in ratio (keys multiplied, as exponential keys grow) wants buckets of equal ratio,
      // a spread kept in width (keys translated, as phase and time keys advance) buckets of equal width
      const last = this.lastSpread;
      // keys at or below 0 cross 0 as they advance, where buckets of equal ratio become infinitely fine: widths
      if (lo <= 0 && candidates.length === 2) candidates = [candidates[1]];
      else if (last[0] > 0 && lo > 0 && hi > lo && last[1] > last[0] && candidates.length === 2) {
        const widthChange = Math.abs(Math.log((hi - lo) / (last[1] - last[0])));
        const ratioChange = Math.abs(Math.log(Math.log(hi / lo) / Math.log(last[1] / last[0])));
        candidates = ratioChange < widthChange ? [0] : [candidates[1]];
      }
      last[0] = lo;
      last[1] = hi;
      let best = Infinity;
      for (const offset of candidates) {
        this.offset = offset;
        const words = this.bucketOf(hi) - this.bucketOf(lo), decile = this.bucketOf(q55) - this.bucketOf(q45);
        const score = words === 0 ? 1 : decile === 0 ? Infinity : words / decile;
        if (score < best) {
          best = score;
          spanWords = Math.max(words, 1);
          decileWords = Math.max(decile, 1);
        }
      }
      this.offset = candidates[0];
      for (const offset of candidates) {
        this.offset = offset;
        const words = this.bucketOf(hi) - this.bucketOf(lo), decile = this.bucketOf(q55) - this.bucketOf(q45);
        if ((words === 0 ? 1 : decile === 0 ? Infinity : words / decile) === best) break;
      }
      if (spanWords <= 1 && decileWords <= 1) {
        spanWords = 2 ** 20;
        decileWords = spanWords / 9;
      }
    }
    // the middle decile holds n/10 neurons: buckets perBucket deep there
    const perDecile = Math.max(1, (0.1 * n) / this.perBucket);
    this.resolution = Math.min(31, Math.max(0, Math.round(Math.log2(decileWords / perDecile))));
    const spanBuckets = Math.ceil(spanWords / 2 ** this.resolution);
    const slots = Math.max(MIN_SLOTS, Math.min(2 ** Math.ceil(Math.log2(1.25 * spanBuckets + 2)), 2 ** Math.ceil(Math.log2(n / 4))));
    if (slots !== this.slots) {
      this.slots = slots;
      this.mask = slots - 1;
      this.head = new Int32Array(slots + 1); // + the overflow list
      this.occupied = new Int32Array(slots >>> 5);
    }
  }
}
