import { LifModel } from '@sparseprop/model-lif';
import { describe, expect, it } from 'vitest';
import { readoutMse } from '../readout-mse.js';
import { OuTrackingTask } from './ou-tracking.js';

describe('OuTrackingTask', () => {
  it('fitReadout (ridge) lowers the loss on the trials it was fitted on below the zero readout, and trials are reproducible', () => {
    const config = { n: 40, k: 8, signals: 2, trialSeconds: 0.06, burnInSeconds: 0.01, iext: 0.3, inputRateHz: 500, inputWeightMean: 0.05, inputWeightStd: 0.07 };
    const task = new OuTrackingTask(config, new LifModel(40, 0.3));
    const seeds = [11, 12, 13];
    const loss = () => seeds.reduce((sum, seed) => sum + task.runTrial(seed, false).loss, 0);
    const zero = loss();
    task.fitReadout(seeds, 0.1);
    expect(loss()).toBeLessThan(zero);
    // same seed, same trial: the signal, input and spikes
    const a = task.simulate(5), b = task.simulate(5);
    expect(Array.from(a.train.times)).toEqual(Array.from(b.train.times));
    expect(readoutMse(task.readout, a.train, a.target, 0.01).value).toBe(readoutMse(task.readout, b.train, b.target, 0.01).value);
  });

  it('rejects a bad configuration, naming the key', () => {
    expect(() => new OuTrackingTask({ n: 10, k: 10 }, new LifModel(10, 0.3))).toThrow(/k/);
    expect(() => new OuTrackingTask({ n: 10, k: 3, burnInSeconds: 1, trialSeconds: 0.5 }, new LifModel(10, 0.3))).toThrow(/burnInSeconds/);
    expect(() => new OuTrackingTask({ n: 10, k: 3 }, new LifModel(11, 0.3))).toThrow(/model.size/);
  });
});
