/** mulberry32: a small seeded uniform generator in [0, 1), so statistical tests are the same every run. */
export function seededRandom(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** Independent Poisson trains of `n` neurons at `rateHz` over `[0, seconds)`, merged in time order. */
export function poissonTrains(n: number, rateHz: number, seconds: number, seed: number): { times: Float64Array; neurons: Int32Array } {
  const random = seededRandom(seed);
  const spikes: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    for (let t = -Math.log(1 - random()) / rateHz; t < seconds; t += -Math.log(1 - random()) / rateHz) spikes.push([t, i]);
  }
  spikes.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return { times: Float64Array.from(spikes, (s) => s[0]), neurons: Int32Array.from(spikes, (s) => s[1]) };
}
