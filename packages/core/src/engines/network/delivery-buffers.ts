/**
 * The deliveries of one projection delay `d > 0`, first in first out. Spikes
 * are emitted in nondecreasing time, so `t + d` arrives in nondecreasing
 * order too (IEEE addition is monotone): a ring buffer keeps them sorted at
 * O(1) per push and pop. One entry per spike and projection (not per
 * synapse): the targets are generated when the entry is due.
 */
export class DelayFifo {
  private time = new Float64Array(64);
  private pre = new Int32Array(64);
  private projection = new Int32Array(64);
  private head = 0;
  private count = 0;

  constructor(
    /** The delay, seconds (> 0). */
    readonly delay: number,
  ) {}

  get size(): number {
    return this.count;
  }

  /** Arrival time of the oldest entry (+Infinity when empty). */
  headTime(): number {
    return this.count === 0 ? Infinity : this.time[this.head];
  }

  headPre(): number {
    return this.pre[this.head];
  }

  headProjection(): number {
    return this.projection[this.head];
  }

  pop(): void {
    this.head = (this.head + 1) & (this.time.length - 1);
    this.count--;
  }

  push(time: number, pre: number, projection: number): void {
    if (this.count === this.time.length) this.grow();
    const at = (this.head + this.count) & (this.time.length - 1);
    this.time[at] = time;
    this.pre[at] = pre;
    this.projection[at] = projection;
    this.count++;
  }

  /** The pending deliveries in order (copies): times, presynaptic neurons, projections (checkpoints). */
  snapshot(): { time: Float64Array; pre: Float64Array; projection: Float64Array } {
    const time = new Float64Array(this.count), pre = new Float64Array(this.count), projection = new Float64Array(this.count);
    for (let k = 0; k < this.count; k++) {
      const at = (this.head + k) & (this.time.length - 1);
      time[k] = this.time[at];
      pre[k] = this.pre[at];
      projection[k] = this.projection[at];
    }
    return { time, pre, projection };
  }

  /** Replace the pending deliveries by a {@link snapshot}. */
  restore(time: Float64Array, pre: Float64Array, projection: Float64Array): void {
    this.head = 0;
    this.count = 0;
    for (let k = 0; k < time.length; k++) this.push(time[k], pre[k], projection[k]);
  }

  private grow(): void {
    const capacity = this.time.length;
    const time = new Float64Array(capacity * 2), pre = new Int32Array(capacity * 2), projection = new Int32Array(capacity * 2);
    for (let k = 0; k < this.count; k++) {
      const at = (this.head + k) & (capacity - 1);
      time[k] = this.time[at];
      pre[k] = this.pre[at];
      projection[k] = this.projection[at];
    }
    this.time = time;
    this.pre = pre;
    this.projection = projection;
    this.head = 0;
  }
}

/**
 * Pending single-synapse deliveries `(time, target, weight)` for projections
 * with per-synapse delays: a binary min-heap on time in parallel typed arrays
 * (O(log P) per push and pop, no allocation except doubling).
 */
export class DeliveryHeap {
  private time = new Float64Array(64);
  private target = new Int32Array(64);
  private weight = new Float64Array(64);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Earliest pending time (+Infinity when empty). */
  topTime(): number {
    return this.count === 0 ? Infinity : this.time[0];
  }

  topTarget(): number {
    return this.target[0];
  }

  topWeight(): number {
    return this.weight[0];
  }

  push(time: number, target: number, weight: number): void {
    if (this.count === this.time.length) this.grow();
    const times = this.time, targets = this.target, weights = this.weight;
    let at = this.count++;
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (times[parent] <= time) break;
      times[at] = times[parent];
      targets[at] = targets[parent];
      weights[at] = weights[parent];
      at = parent;
    }
    times[at] = time;
    targets[at] = target;
    weights[at] = weight;
  }

  pop(): void {
    const last = --this.count;
    if (last === 0) return;
    const times = this.time, targets = this.target, weights = this.weight;
    const time = times[last], target = targets[last], weight = weights[last];
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= last) break;
      if (child + 1 < last && times[child + 1] < times[child]) child++;
      if (times[child] >= time) break;
      times[at] = times[child];
      targets[at] = targets[child];
      weights[at] = weights[child];
      at = child;
    }
    times[at] = time;
    targets[at] = target;
    weights[at] = weight;
  }

  /** The heap's entries in their stored order (copies; the order decides ties): times, targets, weights. */
  snapshot(): { time: Float64Array; target: Float64Array; weight: Float64Array } {
    return { time: this.time.slice(0, this.count), target: Float64Array.from(this.target.subarray(0, this.count)), weight: this.weight.slice(0, this.count) };
  }

  /** Replace the entries by a {@link snapshot}, in the same stored order. */
  restore(time: Float64Array, target: Float64Array, weight: Float64Array): void {
    while (this.time.length < time.length) this.grow();
    this.time.set(time);
    this.target.set(target);
    this.weight.set(weight);
    this.count = time.length;
  }

  private grow(): void {
    const capacity = this.time.length * 2;
    const time = new Float64Array(capacity), target = new Int32Array(capacity), weight = new Float64Array(capacity);
    time.set(this.time);
    target.set(this.target);
    weight.set(this.weight);
    this.time = time;
    this.target = target;
    this.weight = weight;
  }
}
