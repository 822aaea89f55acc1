import { describe, expect, it } from 'vitest';
import { formatBytesPerNeuron, formatCount, formatMicros, formatRatio } from './bench-format.js';
import { compareSpikeHashes } from './hash-check.js';
import type { SeriesName } from './bench-results.js';
import type { RunSample } from './worker-protocol.js';

const sample = (hash: number, spikes = 100): RunSample => ({ spikes, wallNsPerSpike: 1, cpuNsPerSpike: 1, hash, sumidx: 7, rateHz: 3, lastTime: 1 });

describe('formats', () => {
  it('prints µs with 3 significant digits, ratios, counts in powers of ten', () => {
    expect(formatMicros(3412)).toBe('3.41');
    expect(formatMicros(85_210)).toBe('85.2');
    expect(formatMicros(1_234_000)).toBe('1234');
    expect(formatMicros(Number.NaN)).toBe('—');
    expect(formatRatio(1.234)).toBe('1.23×');
    expect(formatCount(200_000)).toBe('2e5');
    expect(formatCount(25_000)).toBe('2.5e4');
    expect(formatCount(2000)).toBe('2000');
    expect(formatCount(123_456)).toBe('123456');
    expect(formatBytesPerNeuron(24.25)).toBe('24.3');
    expect(formatBytesPerNeuron(undefined)).toBe('—');
  });
});

describe('compareSpikeHashes', () => {
  it('says identical when every repetition of both sides agrees', () => {
    expect(compareSpikeHashes('a vs b', [sample(5), sample(5)], [sample(5)]).status).toBe('identical');
  });

  it('reports a mismatch with both hashes', () => {
    const check = compareSpikeHashes('a vs b', [sample(5)], [sample(6)]);
    expect(check.status).toBe('mismatch');
    expect(check.detail).toContain('5 vs 6');
  });

  it('does not compare different spike counts or missing series', () => {
    expect(compareSpikeHashes('a vs b', [sample(5, 100)], [sample(5, 200)]).status).toBe('not compared');
    expect(compareSpikeHashes('a vs b', undefined, [sample(5)]).status).toBe('not compared');
  });
});

describe('formatPerSecondTable', () => {
  it('shows every series per simulated second, and Brian2 against ours with its rate', async () => {
    const { formatPerSecondTable } = await import('./bench-table.js');
    const { mediansOf } = await import('./measure-size.js');
    const n = 1e5;
    const ours = { spikes: 2e5, wallNsPerSpike: 2500, cpuNsPerSpike: 2000, hash: 1, sumidx: 2, rateHz: 3.4, lastTime: 0.59 };
    const brian2 = { ...ours, cpuNsPerSpike: 6000, wallNsPerSpike: 7000, rateHz: 3.3, hash: Number.NaN, lastTime: 0.59 };
    const runs: Partial<Record<SeriesName, RunSample[]>> = { ours: [ours], 'c-sp_lazy': [{ ...ours, cpuNsPerSpike: 1000 }], 'brian2-0.1ms': [brian2] };
    const medians = mediansOf(runs, n);
    // 2000 ns × 1e5 neurons × 3.4 Hz = 0.68 s per simulated second
    expect(medians.ours?.cpuSecondsPerSimSecond).toBeCloseTo(0.68, 12);
    const table = formatPerSecondTable(
      {
        model: 'lif', queue: 'q', frame: 'phase', expKeys: true, simulatorKind: 'exp-key',
        sizes: [
          {
            n, k: 100, spikes: 2e5, linearSpikes: 2e5, warmupSpikes: 0, runs, medians,
            ratios: { oursOverSp: Number.NaN, oursOverSpBest: Number.NaN, oursOverInlined: Number.NaN },
            brian2OverOurs: { 'brian2-0.1ms': (6000 * 3.3) / (2000 * 3.4) },
            rateChecks: { 'brian2-0.1ms': { oursHz: 3.4, theirsHz: 3.3, relative: 3.3 / 3.4 - 1, seconds: 0.59 } },
            rateHz: 3.4, memory: { engine: undefined, reference: undefined },
            checks: {
              oursVsSp: { status: 'not compared', detail: '' }, inlinedVsOurs: { status: 'not compared', detail: '' },
              referenceVsNaive: { status: 'not compared', detail: '' }, spBestVsSp: { status: 'not compared', detail: '' },
            },
          },
        ],
      },
      'cpu',
    );
    expect(table).toContain('| N | ours Hz | spikes/sim s | ours | C sp | C sp_best | C sp_lazy | Brian2 0.1 ms | Brian2 0.1 / ours | Brian2 0.1 Hz (sim s) | Brian2 0.1 µs/spike |');
    expect(table).toContain('| 1e5 | 3.400 | 3.4e5 | 0.680 | — | — | 0.340 | 1.98 | 2.91× | 3.300 (-2.9 %; 0.59 s) | 6.00 |');
  });
});
