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

describe('OuTrackingTask with delays and refractory periods (forward on the network engine)', () => {
  it('its gradients (input and recurrent weights, through the readout MSE) equal converged central differences of the task loss', async () => {
    const { LifVoltageDynamics } = await import('@sparseprop/model-lif');
    const { convergedDifference } = await import('../gradient-check.test-support.js');
    // the alpha kernel is continuous in the spike times (the exponential one jumps when a spike crosses a sample)
    const config = { n: 30, k: 5, signals: 2, trialSeconds: 0.05, burnInSeconds: 0.005, iext: 0.3, inputRateHz: 300, inputWeightMean: 0.05, inputWeightStd: 0.07, readoutKernel: 'alpha' as const, delaySeconds: 0.001, refractorySeconds: 0.002 };
    const task = new OuTrackingTask(config, new LifModel(30, 0.3), () => new LifVoltageDynamics(0));
    const plain = new OuTrackingTask({ ...config, delaySeconds: 0, refractorySeconds: 0 }, new LifModel(30, 0.3));
    task.fitReadout([1, 2, 3, 4], 0.1); // a nonzero readout, so the network's spike times matter
    const seed = 7;
    const base = task.simulate(seed);
    expect(Array.from(base.train.times)).not.toEqual(Array.from(plain.simulate(seed).train.times)); // the delays and refractoriness act
    const result = task.runTrial(seed, true);
    const lossOf = (train: typeof base.train) => readoutMse(task.readout, train, base.target, config.burnInSeconds).value;
    expect(lossOf(base.train)).toBe(result.loss);
    // the three largest entries of each group (most entries are 0 in a 50 ms trial: a kick that lands during a
    // refractory period or after its target's last spike moves no spike)
    const largest = (group: 'input' | 'recurrent') =>
      Array.from(result.gradients![group], (g, q) => [Math.abs(g), q]).sort((a, b) => b[0] - a[0]).slice(0, 3).map(([, q]) => [group, q] as const);
    let checked = 0;
    for (const [group, index] of [...largest('input'), ...largest('recurrent')]) {
      expect(result.gradients![group][index]).not.toBe(0);
      const p = task.parameters[group];
      const original = p[index];
      const fd = convergedDifference(
        base.train,
        (d) => {
          p[index] = original + d;
          const train = task.simulate(seed).train;
          p[index] = original;
          return train;
        },
        lossOf,
        1e-6,
        1e-12 * (1 + result.loss), // L ~ 0.03: rounding ~1e-17, amplified along ≤ a few hundred spikes: 1e-12 is generous
      );
      if (fd === undefined) continue; // a perturbation reorders spikes: not differentiable there
      checked++;
      expect(Math.abs(result.gradients![group][index] - fd.estimate)).toBeLessThanOrEqual(fd.bound);
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });
});
