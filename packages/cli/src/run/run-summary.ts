import type { PopulationStatistics } from '@sparseprop/analysis/statistics';
import type { RunSummary, Simulator } from '@sparseprop/core';

/** The result of `sparseprop run`, as printed (and, with `--json`, exactly these keys). */
export interface CliRunSummary {
  /** Number of neurons. */
  neurons: number;
  /** Spikes emitted. */
  spikes: number;
  /** Simulated time covered by the run, seconds. */
  simulatedSeconds: number;
  /** Mean rate per neuron: spikes / simulated time / neurons, Hz (0 when no time passed). */
  rateHz: number;
  /** Wall-clock time of the simulation loop, seconds. */
  wallSeconds: number;
  /** Wall-clock nanoseconds per spike (0 without spikes). */
  nsPerSpike: number;
  /**
   * Per population: mean rate, ISI CV mean and SD, Fano factor (window
   * stated), synchrony χ (bin stated); absent for networks above
   * `STATISTICS_MAX_NEURONS`. NaN (no qualifying neuron) prints as `null` in JSON.
   */
  populations?: readonly PopulationStatistics[];
}

/** How the run was made, for the header line of the human summary. */
export interface RunDescription {
  model: string;
  /** The simulator's kind: `phase`, `exp` (phase frame, exponential keys), `time` (SparseProp) or `reference` (O(N)). */
  algorithm: Simulator['kind'];
  /** Queue name (unused by the reference simulator and by engine plugins, which bring their own). */
  queue: string;
  /** `js`, an engine plugin's name (e.g. `wasm`), or `reference`. Default `js`. */
  engine?: string;
  /** Where the connectivity came from: a file, or the procedural network. */
  network: string;
}

/** The CLI's view of an engine's {@link RunSummary}. */
export function toCliSummary(summary: RunSummary): CliRunSummary {
  const simulatedSeconds = summary.endSeconds - summary.startSeconds;
  return {
    neurons: summary.neurons,
    spikes: summary.spikes,
    simulatedSeconds,
    rateHz: simulatedSeconds > 0 ? summary.spikes / simulatedSeconds / summary.neurons : 0,
    wallSeconds: summary.wallSeconds,
    nsPerSpike: summary.spikes > 0 ? (summary.wallSeconds * 1e9) / summary.spikes : 0,
  };
}

/** One line of JSON with exactly the keys of {@link CliRunSummary}, in their documented order. */
export function formatSummaryJson(summary: CliRunSummary): string {
  const { neurons, spikes, simulatedSeconds, rateHz, wallSeconds, nsPerSpike, populations } = summary;
  return `${JSON.stringify({ neurons, spikes, simulatedSeconds, rateHz, wallSeconds, nsPerSpike, ...(populations === undefined ? {} : { populations }) })}\n`;
}

/** The human-readable summary: a header line, then one aligned `label  value` line per figure. */
export function formatSummaryText(summary: CliRunSummary, how: RunDescription): string {
  const frames: Record<string, string> = { phase: 'phase frame', 'exp-key': 'phase frame (exponential keys)', exp: 'phase frame (exponential keys)', time: 'time frame', reference: '' };
  const engine = how.engine ?? 'js';
  const where = ['js', 'exp-key', 'phase', 'time'].includes(engine) && how.queue !== 'none' ? `${how.queue} queue` : `${engine} engine`; // the JS engines run on a named queue
  const algorithm = how.algorithm === 'reference' ? 'O(N) reference simulator' : `SparseProp, ${frames[how.algorithm] ?? how.algorithm}, ${where}`;
  const rows: [string, string][] = [
    ['neurons', summary.neurons.toLocaleString('en-US')],
    ['spikes', summary.spikes.toLocaleString('en-US')],
    ['simulated time', `${formatNumber(summary.simulatedSeconds)} s`],
    ['mean rate', `${formatNumber(summary.rateHz)} Hz`],
    ['wall time', `${formatNumber(summary.wallSeconds)} s`],
    ['ns per spike', formatNumber(summary.nsPerSpike)],
  ];
  for (const p of summary.populations ?? []) {
    rows.push([
      `${p.population} (${p.neurons.toLocaleString('en-US')})`,
      `${formatNumber(p.meanRateHz)} Hz, ISI CV ${statistic(p.cvIsiMean)} ± ${statistic(p.cvIsiSd)}, ` +
        `Fano ${statistic(p.fano)} (${formatNumber(p.fanoWindowSeconds * 1000)} ms windows), χ ${statistic(p.synchronyChi)} (${formatNumber(p.synchronyBinSeconds * 1000)} ms bins)`,
    ]);
  }
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`);
  return `${how.model} model, ${algorithm}, ${how.network}\n${lines.join('\n')}\n`;
}

/** Four significant digits, without exponent for ordinary magnitudes. */
/** A statistic that may be undefined for a short run (no full window, too few spikes): "n/a" rather than NaN. */
function statistic(value: number): string {
  return Number.isNaN(value) ? 'n/a' : formatNumber(value);
}

function formatNumber(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e9) return Number(value.toPrecision(4)).toLocaleString('en-US', { maximumSignificantDigits: 4 });
  return value.toPrecision(4);
}
