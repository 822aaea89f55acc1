import type { EventQueue, QueuePlugin } from '@sparseprop/core';

/**
 * The simplest correct {@link EventQueue}: keys in an array, the minimum
 * found by a scan (O(N) per peek). It is obviously right, so conformance
 * suites use it as the neutral queue that isolates a model or an engine
 * from the queues under test, and as an oracle for queue scenarios.
 */
export class LinearScanQueue implements EventQueue {
  readonly name = 'linear-scan';
  private readonly keys: Float64Array;

  constructor(readonly size: number) {
    this.keys = new Float64Array(size);
  }

  build(keys: Float64Array): void {
    this.keys.set(keys.subarray(0, this.size));
  }

  peekIndex(): number {
    let best = 0;
    for (let i = 1; i < this.size; i++) if (this.keys[i] < this.keys[best]) best = i; // ties: the lower index stays
    return best;
  }

  peekKey(): number {
    return this.keys[this.peekIndex()];
  }

  key(i: number): number {
    return this.keys[i];
  }

  update(i: number, key: number): void {
    this.keys[i] = key;
  }

  shiftAll(delta: number): void {
    for (let i = 0; i < this.size; i++) this.keys[i] += delta;
  }

  scaleAll(factor: number): void {
    for (let i = 0; i < this.size; i++) this.keys[i] *= factor;
  }
}

/** {@link LinearScanQueue} as a queue plugin (`"linear-scan"`), for tests. */
export const linearScanQueue: QueuePlugin = {
  kind: 'queue',
  name: 'linear-scan',
  description: 'O(N) scan for the minimum: the obviously correct queue conformance suites compare against',
  create: (n) => new LinearScanQueue(n),
};
