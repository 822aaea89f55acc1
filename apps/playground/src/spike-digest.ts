/**
 * A fingerprint of a spike train (every time's 64 bits and every neuron
 * index, in order), so two long runs can be compared without moving their
 * spikes: the page computes it in the worker, the tests in Node.
 */

/** Two 32-bit FNV-1a lanes with different offsets over the words of each spike, as 16 hex digits. */
export function spikeDigest(times: Float64Array, neurons: Int32Array, count: number): string {
  const words = new Uint32Array(times.buffer, times.byteOffset, times.length * 2);
  let a = 0x811c9dc5 | 0, b = 0x01000193 ^ 0x5bd1e995;
  const mix = (word: number) => {
    a = Math.imul(a ^ word, 0x01000193);
    b = Math.imul(b ^ word, 0x01000193) ^ (b >>> 15);
  };
  for (let s = 0; s < count; s++) {
    mix(words[2 * s]);
    mix(words[2 * s + 1]);
    mix(neurons[s]);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
