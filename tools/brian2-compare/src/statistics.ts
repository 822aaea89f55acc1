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


/** Mean and standard error of the mean (sample std / sqrt(count)); NaN where undefined. */
export function meanSe(values: readonly number[]): [number, number] {
  if (values.length === 0) return [NaN, NaN];
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  if (values.length < 2) return [mean, NaN];
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
  return [mean, Math.sqrt(variance / values.length)];
}

/** The population-rate spectrum and its summary, see {@link rateSpectrum}. */
export interface RateSpectrum {
  /** Frequency step, Hz; `power[k]` and `coherence[k]` are at `k × df`. */
  df: number;
  /** Welch estimate of the population count's power in shot-noise units (1 = independent Poisson neurons). */
  power: number[];
  /** The population's power over the sum of the single neurons' powers (1 = uncorrelated neurons, of any regularity); 0 below 20 Hz (not computed). */
  coherence: number[];
  /** Frequency of the largest value of `power` in [20 Hz, Nyquist), and that value (shot-noise units). */
  peakHz: number;
  peakPower: number;
  /** Frequency of the largest `coherence` in [20 Hz, Nyquist), that value, and the ratio of the summed powers over that whole band. */
  coherencePeakHz: number;
  coherencePeak: number;
  coherenceBand: number;
}

/**
 * The summary of a spectrum from its arrays: the largest `power` and the
 * largest `coherence` in [20 Hz, Nyquist) with their frequencies, and the
 * band's summed population power over its summed single-neuron power
 * (`Σ power / Σ (power / coherence)`; the normalisations cancel).
 */
export function spectrumSummary(df: number, power: readonly number[], coherence: readonly number[]): Omit<RateSpectrum, 'df' | 'power' | 'coherence'> {
  const kLow = Math.ceil(20 / df), kHigh = power.length - 2; // below the Nyquist bin
  let peakK = kLow, cohK = kLow, bandPop = 0, bandSingle = 0;
  for (let k = kLow; k <= kHigh; k++) {
    if (power[k] > power[peakK]) peakK = k;
    if (coherence[k] > coherence[cohK]) cohK = k;
    bandPop += power[k];
    bandSingle += power[k] / coherence[k];
  }
  return { peakHz: peakK * df, peakPower: power[peakK], coherencePeakHz: cohK * df, coherencePeak: coherence[cohK], coherenceBand: bandPop / bandSingle };
}

/**
 * Power spectrum of the population activity: spikes of `[from, to)` s
 * counted in bins of `bin` s, Welch's estimate (Hann-windowed segments of
 * `segment` bins, half overlapping).
 *
 * Two normalisations. `power` divides by the mean count per bin, so that
 * independent Poisson neurons give 1 at every frequency; but independent
 * *regular* neurons (low ISI CV) also give a peak at their firing rate,
 * which is no population oscillation. `coherence` divides the population's
 * power by the sum of the single neurons' powers (each neuron's own
 * windowed periodogram, same segments): it is 1 at every frequency for
 * uncorrelated neurons whatever their regularity, and grows towards N where
 * the neurons oscillate together, so its peak measures
 * synchrony (the spectral form of the synchrony measure χ², Golomb 2007,
 * computed from spikes rather than voltages). Frequencies below 20 Hz (the
 * window's own leakage and the segments' mean) are left out.
 */
export function rateSpectrum(times: Float64Array, neurons: Int32Array, from: number, to: number, bin = 0.0005, segment = 256): RateSpectrum {
  const bins = Math.floor((to - from) / bin);
  const counts = new Float64Array(bins);
  for (let s = 0; s < times.length; s++) {
    const b = Math.floor((times[s] - from) / bin);
    if (b >= 0 && b < bins) counts[b]++;
  }
  const meanCount = counts.reduce((a, b) => a + b, 0) / bins;
  const half = segment / 2, df = 1 / (segment * bin);
  const kLow = Math.ceil(20 / df);
  const window = Float64Array.from({ length: segment }, (_, k) => 0.5 - 0.5 * Math.cos((2 * Math.PI * k) / segment));
  const cos = Float64Array.from({ length: segment }, (_, k) => Math.cos((2 * Math.PI * k) / segment));
  const sin = Float64Array.from({ length: segment }, (_, k) => Math.sin((2 * Math.PI * k) / segment));
  const windowPower = window.reduce((a, w) => a + w * w, 0);
  const power = new Float64Array(half + 1), single = new Float64Array(half + 1);
  const re = new Float64Array(segment), im = new Float64Array(segment);
  const xr = new Float64Array(half + 1), xi = new Float64Array(half + 1);
  // spikes sorted by time; `first` walks forward to each segment's start
  let segments = 0, first = 0;
  for (let start = 0; start + segment <= bins; start += half) {
    let mean = 0;
    for (let k = 0; k < segment; k++) mean += counts[start + k];
    mean /= segment;
    for (let k = 0; k < segment; k++) {
      re[k] = (counts[start + k] - mean) * window[k];
      im[k] = 0;
    }
    fft(re, im);
    for (let k = 0; k <= half; k++) power[k] += (re[k] * re[k] + im[k] * im[k]) / windowPower;
    // single neurons: each one's windowed DFT from its spikes (k ≥ kLow, where its mean does not enter)
    const t0 = from + start * bin, t1 = from + (start + segment) * bin;
    while (first < times.length && times[first] < t0) first++;
    const keys: number[] = [];
    for (let s = first; s < times.length && times[s] < t1; s++) {
      const b = Math.floor((times[s] - from) / bin) - start;
      if (b >= 0 && b < segment) keys.push(neurons[s] * segment + b);
    }
    const sorted = Int32Array.from(keys).sort();
    for (let s = 0; s < sorted.length; ) {
      const neuron = Math.floor(sorted[s] / segment);
      xr.fill(0);
      xi.fill(0);
      for (; s < sorted.length && Math.floor(sorted[s] / segment) === neuron; s++) {
        const b = sorted[s] - neuron * segment, w = window[b];
        for (let k = kLow, phase = (kLow * b) % segment; k <= half; k++, phase = (phase + b) % segment) {
          xr[k] += w * cos[phase];
          xi[k] -= w * sin[phase];
        }
      }
      for (let k = kLow; k <= half; k++) single[k] += (xr[k] * xr[k] + xi[k] * xi[k]) / windowPower;
    }
    segments++;
  }
  const coherence = new Array<number>(half + 1).fill(0);
  for (let k = kLow; k <= half; k++) coherence[k] = power[k] / single[k];
  for (let k = 0; k <= half; k++) power[k] /= segments * meanCount;
  const out = { df, power: Array.from(power), coherence };
  return { ...out, ...spectrumSummary(df, out.power, coherence) };
}

/** Mean rate (Hz) of neurons `[start, end)` in consecutive bins of `bin` s over `[0, to)`. */
export function rateCourse(times: Float64Array, neurons: Int32Array, start: number, end: number, bin: number, to: number): number[] {
  const out = new Array<number>(Math.round(to / bin)).fill(0);
  for (let s = 0; s < times.length; s++) {
    const b = Math.floor(times[s] / bin);
    if (b < out.length && neurons[s] >= start && neurons[s] < end) out[b]++;
  }
  return out.map((c) => c / ((end - start) * bin));
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
