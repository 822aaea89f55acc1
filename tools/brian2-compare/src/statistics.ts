/** Spike-train statistics of the comparison, the same code for both simulators. */

export interface PopulationStatistics {
  /** Mean rate over neurons, Hz, and its standard error across neurons. */
  rate: number;
  rateSe: number;
  /** Mean ISI CV over neurons with ≥ 2 intervals, and its standard error. */
  cv: number;
  cvSe: number;
  /** Neurons with ≥ 2 intervals. */
  cvNeurons: number;
}

/** Statistics of neurons `[start, end)` from spikes in `[from, to)` seconds. */
export function populationStatistics(times: Float64Array, neurons: Int32Array, start: number, end: number, from: number, to: number): PopulationStatistics {
  const n = end - start;
  const counts = new Float64Array(n), last = new Float64Array(n).fill(NaN);
  const isiSum = new Float64Array(n), isiSq = new Float64Array(n), isiCount = new Float64Array(n);
  for (let s = 0; s < times.length; s++) {
    const i = neurons[s] - start, t = times[s];
    if (i < 0 || i >= n || t < from || t >= to) continue;
    counts[i]++;
    if (!Number.isNaN(last[i])) {
      const d = t - last[i];
      isiSum[i] += d;
      isiSq[i] += d * d;
      isiCount[i]++;
    }
    last[i] = t;
  }
  const rates = Array.from(counts, (c) => c / (to - from));
  const cvs: number[] = [];
  for (let i = 0; i < n; i++) {
    if (isiCount[i] < 2) continue;
    const mean = isiSum[i] / isiCount[i];
    const variance = Math.max(0, isiSq[i] / isiCount[i] - mean * mean);
    cvs.push(Math.sqrt(variance) / mean);
  }
  const [rate, rateSe] = meanSe(rates);
  const [cv, cvSe] = meanSe(cvs);
  return { rate, rateSe, cv, cvSe, cvNeurons: cvs.length };
}

function meanSe(values: number[]): [number, number] {
  if (values.length === 0) return [NaN, NaN];
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (values.length < 2) return [mean, NaN];
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return [mean, Math.sqrt(variance / values.length)];
}

/**
 * The population rate (all neurons) binned at `bin` seconds over `[from, to)`,
 * and its power spectrum (periodogram, mean removed, radix-2 FFT on the
 * first power-of-two bins): the frequency of the largest peak above
 * `minHz`, and that peak's power over the median power (a regular
 * oscillation gives a large ratio, asynchronous activity one of order 10).
 */
export function spectrumPeak(times: Float64Array, from: number, to: number, bin: number, minHz = 20): { peakHz: number; peakOverMedian: number } {
  let bins = 1;
  while (bins * 2 * bin <= to - from) bins *= 2;
  const re = new Float64Array(bins), im = new Float64Array(bins);
  for (let s = 0; s < times.length; s++) {
    const b = Math.floor((times[s] - from) / bin);
    if (b >= 0 && b < bins) re[b]++;
  }
  const mean = re.reduce((a, b) => a + b, 0) / bins;
  for (let b = 0; b < bins; b++) re[b] -= mean;
  fft(re, im);
  const power = new Float64Array(bins / 2);
  for (let k = 1; k < bins / 2; k++) power[k] = re[k] * re[k] + im[k] * im[k];
  const df = 1 / (bins * bin);
  let best = 0, peak = 0;
  for (let k = Math.ceil(minHz / df); k < bins / 2; k++) if (power[k] > peak) { peak = power[k]; best = k; }
  const sorted = Array.from(power.subarray(Math.ceil(minHz / df))).sort((a, b) => a - b);
  const median = sorted[sorted.length >> 1];
  return { peakHz: best * df, peakOverMedian: peak / median };
}

/** In-place iterative radix-2 FFT (length a power of two). */
function fft(re: Float64Array, im: Float64Array): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      [re[i], re[j]] = [re[j], re[i]];
      [im[i], im[j]] = [im[j], im[i]];
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const angle = (-2 * Math.PI) / len;
    for (let i = 0; i < n; i += len) {
      for (let k = 0; k < len / 2; k++) {
        const wr = Math.cos(angle * k), wi = Math.sin(angle * k);
        const ar = re[i + k + len / 2], ai = im[i + k + len / 2];
        const tr = ar * wr - ai * wi, ti = ar * wi + ai * wr;
        re[i + k + len / 2] = re[i + k] - tr;
        im[i + k + len / 2] = im[i + k] - ti;
        re[i + k] += tr;
        im[i + k] += ti;
      }
    }
  }
}
