import type { BenchClock } from './bench-options.js';
import { type BenchReport, type ConfigurationResult, type HashCheck, nsPerSpike, type SizeResult } from './bench-results.js';
import { formatBytesPerNeuron, formatCount, formatMicros, formatRate, formatRatio } from './bench-format.js';

const HEADER = [
  'N',
  'spikes',
  'ours µs/spike',
  'C sp',
  'ours/sp',
  'C sp_best',
  'ours/sp_best',
  'inlined',
  'ours/inlined',
  'O(N) spikes',
  'C naive',
  'our ref',
  'rate Hz',
  'RSS B/neuron',
  'arrays B/neuron',
  'spikes vs C sp',
];

function hashCell(check: HashCheck): string {
  if (check.status === 'identical') return 'identical';
  if (check.status === 'mismatch') return 'MISMATCH';
  return '—';
}

/** The table row of one size. */
export function tableRow(size: SizeResult, clock: BenchClock): string[] {
  if (size.skipped !== undefined) return [formatCount(size.n), `skipped: ${size.skipped}`, ...HEADER.slice(2).map(() => '')];
  const m = size.medians;
  const linear = m['c-naive'] !== undefined || m.reference !== undefined;
  return [
    `${formatCount(size.n)}${size.targetsMemoised === true ? ' ᵐ' : ''}`,
    formatCount(size.spikes),
    formatMicros(nsPerSpike(m.ours, clock)),
    formatMicros(nsPerSpike(m['c-sp'], clock)),
    formatRatio(size.ratios.oursOverSp),
    formatMicros(nsPerSpike(m['c-sp_best'], clock)),
    formatRatio(size.ratios.oursOverSpBest),
    formatMicros(nsPerSpike(m.inlined, clock)),
    formatRatio(size.ratios.oursOverInlined),
    linear ? formatCount(size.linearSpikes) : '—',
    formatMicros(nsPerSpike(m['c-naive'], clock)),
    formatMicros(nsPerSpike(m.reference, clock)),
    formatRate(size.rateHz),
    formatBytesPerNeuron(size.memory.engine?.rssBytesPerNeuron),
    formatBytesPerNeuron(size.memory.engine?.arrayBytesPerNeuron),
    hashCell(size.checks.oursVsSp),
  ];
}

const KIND_LABELS: Readonly<Record<string, string>> = {
  'exp-key': 'phase frame, exponential keys',
  phase: 'phase frame, psi keys',
  time: 'time frame',
};

/** `model / queue / engine` as the table and plot name a configuration. */
export function configurationLabel(config: Pick<ConfigurationResult, 'model' | 'queue' | 'frame' | 'simulatorKind'>): string {
  const engine = config.simulatorKind !== undefined ? (KIND_LABELS[config.simulatorKind] ?? config.simulatorKind) : `${config.frame} frame`;
  return `${config.model} / ${config.queue} / ${engine}`;
}

/** A Markdown table of one configuration, then every check that is not "identical" or that compares our own series. */
export function formatConfigurationTable(config: ConfigurationResult, clock: BenchClock): string {
  const rows = [HEADER, HEADER.map(() => '---'), ...config.sizes.map((size) => tableRow(size, clock))];
  const lines = [`### ${configurationLabel(config)} — median ${clock === 'cpu' ? 'CPU' : 'wall-clock'} µs per spike`, ''];
  lines.push(...rows.map((cells) => `| ${cells.join(' | ')} |`));
  const notes: string[] = [];
  for (const size of config.sizes) {
    if (size.skipped !== undefined) continue;
    for (const check of Object.values(size.checks)) {
      if (check.status === 'mismatch') notes.push(`- N=${formatCount(size.n)} MISMATCH ${check.detail}`);
    }
    const inlined = size.checks.inlinedVsOurs, reference = size.checks.referenceVsNaive;
    if (inlined.status === 'identical') notes.push(`- N=${formatCount(size.n)} inlined loop: identical spike train (${inlined.detail.replace(/^[^:]*: /, '')})`);
    if (reference.status === 'identical') notes.push(`- N=${formatCount(size.n)} our O(N) reference vs C naive: identical spike train (${reference.detail.replace(/^[^:]*: /, '')})`);
  }
  if (notes.length > 0) lines.push('', ...notes);
  return lines.join('\n');
}

/** The whole report as text: one table per configuration, then notes. */
export function formatReport(report: BenchReport): string {
  const parts = report.configurations.map((config) => formatConfigurationTable(config, report.clock));
  const footer = [
    '',
    `C anchor: ${report.anchor.note}. Host: ${report.host.cpuModel}, ${report.host.cpus} CPUs, Node ${report.host.node}.`,
    `Each cell is the median of ${String(report.options.reps)} repetitions from a fresh network; ratios are of medians measured in this run.`,
    'RSS B/neuron: rise of the engine child\'s resident memory (peak or current, whichever is larger) over its start, / N; noise below N ≈ 1e5.',
    'arrays B/neuron: typed-array bytes the engine holds after its warm-up (after a GC), / N: its state.',
  ];
  const memoised = report.configurations.some((c) => c.sizes.some((size) => size.targetsMemoised === true));
  if (memoised) footer.push('ᵐ: the engine (and the inlined loop) memoised the procedural targets at this N (4NK bytes); the C anchor regenerates them every spike (--target-cache-bytes 0 to compare like for like).');
  if (report.unavailablePlugins.length > 0) footer.push(`Optional plugins not loaded: ${report.unavailablePlugins.join('; ')}.`);
  return `${parts.join('\n\n')}\n${footer.join('\n')}`;
}
