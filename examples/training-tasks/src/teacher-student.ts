// Teacher–student: a student LIF network whose 500 recurrent weights are each off by up to 1 %
// recovers the teacher's first 100 spike times by gradient descent with Armijo backtracking
// (each step must lower the loss: with exact gradients a descent step always exists).
// usage: pnpm --filter sparseprop-example-training-tasks teacher-student
import { mkdirSync, writeFileSync } from 'node:fs';
import { SparseConnectivity } from '@sparseprop/core';
import { LifModel } from '@sparseprop/model-lif';
import { randomInhibitoryNetwork, TeacherStudentTask } from '@sparseprop/training';
import { writePng } from './figure.js';

const config = { n: 50, k: 10, j0: 1, jitter: 0.5, iext: 0.5, tauSeconds: 0.01, spikes: 100, spread: 0.01, networkSeed: 3, stateSeed: 1, steps: 10000 };
const out = new URL('../teacher-student/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });
writeFileSync(`${out}config.json`, `${JSON.stringify(config, null, 2)}\n`);

const teacher = randomInhibitoryNetwork(config.n, config.k, config.j0, config.jitter, config.networkSeed);
const pre: number[] = [];
for (let j = 0; j < teacher.size; j++) for (let e = teacher.rowStart[j]; e < teacher.rowStart[j + 1]; e++) pre.push(j);
const student = SparseConnectivity.fromEdges(config.n, pre, Array.from(teacher.post), Array.from(teacher.weight, (w, e) => w * (1 + config.spread * Math.sin(7 * e + 2))));
const task = new TeacherStudentTask(new LifModel(config.n, config.iext), teacher, student, config.tauSeconds, config.spikes, config.stateSeed);
const w = task.parameters.recurrent;
let current = task.runTrial(0, true);
const rows: { step: number; loss: number; rmsSeconds: number; weightError: number }[] = [];
const weightError = () => Math.max(...Array.from(w, (x, e) => Math.abs(x - teacher.weight[e]) / Math.abs(teacher.weight[e])));
rows.push({ step: 0, loss: current.loss, rmsSeconds: current.error, weightError: weightError() });
let step = 1e4, rises = 0;
const start = performance.now();
for (let iteration = 1; iteration <= config.steps; iteration++) {
  const g = current.gradients!.recurrent;
  const gg = g.reduce((a, x) => a + x * x, 0);
  const from = w.slice();
  let accepted = false;
  while (step > 1e-6) {
    for (let e = 0; e < w.length; e++) w[e] = from[e] - step * g[e];
    const trial = task.runTrial(0, true);
    if (trial.loss <= current.loss - 1e-4 * step * gg) {
      if (trial.loss > current.loss) rises++;
      current = trial;
      step *= 2;
      accepted = true;
      break;
    }
    step /= 2;
  }
  if (!accepted) {
    w.set(from);
    break; // no measurable decrease left: the rounding floor
  }
  rows.push({ step: iteration, loss: current.loss, rmsSeconds: current.error, weightError: weightError() });
}
const seconds = (performance.now() - start) / 1000;
const summary = {
  steps: rows.length - 1,
  initialLoss: rows[0].loss,
  finalLoss: rows.at(-1)!.loss,
  initialRmsSeconds: rows[0].rmsSeconds,
  finalRmsSeconds: rows.at(-1)!.rmsSeconds,
  initialMaxRelativeWeightError: rows[0].weightError,
  finalMaxRelativeWeightError: rows.at(-1)!.weightError,
  lossRoseAtSomeStep: rises > 0,
  wallSeconds: seconds,
};
writeFileSync(`${out}metrics.json`, `${JSON.stringify({ summary, rows: rows.filter((_, k) => k % 25 === 0 || k === rows.length - 1) }, null, 2)}\n`); // every 25th step
console.log(JSON.stringify(summary));
const thin = rows.filter((_, k) => k % Math.max(1, Math.floor(rows.length / 400)) === 0 || k === rows.length - 1);
await writePng(`${out}loss.png`, {
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
  hconcat: [
    { title: 'Loss ½Σ(t − t*)² (s²)', width: 300, height: 220, data: { values: thin }, mark: 'line', encoding: { x: { field: 'step', type: 'quantitative' }, y: { field: 'loss', type: 'quantitative', scale: { type: 'log' } } } },
    { title: 'RMS spike-time error (s)', width: 300, height: 220, data: { values: thin }, mark: 'line', encoding: { x: { field: 'step', type: 'quantitative' }, y: { field: 'rmsSeconds', type: 'quantitative', scale: { type: 'log' } } } },
    { title: 'max |w − w_teacher| / |w_teacher|', width: 300, height: 220, data: { values: thin }, mark: 'line', encoding: { x: { field: 'step', type: 'quantitative' }, y: { field: 'weightError', type: 'quantitative', scale: { type: 'log' } } } },
  ],
});
