/**
 * `pnpm precision` (from the repository root): long-run precision of the
 * engines against the O(N) reference (not part of the test suite): largest
 * spike-time error as a function of run length, with and without rebasing.
 * `pnpm precision --help` lists the flags.
 */
import { writeFileSync } from 'node:fs';
import { createContainer, registerPlugins } from '@sparseprop/core';
import { lif } from '@sparseprop/model-lif';
import { binaryHeap } from '@sparseprop/queue-heap';
import { parsePrecisionOptions, PRECISION_USAGE, PrecisionUsageError } from './precision-options.js';
import { renderPrecisionSvg } from './precision-plot.js';
import { runPrecisionStudy } from './precision-study.js';

let options;
try {
  options = parsePrecisionOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof PrecisionUsageError)) throw error;
  process.stderr.write(`pnpm precision: ${error.message}\n\n${PRECISION_USAGE}`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(PRECISION_USAGE);
  process.exit(0);
}
const { n, spikes, variants, jsonPath, plotPath } = options;
const container = registerPlugins(createContainer(), lif, binaryHeap);
const started = Date.now();
const series = runPrecisionStudy(container, { model: 'lif', n, k: 100, seed: 1 }, spikes, variants, (done) => {
  process.stderr.write(`\r${done.toExponential(2)} / ${spikes.toExponential(2)} spikes, ${((Date.now() - started) / 1000).toFixed(0)} s `);
}, (partial) => {
  // long runs: keep what has been measured so far on disk
  if (jsonPath !== undefined) writeFileSync(jsonPath, JSON.stringify({ n, spikes, partial: true, series: partial }, null, 2));
});
process.stderr.write('\n');
const rows = series.flatMap((s) =>
  s.checkpoints.map((c) => `| ${s.label} | ${c.spikes.toExponential(0)} | ${c.simulatedSeconds.toPrecision(4)} | ${c.maxAbsoluteError.toExponential(2)} | ${c.maxRelativeError.toExponential(2)} |`),
);
console.log(`N = ${n}, K = 100, LIF reference network, ${spikes.toExponential(0)} spikes\n`);
console.log('| variant | spikes | simulated s | max abs error (s) | max rel error |\n| --- | --- | --- | --- | --- |');
console.log(rows.join('\n'));
for (const s of series) if (s.divergedAt !== undefined) console.log(`\n${s.label}: neuron sequence parted from the reference at spike ${s.divergedAt}`);
if (jsonPath !== undefined) writeFileSync(jsonPath, JSON.stringify({ n, spikes, series }, null, 2));
if (plotPath !== undefined) writeFileSync(plotPath, await renderPrecisionSvg(series, n));
