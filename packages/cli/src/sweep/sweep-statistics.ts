import type { PopulationStatistics } from '@sparseprop/analysis/statistics';

/**
 * Per-population statistics a sweep can tabulate: the numeric fields of
 * {@link PopulationStatistics}, as `sparseprop run --json` prints them.
 * Rates in Hz, windows and bins in seconds; the rest are dimensionless.
 */
export const SWEEP_STATISTICS = [
  'meanRateHz',
  'cvIsiMean',
  'cvIsiSd',
  'fano',
  'synchronyChi',
  'spikes',
  'neurons',
  'cvNeurons',
  'fanoWindowSeconds',
  'fanoWindows',
  'synchronyBinSeconds',
] as const satisfies readonly (keyof PopulationStatistics)[];

/** One of {@link SWEEP_STATISTICS}. */
export type SweepStatistic = (typeof SWEEP_STATISTICS)[number];

/** Tabulated when SWEEP.json names none: rate, ISI CV, Fano factor and synchrony χ. */
export const DEFAULT_SWEEP_STATISTICS: readonly SweepStatistic[] = ['meanRateHz', 'cvIsiMean', 'fano', 'synchronyChi'];

/** Axis and legend text of a statistic (with its unit). */
export function statisticLabel(statistic: SweepStatistic): string {
  const labels: Record<SweepStatistic, string> = {
    meanRateHz: 'mean rate (Hz)',
    cvIsiMean: 'ISI CV (mean over neurons)',
    cvIsiSd: 'ISI CV (SD over neurons)',
    fano: 'Fano factor',
    synchronyChi: 'synchrony χ',
    spikes: 'spikes',
    neurons: 'neurons',
    cvNeurons: 'neurons with an ISI CV',
    fanoWindowSeconds: 'Fano window (s)',
    fanoWindows: 'Fano windows',
    synchronyBinSeconds: 'χ bin (s)',
  };
  return labels[statistic];
}
