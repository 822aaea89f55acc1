/**
 * The C anchor's order-sensitive checksums of a spike train, computed while
 * spikes stream by: `hash = hash * 31 + j` in uint32 arithmetic and
 * `sumidx = sum of j`. Equal hashes mean equal spike sequences (neuron by
 * neuron) with overwhelming probability.
 */
export class SpikeHasher {
  /** Order-sensitive uint32 hash of the neuron indices seen. */
  hash = 0;
  /** Sum of the neuron indices seen (exact below 2^53). */
  sumidx = 0;
  /** Spikes seen. */
  count = 0;
  /** Time of the last spike seen, seconds. */
  lastTime = 0;

  /**
   * A listener bound once to this hasher: pass it as `onSpike` of every run so
   * the engine's call site always sees the same function.
   */
  readonly listener = (timeSeconds: number, neuron: number): void => {
    this.hash = (Math.imul(this.hash, 31) + neuron) >>> 0;
    this.sumidx += neuron;
    this.count++;
    this.lastTime = timeSeconds;
  };

  /** Forget everything seen (before a new run from a fresh state). */
  reset(): void {
    this.hash = 0;
    this.sumidx = 0;
    this.count = 0;
    this.lastTime = 0;
  }
}
