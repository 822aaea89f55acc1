/**
 * How many spikes a measurement needs: enough that a repetition lasts long
 * enough to time (≥ 2e5 spikes at the sizes where a spike costs a few µs),
 * few enough that a sweep up to N = 1e6 ends in minutes.
 */

/** Default timed spikes per repetition of an O(K log N) method at size `n`. */
export function defaultTimedSpikes(n: number): number {
  return n <= 1_000_000 ? 200_000 : 100_000;
}

/** Default warm-up spikes per child process (JIT tiers settle within a few thousand spikes). */
export function defaultWarmupSpikes(timedSpikes: number): number {
  return Math.min(50_000, timedSpikes);
}

/**
 * Default spikes per repetition of an O(N)-per-spike method at size `n`:
 * about 2e9 neuron visits (a second or two), at least 2000 spikes and never
 * more than the timed spikes of the fast methods.
 */
export function defaultLinearSpikes(n: number, timedSpikes: number): number {
  return Math.min(timedSpikes, Math.max(2000, Math.round(2e9 / n)));
}
