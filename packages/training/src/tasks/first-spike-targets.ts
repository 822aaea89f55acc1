import type { TaskEvaluation } from './task-contract.js';

/** The first spike of every output in a train: its index in the train (−1: silent) and time (seconds; NaN: silent). */
export function firstSpikesOf(train: { readonly length: number; readonly neurons: Int32Array; readonly times: Float64Array }, outputs: Int32Array): { index: Int32Array; times: Float64Array } {
  const index = new Int32Array(outputs.length).fill(-1);
  const times = new Float64Array(outputs.length).fill(NaN);
  for (let s = 0; s < train.length; s++) {
    const o = outputs.indexOf(train.neurons[s]);
    if (o >= 0 && index[o] < 0) {
      index[o] = s;
      times[o] = train.times[s];
    }
  }
  return { index, times };
}

/**
 * The first-spike loss `½ Σ_o (t_first,o − target_o)²` (seconds²) over the outputs that fire, its
 * derivative per spike of the train, and the trial error: the RMS timing error of the firing outputs
 * (seconds) plus 1 per silent output.
 */
export function firstSpikeLoss(train: { readonly length: number; readonly neurons: Int32Array; readonly times: Float64Array }, outputs: Int32Array, targets: Float64Array) {
  const { index } = firstSpikesOf(train, outputs);
  const dLossDTimes = new Float64Array(train.length);
  let value = 0, silent = 0;
  for (let o = 0; o < outputs.length; o++) {
    if (index[o] < 0) {
      silent++;
      continue;
    }
    const d = train.times[index[o]] - targets[o];
    value += 0.5 * d * d;
    dLossDTimes[index[o]] = d;
  }
  const error = Math.sqrt((2 * value) / Math.max(1, outputs.length - silent)) + silent;
  return { value, error, dLossDTimes, index };
}

/** The loss and error names of the first-spike tasks. */
export const FIRST_SPIKE_LOSS = { name: 'first-spike loss', description: '½ Σ_o (t_first,o − target_o)² over the outputs that fire (s²)' } as const;
export const FIRST_SPIKE_ERROR = { name: 'error (s + silent)', description: 'RMS first-spike error of the firing outputs (s), plus 1 per silent output' } as const;

/** The evaluation of first spikes against targets: silent outputs, RMS error of the firing ones, each output's first spike (`firstSpikeSeconds_O`, NaN: silent). */
export function firstSpikeEvaluation(first: Float64Array, outputs: readonly number[], targets: readonly number[]): TaskEvaluation {
  const scalars: Record<string, number> = {};
  let silent = 0, sum = 0;
  outputs.forEach((o, q) => {
    scalars[`firstSpikeSeconds_${o}`] = first[q];
    if (Number.isNaN(first[q])) silent++;
    else sum += (first[q] - targets[q]) ** 2;
  });
  const firing = outputs.length - silent;
  return {
    scalars: { silentOutputs: silent, rmsTimingErrorSeconds: firing > 0 ? Math.sqrt(sum / firing) : NaN, ...scalars },
    details: { outputs, targetsSeconds: targets, firstSpikeSeconds: Array.from(first, (t) => (Number.isNaN(t) ? null : t)) },
  };
}

/** `first-spikes.png`: each output's first spike over epochs (crosses at 0: silent) and its target. */
export function firstSpikesFigure(history: readonly { readonly epoch: number; readonly evaluation: TaskEvaluation }[], outputs: readonly number[], targets: readonly number[]): Record<string, object> {
  const rows = history.flatMap(({ epoch, evaluation }) => outputs.map((o, q) => ({ epoch, output: String(o), firstMs: evaluation.scalars[`firstSpikeSeconds_${o}`] * 1e3, targetMs: targets[q] * 1e3 })));
  const firing = rows.filter((r) => Number.isFinite(r.firstMs));
  const silent = rows.filter((r) => !Number.isFinite(r.firstMs)).map((r) => ({ ...r, firstMs: 0 })); // drawn as crosses at 0 ms
  const x = { field: 'epoch', type: 'quantitative' }, color = { field: 'output', type: 'nominal' };
  return {
    'first-spikes.png': {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      title: 'First spike of each output (dots; crosses at 0: silent) and its target (dashes)',
      width: 420,
      height: 240,
      layer: [
        { data: { values: rows }, mark: { type: 'line', strokeDash: [4, 3] }, encoding: { x, y: { field: 'targetMs', type: 'quantitative' }, color } },
        { data: { values: firing }, mark: { type: 'point', filled: true, size: 14 }, encoding: { x, y: { field: 'firstMs', type: 'quantitative', title: 'ms' }, color } },
        ...(silent.length > 0 ? [{ data: { values: silent }, mark: { type: 'point', shape: 'cross', filled: true, size: 30 }, encoding: { x, y: { field: 'firstMs', type: 'quantitative' }, color } }] : []),
      ],
    },
  };
}
