import { type CompiledNetwork, type InputSource, SpikeTrain } from '@sparseprop/core';
import { NetworkReferenceSimulator, NetworkSimulator } from '@sparseprop/core/plugin';
import { LifVoltageDynamics } from '@sparseprop/model-lif';
import { binaryHeap } from '@sparseprop/queue-heap';
import { describe, expect, it } from 'vitest';
import { EventListSource } from './inputs.js';

const TAU = 0.01;

function oneNeuron(iext: number, vReset: number, refractory: number, v0: number, inputs: InputSource[]): CompiledNetwork {
  return {
    size: 1,
    sourceCount: 0,
    tau: TAU,
    populations: [{ name: 'A', start: 0, end: 1, dynamics: new LifVoltageDynamics(vReset) }],
    sources: [],
    drive: Float64Array.of(iext),
    refractory: Float64Array.of(refractory),
    initialVoltage: Float64Array.of(v0),
    projections: [],
    inputs,
    stepCurrents: [],
  };
}

function kicks(times: number[], weights: number[]): EventListSource {
  return new EventListSource('kicks', 'kick', Float64Array.from(times), new Int32Array(times.length), Float64Array.from(weights));
}

// Closed forms are evaluated here independently of the engines; the tolerances are a few ulps of the
// quantities (1e-15 relative to O(1) voltages, 1e-17 s to O(1e-2) s times) times the handful of operations.
describe('one LIF neuron against closed forms', () => {
  it('tonic firing with refractoriness: t_k = k r + k tau ln((I - vReset)/(I - 1)) shifted by the first crossing', () => {
    const iext = 1, vReset = 0.25, r = 0.002, v0 = 0; // I = 2
    for (const simulator of [new NetworkSimulator(oneNeuron(iext, vReset, r, v0, []), binaryHeap.create(1)), new NetworkReferenceSimulator(oneNeuron(iext, vReset, r, v0, []))]) {
      const spikes = new SpikeTrain();
      simulator.run({ maxSpikes: 50, record: spikes });
      const first = TAU * Math.log(2 / 1);
      const period = r + TAU * Math.log((2 - vReset) / 1);
      for (let k = 0; k < 50; k++) expect(spikes.times[k]).toBeCloseTo(first + k * period, 14);
    }
  });

  it('sub-threshold neuron: kicks sum, a kick across threshold fires at its own time, refractory kicks are ignored, one at exactly the end is applied', () => {
    const iext = -0.5, vReset = 0.1, r = 0.002; // I = 0.5: never fires alone
    const t1 = 0.005, t2 = 0.006, t3 = t2 + 0.001, t4 = t2 + r, sample = 0.0095;
    const events = () => [kicks([t1, t2, t3, t4], [0.3, 0.6, 0.9, 0.2])];
    const v1 = 0.5 + (0 - 0.5) * Math.exp(-t1 / TAU) + 0.3;
    const v2 = 0.5 + (v1 - 0.5) * Math.exp(-(t2 - t1) / TAU) + 0.6;
    expect(v2).toBeGreaterThan(1); // the second kick crosses threshold
    const v4 = vReset + 0.2; // the t3 kick is ignored (refractory), the t4 kick lands on vReset
    const vSample = 0.5 + (v4 - 0.5) * Math.exp(-(sample - t4) / TAU);
    for (const make of [(n: CompiledNetwork) => new NetworkSimulator(n, binaryHeap.create(1)), (n: CompiledNetwork) => new NetworkReferenceSimulator(n)]) {
      const simulator = make(oneNeuron(iext, vReset, r, 0, events()));
      const spikes = new SpikeTrain();
      simulator.run({ maxTimeSeconds: sample, record: spikes });
      expect(Array.from(spikes.times)).toEqual([t2]);
      expect(simulator.timeSeconds).toBe(sample);
      expect(simulator.voltages()[0]).toBeCloseTo(vSample, 14);
    }
  });

  it('a neuron with no drive and no input never fires and relaxes to I exactly by the closed form', () => {
    const simulator = new NetworkSimulator(oneNeuron(-1, 0, 0, 0.8, []), binaryHeap.create(1));
    const summary = simulator.run({ maxTimeSeconds: 0.03 });
    expect(summary.spikes).toBe(0);
    expect(simulator.voltages()[0]).toBeCloseTo(0.8 * Math.exp(-3), 15);
  });
});
