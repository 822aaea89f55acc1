// Which trial lengths give useful gradients in the OU-tracking network? For trial lengths T, the exact
// gradient of the readout MSE with respect to the recurrent weights (readout fitted by ridge regression
// on 24 trials of that length) is computed on two independent batches of 8 trials; reported: the
// gradient norm (chaos makes it grow with T) and the cosine similarity of the two batch gradients
// (near 0: the gradient is noise, not a direction that helps on new trials).
// usage: pnpm --filter sparseprop-example-training-tasks exec tsx --conditions=@sparseprop/source src/trial-length.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { LifModel } from '@sparseprop/model-lif';
import { OuTrackingTask } from '@sparseprop/training';
import { writePng } from './figure.js';

const base = { n: 200, k: 50, signals: 1, burnInSeconds: 0.02, iext: 0.3, inputRateHz: 500, inputWeightMean: 0.05, inputWeightStd: 0.07, correlationSeconds: 0.005 };
const lengths = [0.05, 0.1, 0.2, 0.4, 0.8];
const out = new URL('../ou-tracking/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });
const rows: { trialSeconds: number; gradientNorm: number; cosine: number; perSecondNorm: number }[] = [];
for (const trialSeconds of lengths) {
  const task = new OuTrackingTask({ ...base, trialSeconds }, new LifModel(base.n, base.iext));
  task.fitReadout(Array.from({ length: 24 }, (_, k) => 100 + k), 10);
  const batch = (first: number) => {
    const sum = new Float64Array(task.parameters.recurrent.length);
    for (let k = 0; k < 8; k++) {
      const g = task.runTrial(first + k, true).gradients!.recurrent;
      for (let e = 0; e < sum.length; e++) sum[e] += g[e] / 8;
    }
    return sum;
  };
  const a = batch(1000), b = batch(2000);
  let ab = 0, aa = 0, bb = 0;
  for (let e = 0; e < a.length; e++) {
    ab += a[e] * b[e];
    aa += a[e] * a[e];
    bb += b[e] * b[e];
  }
  const row = { trialSeconds, gradientNorm: Math.sqrt((aa + bb) / 2), cosine: ab / Math.sqrt(aa * bb), perSecondNorm: Math.sqrt((aa + bb) / 2) / trialSeconds };
  rows.push(row);
  console.log(JSON.stringify(row));
}
writeFileSync(`${out}trial-length.json`, `${JSON.stringify({ base, rows }, null, 2)}\n`);
await writePng(`${out}trial-length.png`, {
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
  hconcat: [
    { title: '|∂L/∂J| (batch of 8)', width: 260, height: 200, data: { values: rows }, mark: { type: 'line', point: true }, encoding: { x: { field: 'trialSeconds', type: 'quantitative', scale: { type: 'log' }, title: 'trial length (s)' }, y: { field: 'gradientNorm', type: 'quantitative', scale: { type: 'log' } } } },
    { title: 'cosine(batch A gradient, batch B gradient)', width: 260, height: 200, data: { values: rows }, mark: { type: 'line', point: true }, encoding: { x: { field: 'trialSeconds', type: 'quantitative', scale: { type: 'log' }, title: 'trial length (s)' }, y: { field: 'cosine', type: 'quantitative' } } },
  ],
});
