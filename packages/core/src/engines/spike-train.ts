/**
 * Spikes in emission order: times in seconds and neuron indices, in growable
 * typed arrays (amortised O(1) per spike, no allocation between doublings).
 *
 * @example
 * ```ts
 * const spikes = new SpikeTrain();
 * simulator.run({ maxSpikes: 1000, record: spikes }); // any Simulator from composeSimulator
 * spikes.length;     // 1000
 * spikes.times[0];   // first spike time, seconds
 * spikes.neurons[0]; // the neuron that fired it, 0 ≤ index < N
 * ```
 */
export class SpikeTrain {
  private timeBuffer: Float64Array;
  private neuronBuffer: Int32Array;
  private count = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(16, Math.floor(initialCapacity));
    this.timeBuffer = new Float64Array(capacity);
    this.neuronBuffer = new Int32Array(capacity);
  }

  /** Number of spikes held. */
  get length(): number {
    return this.count;
  }

  /** Append one spike (time in seconds, neuron index). */
  push(timeSeconds: number, neuron: number): void {
    if (this.count === this.timeBuffer.length) this.grow();
    this.timeBuffer[this.count] = timeSeconds;
    this.neuronBuffer[this.count] = neuron;
    this.count++;
  }

  /** Spike times in seconds (a view of length {@link length}, shares memory). */
  get times(): Float64Array {
    return this.timeBuffer.subarray(0, this.count);
  }

  /** Spiking neuron indices (a view of length {@link length}, shares memory). */
  get neurons(): Int32Array {
    return this.neuronBuffer.subarray(0, this.count);
  }

  /** Remove every spike, keeping the capacity. */
  clear(): void {
    this.count = 0;
  }

  private grow(): void {
    const times = new Float64Array(this.timeBuffer.length * 2);
    times.set(this.timeBuffer);
    const neurons = new Int32Array(this.neuronBuffer.length * 2);
    neurons.set(this.neuronBuffer);
    this.timeBuffer = times;
    this.neuronBuffer = neurons;
  }
}
