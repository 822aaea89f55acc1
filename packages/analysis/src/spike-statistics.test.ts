import fc from 'fast-check';
import { mean, sampleStandardDeviation, variance } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { poissonTrains, seededRandom } from './random.test-support.js';
import { SpikeStatistics, type StatisticsOptions } from './spike-statistics.js';

function statsOf(times: ArrayLike<number>, neurons: ArrayLike<number>, options: StatisticsOptions, end?: number) {
  const s = new SpikeStatistics(options);
  for (let i = 0; i < times.length; i++) s.add(times[i], neurons[i]);
  return s.finish(end);
}

describe('spike statistics against independent mathematics', () => {
  it('independent Poisson trains: ISI CV ≈ 1, Fano ≈ 1, χ ≈ 1/√N, rate as generated', () => {
    const n = 200, rate = 20, seconds = 50;
    const { times, neurons } = poissonTrains(n, rate, seconds, 11);
    const [all] = statsOf(times, neurons, { neurons: n, fanoWindowSeconds: 0.1, synchronyBinSeconds: 0.005 }, seconds).populations;
    // rate: ~200k spikes, Poisson relative SD 1/sqrt(2e5) = 0.0022; 1% is > 4 SD
    expect(all.meanRateHz).toBeCloseTo(times.length / n / seconds, 12);
    expect(Math.abs(all.meanRateHz / rate - 1)).toBeLessThan(0.01);
    // CV of ~1000 exponential ISIs has SD ~0.03 per neuron; the mean of 200 ~0.002: 0.015 is > 5 SD
    expect(Math.abs(all.cvIsiMean - 1)).toBeLessThan(0.015);
    expect(all.cvIsiSd).toBeGreaterThan(0.01); // neurons differ by sampling noise,
    expect(all.cvIsiSd).toBeLessThan(0.06); //   of about 0.03
    // Fano over 500 windows of mean count 2: SD ~sqrt(2/500) = 0.063 per neuron, 0.0045 for the mean of 200; 0.03 is > 6 SD
    expect(Math.abs(all.fano - 1)).toBeLessThan(0.03);
    expect(all.fanoWindows).toBe(500);
    // chi^2 = Var(A)/mean Var(s_i) = 1/N for independent trains; 10000 bins give a relative SD of ~0.7% on chi; 5% bound
    expect(Math.abs(all.synchronyChi * Math.sqrt(n) - 1)).toBeLessThan(0.05);
  });

  it('regular trains: ISI CV = 0 (exactly for dyadic periods), Fano = 0 with windows of whole periods', () => {
    const n = 10, period = 2 ** -5, spikesEach = 400;
    const times: number[] = [], neurons: number[] = [];
    for (let k = 0; k < spikesEach; k++) for (let i = 0; i < n; i++) (times.push(k * period + i * 2 ** -12), neurons.push(i));
    const [all] = statsOf(times, neurons, { neurons: n, fanoWindowSeconds: 4 * period }, spikesEach * period).populations;
    expect(all.cvIsiMean).toBe(0);
    expect(all.cvIsiSd).toBe(0);
    expect(all.fano).toBe(0);
    // a period that is not a power of two: ISIs differ by rounding only (~1e-16 relative)
    const odd = statsOf(Array.from({ length: 1000 }, (_, k) => k * 0.0123), new Array(1000).fill(0), { neurons: 1 });
    expect(odd.populations[0].cvIsiMean).toBeLessThan(1e-12);
  });

  it('fully synchronous trains: χ = 1', () => {
    const random = seededRandom(3);
    const n = 50;
    const times: number[] = [], neurons: number[] = [];
    for (let t = 0; t < 20; t += -Math.log(1 - random()) / 10) for (let i = 0; i < n; i++) (times.push(t), neurons.push(i));
    const [all] = statsOf(times, neurons, { neurons: n }, 20).populations;
    expect(all.synchronyChi).toBeCloseTo(1, 12); // identical trains: Var(A) and mean Var(s_i) are the same sums
  });

  it('per neuron, CV and Fano equal simple-statistics on the explicit intervals and window counts; per population', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 11 }),
        // times on a 0.1 ms grid in [0, 2] s: ties happen; no subnormal intervals whose squares underflow
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20_000 }).map((k) => k / 10_000), fc.nat()), { maxLength: 300 }),
        fc.double({ min: 0.05, max: 0.7, noNaN: true }),
        (n, cut, raw, window) => {
          const spikes = raw.map(([t, j]) => [t, j % n] as const).sort((a, b) => a[0] - b[0]);
          const end = 2;
          const split = cut % n;
          const populations = split === 0 ? undefined : [{ name: 'E', first: 0, count: split }, { name: 'I', first: split, count: n - split }];
          const result = statsOf(spikes.map((s) => s[0]), spikes.map((s) => s[1]), { neurons: n, populations, fanoWindowSeconds: window, synchronyBinSeconds: window / 3 }, end);
          const windows = Math.floor(end / window + 1e-9);
          for (const [p, stats] of result.populations.entries()) {
            const first = populations?.[p].first ?? 0, count = populations?.[p].count ?? n;
            const cvs: number[] = [];
            const fanos: number[] = [];
            let spikesHere = 0;
            for (let i = first; i < first + count; i++) {
              const own = spikes.filter((s) => s[1] === i).map((s) => s[0]);
              spikesHere += own.length;
              const isis = own.slice(1).map((t, k) => t - own[k]);
              if (own.length >= 3 && mean(isis) > 0) {
                const cv = sampleStandardDeviation(isis) / mean(isis);
                cvs.push(cv);
                expect(result.cvIsi[i]).toBeCloseTo(cv, 9);
              } else expect(result.cvIsi[i]).toBeNaN();
              const counts = Array.from({ length: windows }, (_, w) => own.filter((t) => Math.floor(t / window) === w).length);
              if (windows >= 2 && mean(counts) > 0) fanos.push(variance(counts) / mean(counts));
            }
            expect(stats.spikes).toBe(spikesHere);
            expect(stats.meanRateHz).toBeCloseTo(spikesHere / count / end, 12);
            expect(stats.cvNeurons).toBe(cvs.length);
            if (cvs.length > 0) expect(stats.cvIsiMean).toBeCloseTo(mean(cvs), 9);
            if (fanos.length > 0) expect(stats.fano).toBeCloseTo(mean(fanos), 9);
            else expect(stats.fano).toBeNaN();
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses spikes out of time order and bad settings, naming them', () => {
    const s = new SpikeStatistics({ neurons: 3 });
    s.add(1, 0);
    expect(() => s.add(0.5, 1)).toThrow(/spike time must be ≥ 1/);
    expect(() => new SpikeStatistics({ neurons: 3, fanoWindowSeconds: 0 })).toThrow(/fanoWindowSeconds must be a finite number of seconds > 0/);
    expect(() => new SpikeStatistics({ neurons: 3, populations: [{ name: 'E', first: 0, count: 2 }] })).toThrow(/populations must be neurons in all populations = N = 3/);
  });
});

