import type { BenchClock } from './bench-options.js';
import {
  type BenchReport,
  brian2Dt,
  type Brian2Series,
  type ConfigurationResult,
  type HashCheck,
  isBrian2Series,
  nsPerSpike,
  secondsPerSimSecond,
  type SeriesName,
  type SizeResult,
} from './bench-results.js';
import { formatBytesPerNeuron, formatCount, formatMicros, formatRate, formatRatio, formatSeconds } from './bench-format.js';

const HEADER = [
  'N',
  'spikes',
  'ours µs/spike',
  'C sp',
  'ours/sp',
  'C sp_best',
  'ours/sp_best',
  'C sp_lazy',
  'ours/sp_lazy',
  'inlined',
  'ours/inlined',
  'O(N) spikes',
  'C naive',
  'our ref',
  'rate Hz',
  'RSS B/neuron',
  'arrays B/neuron',
  'spikes vs C sp',
  'vs C sp_lazy',
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
    formatMicros(nsPerSpike(m['c-sp_lazy'], clock)),
    formatRatio(size.ratios.oursOverSpLazy ?? Number.NaN),
    formatMicros(nsPerSpike(m.inlined, clock)),
    formatRatio(size.ratios.oursOverInlined),
    linear ? formatCount(size.linearSpikes) : '—',
    formatMicros(nsPerSpike(m['c-naive'], clock)),
    formatMicros(nsPerSpike(m.reference, clock)),
    formatRate(size.rateHz),
    formatBytesPerNeuron(size.memory.engine?.rssBytesPerNeuron),
    formatBytesPerNeuron(size.memory.engine?.arrayBytesPerNeuron),
    hashCell(size.checks.oursVsSp),
    size.checks.oursVsSpLazy === undefined ? '—' : hashCell(size.checks.oursVsSpLazy),
  ];
}

/** The Brian2 series measured anywhere in a configuration, by decreasing step. */
function brian2SeriesOf(config: ConfigurationResult): Brian2Series[] {
  const names = new Set<Brian2Series>();
  for (const size of config.sizes) for (const name of Object.keys(size.medians)) if (isBrian2Series(name)) names.add(name);
  return [...names].sort((a, b) => brian2Dt(b) - brian2Dt(a));
}

/** The per-simulated-second series (besides ours), in column order. */
const PER_SECOND_SERIES: ReadonlyArray<[SeriesName, string]> = [
  ['c-sp', 'C sp'],
  ['c-sp_best', 'C sp_best'],
  ['c-sp_lazy', 'C sp_lazy'],
];

/**
 * A Markdown table of the cost per simulated second (CPU or wall seconds
 * per second of network time) of every series measured at O(K log N) or on
 * the grid, with Brian2's rate and cost per spike beside ours; undefined
 * when no size has a rate.
 */
export function formatPerSecondTable(config: ConfigurationResult, clock: BenchClock): string | undefined {
  const brian2 = brian2SeriesOf(config);
  const measured = config.sizes.filter((size) => size.skipped === undefined && size.medians.ours !== undefined);
  if (measured.length === 0) return undefined;
  const header = ['N', 'ours Hz', 'spikes/sim s', 'ours', ...PER_SECOND_SERIES.map(([, label]) => label)];
  for (const name of brian2) {
    const dt = brian2Dt(name);
    header.push(`Brian2 ${dt} ms`, `Brian2 ${dt} / ours`, `Brian2 ${dt} Hz (sim s)`, `Brian2 ${dt} µs/spike`);
  }
  const rows = measured.map((size) => {
    const m = size.medians;
    const cells = [
      formatCount(size.n),
      formatRate(m.ours?.rateHz ?? Number.NaN),
      formatCount(Math.round(size.n * (m.ours?.rateHz ?? Number.NaN))),
      formatSeconds(secondsPerSimSecond(m.ours, clock)),
      ...PER_SECOND_SERIES.map(([name]) => formatSeconds(secondsPerSimSecond(m[name], clock))),
    ];
    for (const name of brian2) {
      const check = size.rateChecks?.[name];
      cells.push(
        formatSeconds(secondsPerSimSecond(m[name], clock)),
        formatRatio(size.brian2OverOurs?.[name] ?? Number.NaN),
        check === undefined ? '—' : `${formatRate(check.theirsHz)} (${check.relative >= 0 ? '+' : ''}${(100 * check.relative).toFixed(1)} %; ${check.seconds} s)`,
        formatMicros(nsPerSpike(m[name], clock)),
      );
    }
    return cells;
  });
  const lines = [
    `#### ${configurationLabel(config)} — ${clock === 'cpu' ? 'CPU' : 'wall-clock'} seconds per simulated second (median of each repetition's cost per spike × N × its rate; Brian2: its run loop's time / simulated time)`,
    '',
    ...[header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`),
  ];
  return lines.join('\n');
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
  const perSecond = formatPerSecondTable(config, clock);
  if (perSecond !== undefined) lines.push('', perSecond);
  return lines.join('\n');
}

/** The whole report as text: one table per configuration, then notes. */
export function formatReport(report: BenchReport): string {
  const parts = report.configurations.map((config) => formatConfigurationTable(config, report.clock));
  const footer = [
    '',
    `C anchor: ${report.anchor.note}. Brian2: ${report.brian2?.note ?? 'not run'}. Host: ${report.host.cpuModel}, ${report.host.cpus} CPUs, Node ${report.host.node}` +
      `${report.host.loadAverage === undefined ? '' : `, load average ${report.host.loadAverage.map((l) => l.toFixed(2)).join(' ')} at the end`}.`,
    `Each cell is the median of ${String(report.options.reps)} repetitions from a fresh network; ratios are of medians measured in this run.`,
    'RSS B/neuron: rise of the engine child\'s resident memory (peak or current, whichever is larger) over its start, / N; noise below N ≈ 1e5.',
    'arrays B/neuron: typed-array bytes the engine holds after its warm-up (after a GC), / N: its state.',
    'Per simulated second: each repetition\'s cost per spike × N × its own rate (spikes per simulated second), median over repetitions.',
  ];
  if (report.brian2?.used === true) {
    footer.push(
      'Brian2: the same network (other random draws, so no checksum: its rate is compared with ours), integrated on a grid of step dt; its time is its run loop\'s only ' +
        '(CLOCK_PROCESS_CPUTIME_ID inside the program around the network run: code generation, compilation, synapse creation and initial state excluded), ' +
        'and its µs/spike divide that by its spike count.',
    );
  }
  const memoised = report.configurations.some((c) => c.sizes.some((size) => size.targetsMemoised === true));
  if (memoised) footer.push('ᵐ: the engine (and the inlined loop) memoised the procedural targets at this N (4NK bytes); the C anchor regenerates them every spike (--target-cache-bytes 0 to compare like for like).');
  if (report.unavailablePlugins.length > 0) footer.push(`Optional plugins not loaded: ${report.unavailablePlugins.join('; ')}.`);
  return `${parts.join('\n\n')}\n${footer.join('\n')}`;
}
