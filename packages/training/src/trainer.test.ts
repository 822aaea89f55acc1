import { LifModel } from '@sparseprop/model-lif';
import { describe, expect, it } from 'vitest';
import { OuTrackingTask, randomInhibitoryNetwork } from './tasks/ou-tracking.js';
import { teacherStudentDefinition, teacherStudentSchema } from './tasks/teacher-student.js';
import { decodeCheckpoint, encodeCheckpoint, Trainer, type TrainerOptions, trialSeed } from './trainer.js';

const CONFIG = { n: 30, k: 6, signals: 2, trialSeconds: 0.04, burnInSeconds: 0.005, iext: 0.5, inputRateHz: 200, inputWeightStd: 0.1 };
const task = () => new OuTrackingTask(CONFIG, new LifModel(CONFIG.n, CONFIG.iext));
const OPTIONS: TrainerOptions = { seed: 42, batchSize: 2, testBatchSize: 2, schedule: { kind: 'exponential', rate: 2e-3, factor: 0.9 }, clipNorm: 1 };

function snapshot(t: OuTrackingTask): number[] {
  return Object.keys(t.parameters)
    .sort()
    .flatMap((name) => Array.from(t.parameters[name]));
}

describe('Trainer', () => {
  it('same seed: bit-identical training', () => {
    const a = task(), b = task();
    const ta = new Trainer(a, OPTIONS), tb = new Trainer(b, OPTIONS);
    for (let e = 0; e < 3; e++) {
      const ma = ta.step(), mb = tb.step();
      expect(ma.trainLoss).toBe(mb.trainLoss);
      expect(ma.testError).toBe(mb.testError);
    }
    expect(snapshot(a)).toEqual(snapshot(b));
    // and the parameters moved
    expect(snapshot(a)).not.toEqual(snapshot(task()));
  });

  it('train 2 epochs, checkpoint to text, resume 2 == train 4', () => {
    const straight = task();
    const t4 = new Trainer(straight, OPTIONS);
    for (let e = 0; e < 4; e++) t4.step();

    const first = task();
    const t2 = new Trainer(first, OPTIONS);
    t2.step();
    t2.step();
    const text = encodeCheckpoint(t2.checkpoint());
    const resumed = task(); // fresh initial weights: the checkpoint replaces them
    const tr = new Trainer(resumed, OPTIONS);
    tr.restore(decodeCheckpoint(text));
    expect(tr.epoch).toBe(2);
    tr.step();
    tr.step();
    expect(snapshot(resumed)).toEqual(snapshot(straight));
    expect(tr.metrics.map((m) => m.trainLoss)).toEqual(t4.metrics.map((m) => m.trainLoss));
  });

  it('keeps Dale sign constraints: recurrent weights never become excitatory', () => {
    const t = task();
    const trainer = new Trainer(t, { ...OPTIONS, schedule: { kind: 'constant', rate: 0.3 } }); // steps as large as the weights (~0.4) push some weights across 0
    let clamped = 0;
    for (let e = 0; e < 3; e++) clamped += trainer.step().clamped;
    expect(clamped).toBeGreaterThan(0); // the constraint was needed
    expect(t.parameters.recurrent.every((w) => w <= 0)).toBe(true);
  });

  it('trial seeds differ across epochs and indices, and the test batch is fixed', () => {
    const seeds = new Set<number>();
    for (let e = -1; e < 20; e++) for (let k = 0; k < 20; k++) seeds.add(trialSeed(7, e, k));
    expect(seeds.size).toBe(21 * 20);
    expect(trialSeed(7, -1, 3)).toBe(trialSeed(7, -1, 3));
  });

  it('Armijo line search on a deterministic task: the loss falls at every epoch, and a resumed run equals the straight one', () => {
    const teacher = randomInhibitoryNetwork(20, 4, 1, 0.5, 9);
    const build = () => teacherStudentDefinition.build(teacherStudentSchema.parse({ n: 20, k: 4, spikes: 40, spread: 0.02, networkSeed: 9 }), ({ n, iext }) => new LifModel(n, iext));
    expect(Array.from(build().parameters.recurrent)).not.toEqual(Array.from(teacher.weight)); // a perturbed student of that teacher
    const options: TrainerOptions = { seed: 1, batchSize: 1, testBatchSize: 1, optimizer: { kind: 'armijo' }, schedule: { kind: 'constant', rate: 1e4 } };
    const straight = build();
    const t6 = new Trainer(straight, options);
    t6.evaluateInitial();
    for (let e = 0; e < 6; e++) t6.step();
    const losses = t6.metrics.map((m) => m.testLoss);
    for (let e = 1; e < losses.length; e++) expect(losses[e]).toBeLessThan(losses[e - 1]);
    expect(t6.metrics.slice(1).every((m) => m.learningRate > 0)).toBe(true); // every step accepted

    const half = build();
    const t3 = new Trainer(half, options);
    t3.evaluateInitial();
    for (let e = 0; e < 3; e++) t3.step();
    const resumed = build();
    const tr = new Trainer(resumed, options);
    tr.restore(decodeCheckpoint(encodeCheckpoint(t3.checkpoint())));
    for (let e = 0; e < 3; e++) tr.step();
    expect(Array.from(resumed.parameters.recurrent)).toEqual(Array.from(straight.parameters.recurrent));
    expect(() => new Trainer(build(), OPTIONS).restore(decodeCheckpoint(encodeCheckpoint(t3.checkpoint())))).toThrow(/checkpoint\.optimizers\.recurrent/);
  });

  it('rejects bad options and checkpoints, naming them', () => {
    expect(() => new Trainer(task(), { ...OPTIONS, batchSize: 0 })).toThrow(/batchSize/);
    expect(() => new Trainer(task(), { ...OPTIONS, clipNorm: 0 })).toThrow(/clipNorm/);
    expect(() => new Trainer(task(), { ...OPTIONS, groupRates: { nope: 1 } })).toThrow(/groupRates.nope/);
    expect(() => decodeCheckpoint('{"format":"other"}')).toThrow(/format/);
    expect(() => decodeCheckpoint('not json')).toThrow(/checkpoint/);
  });
});