describe('spike statistics at any simulated time (no memory that grows with the time)', () => {
  it('spikes 1e150 s apart (a QIF with a drive of 1e-300) take O(1) memory and time, χ finite', () => {
    const s = new SpikeStatistics({ neurons: 2, synchronyBinSeconds: 0.005 });
    // the old per-bin activity array needed 2e152 entries here (a RangeError; 1e6 s would have been 1.6 GB)
    for (let k = 0; k < 6; k++) s.add(k * 1e150, k % 2);
    const [all] = s.finish().populations;
    expect(all.spikes).toBe(6);
    expect(Number.isFinite(all.meanRateHz)).toBe(true);
    expect(Number.isNaN(all.synchronyChi) || Number.isFinite(all.synchronyChi)).toBe(true);
  });

  it('χ from the streamed activity equals χ from every bin counted explicitly (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.double({ min: 0, max: 2, noNaN: true }), fc.integer({ min: 0, max: 4 })), { minLength: 2, maxLength: 300 }), (spikes) => {
        spikes.sort((a, b) => a[0] - b[0]);
        const bin = 0.05, n = 5, end = 2;
        const [all] = statsOf(spikes.map((x) => x[0]), spikes.map((x) => x[1]), { neurons: n, synchronyBinSeconds: bin }, end).populations;
        // explicit: the population's mean count per neuron in each whole bin, and each neuron's count variance
        const bins = Math.floor(end / bin + 1e-9);
        const counts = Array.from({ length: n }, () => new Float64Array(bins));
        for (const [t, j] of spikes) if (Math.floor(t / bin) < bins) counts[j][Math.floor(t / bin)]++;
        const activity = Array.from({ length: bins }, (_, b) => counts.reduce((sum, c) => sum + c[b], 0) / n);
        const varianceOf = (x: ArrayLike<number>) => { const m = mean(Array.from(x)); return mean(Array.from(x, (v) => (v - m) ** 2)); };
        const meanVariance = mean(counts.map(varianceOf));
        const expected = meanVariance > 0 ? Math.sqrt(varianceOf(activity) / meanVariance) : NaN;
        if (Number.isNaN(expected)) expect(all.synchronyChi).toBeNaN();
        else expect(all.synchronyChi).toBeCloseTo(expected, 9); // sums of squares vs centred sums: rounding only
      }),
      { numRuns: 100 },
    );
  });
});
