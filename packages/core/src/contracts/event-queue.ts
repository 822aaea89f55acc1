/**
 * An indexed min-priority queue over all N neurons `0 … N-1`.
 *
 * Every neuron is always in the queue: its key can be read and moved up or
 * down at any time. The phase-frame engine stores negated phases (so the
 * neuron closest to threshold is the minimum); the time-frame engine stores
 * next spike times.
 *
 * **Tie rule** (every implementation): among equal keys the lower neuron index
 * is the minimum. Swapping queue implementations therefore never changes a
 * spike train.
 */
export interface EventQueue {
  /** Registry name of the implementation, e.g. `"binary"`. */
  readonly name: string;
  /** Number of neurons (fixed at construction). */
  readonly size: number;
  /** Replace every key by `keys[i]` (length `size`) and restore the queue order in O(N). */
  build(keys: Float64Array): void;
  /**
   * Optional: `build` without a caller's copy of the keys. `write` receives
   * the queue's own array of `size` keys by neuron (contents unspecified)
   * and must set every entry; the queue then restores its order in O(N), as
   * `build` with those keys. Lets an engine set up N keys with no N-sized
   * temporary (8 bytes per neuron less at peak). If `write` throws, the
   * queue is left with unspecified keys and must be built again.
   */
  buildInPlace?(write: (keys: Float64Array) => void): void;
  /** Neuron with the smallest key (ties: lowest index). O(1). */
  peekIndex(): number;
  /** The smallest key. O(1). */
  peekKey(): number;
  /** Current key of neuron `i`. */
  key(i: number): number;
  /** Set the key of neuron `i`, up or down. */
  update(i: number, key: number): void;
  /**
   * Optional: set the key of neuron `i` to a `key` that is **not smaller**
   * than its current key (`key >= key(i)`): an input that can only delay the
   * neuron's next event, such as an inhibitory kick. A lazy queue may then
   * just record the key and repair its order when the neuron comes up (the
   * stored position stays a valid lower bound); an eager queue may treat it as
   * {@link EventQueue.update}. After the call `key(i)` is `key` and
   * `peekIndex`/`peekKey` follow the tie rule, exactly as after `update`.
   *
   * A `key` that did not grow is not an error: every implementation must
   * handle it as `update` (one comparison), so a caller that gets the
   * direction wrong costs speed, never exactness. Engines call it where the
   * new key is `>=` the key they just read, and `update` otherwise.
   */
  increase?(i: number, key: number): void;
  /**
   * Add `delta` to every key (rebasing of a global shift or clock), O(N).
   * Order is restored even where rounding makes two shifted keys equal.
   */
  shiftAll(delta: number): void;
  /**
   * Optional hint: the keys of `neurons[0 .. count)` are read and updated
   * next. An implementation may touch their memory now so the cache misses
   * overlap. Must not change the queue. Returns any number (so the reads
   * cannot be optimised away).
   */
  touch?(neurons: Int32Array, count: number): number;
  /**
   * Multiply every key by `factor` > 0, O(N) (rescaling of exponential keys).
   * With a power of two, as the engines use, every product is exact and the
   * order is unchanged.
   */
  scaleAll(factor: number): void;
}
