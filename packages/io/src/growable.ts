/** A Float64Array that grows by doubling (amortised O(1) append). */
export class GrowableFloat64 {
  private buffer: Float64Array;
  length = 0;
  constructor(capacity = 1024) {
    this.buffer = new Float64Array(Math.max(16, capacity));
  }
  push(value: number): void {
    if (this.length === this.buffer.length) {
      const next = new Float64Array(this.buffer.length * 2);
      next.set(this.buffer);
      this.buffer = next;
    }
    this.buffer[this.length++] = value;
  }
  /** The values as an exactly sized array (a copy only when the capacity is larger). */
  toArray(): Float64Array {
    return this.length === this.buffer.length ? this.buffer : this.buffer.slice(0, this.length);
  }
}
