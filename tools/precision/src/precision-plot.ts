import { renderSvg } from '@sparseprop/analysis';
import type { PrecisionSeries } from './precision-study.js';

/** Log-log SVG of the largest spike-time error against run length, one line per variant. */
export async function renderPrecisionSvg(series: readonly PrecisionSeries[], n: number): Promise<string> {
  const values = series.flatMap((s) => s.checkpoints.map((c) => ({ variant: s.label, spikes: c.spikes, error: Math.max(c.maxAbsoluteError, 1e-18) })));
  const spec: Parameters<typeof renderSvg>[0] = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: `Largest spike-time error vs O(N) reference, LIF N=${n}, K=100`,
    width: 560,
    height: 360,
    background: 'white',
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'spikes', type: 'quantitative', scale: { type: 'log' }, title: 'spikes simulated' },
      y: { field: 'error', type: 'quantitative', scale: { type: 'log' }, title: 'max |t - t_ref| (s)' },
      color: { field: 'variant', type: 'nominal', legend: { labelLimit: 320 } },
    },
  };
  return renderSvg(spec);
}
