/**
 * Long-run precision of the engines against the O(N) reference (not part of
 * the test suite): largest spike-time error as a function of run length,
 * with and without rebasing.
 *
 *   pnpm precision [--n 1000] [--spikes 1e8] [--variants 0,1,2] [--json out.json] [--plot out.svg]
 *
 * Variants (indices into DEFAULT_VARIANTS): 0 phase keys rebased every N,
 * 1 phase keys never rebased, 2 exponential keys, 3 time frame rebased,
 * 4 time frame never rebased. Default: all.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { createContainer, registerPlugins } from '@sparseprop/core';
import { lif } from '@sparseprop/model-lif';
import { binaryHeap } from '@sparseprop/queue-binary';
import { renderPrecisionSvg } from './precision-plot.js';
import { DEFAULT_VARIANTS, runPrecisionStudy } from './precision-study.js';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000' },
    spikes: { type: 'string', default: '1e6' },
    variants: { type: 'string', default: DEFAULT_VARIANTS.map((_, v) => v).join(',') },
    json: { type: 'string' },
    plot: { type: 'string' },
  },
});
const n = Number(values.n), spikes = Number(values.spikes);
const container = registerPlugins(createContainer(), lif, binaryHeap);
const started = Date.now();
const variants = values.variants.split(',').map((v) => {
  const variant = DEFAULT_VARIANTS[Number(v)];
  if (!variant) throw new Error(`--variants: ${v} is not one of 0..${DEFAULT_VARIANTS.length - 1}`);
  return variant;
});
const series = runPrecisionStudy(container, { model: 'lif', n, k: 100, seed: 1 }, spikes, variants, (done) => {
  process.stderr.write(`\r${done.toExponential(2)} / ${spikes.toExponential(2)} spikes, ${((Date.now() - started) / 1000).toFixed(0)} s `);
}, (partial) => {
  // long runs: keep what has been measured so far on disk
  if (values.json) writeFileSync(values.json, JSON.stringify({ n, spikes, partial: true, series: partial }, null, 2));
});
process.stderr.write('\n');
const rows = series.flatMap((s) =>
  s.checkpoints.map((c) => `| ${s.label} | ${c.spikes.toExponential(0)} | ${c.simulatedSeconds.toPrecision(4)} | ${c.maxAbsoluteError.toExponential(2)} | ${c.maxRelativeError.toExponential(2)} |`),
);
console.log(`N = ${n}, K = 100, LIF reference network, ${spikes.toExponential(0)} spikes\n`);
console.log('| variant | spikes | simulated s | max abs error (s) | max rel error |\n| --- | --- | --- | --- | --- |');
console.log(rows.join('\n'));
for (const s of series) if (s.divergedAt !== undefined) console.log(`\n${s.label}: neuron sequence parted from the reference at spike ${s.divergedAt}`);
if (values.json) writeFileSync(values.json, JSON.stringify({ n, spikes, series }, null, 2));
if (values.plot) writeFileSync(values.plot, await renderPrecisionSvg(series, n));
