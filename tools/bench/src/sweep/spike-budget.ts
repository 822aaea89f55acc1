/**
 * How many spikes a measurement needs: enough that a repetition lasts long
 * enough to time (≥ 2e5 spikes at the sizes where a spike costs a few µs),
 * and, at large N, that a good share of the neurons spike at least once
 * (the first spikes come from the neurons that start nearest threshold);
 * few enough that the default sweep up to N = 1e6 ends in minutes.
 */

/** Default timed spikes per repetition of an O(K log N) method at size `n`: N/2, within [2e5, 1e6]. */
export function defaultTimedSpikes(n: number): number {
  return Math.min(1_000_000, Math.max(200_000, Math.round(n / 2)));
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
