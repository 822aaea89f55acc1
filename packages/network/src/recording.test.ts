import { SpikeTrain } from '@sparseprop/core';
import { NetworkReferenceSimulator, NetworkSimulator } from '@sparseprop/core/plugin';
import { lif } from '@sparseprop/model-lif';
import { binaryHeap } from '@sparseprop/queue-heap';
import { describe, expect, it } from 'vitest';
import { compileNetwork } from './compile.js';
import { FilteredRecorder, populationRates, sampleVoltages } from './recording.js';

describe('recording', () => {
  it('voltages at sample times: the closed form between events, and the same from the engine and the reference', () => {
    // two uncoupled neurons with no input: V(t) = I + (V0 - I) e^{-t/tau}, spikes reset them
    const config = { tau: 0.01, populations: { A: { size: 2, iext: 0.5, initVoltage: [0, 0.9], refractory: 0.001 } } };
    const { network } = compileNetwork(config, { models: [lif] });
    const times = Float64Array.from({ length: 20 }, (_, s) => 0.001 * (s + 1));
    const neurons = Int32Array.of(0, 1);
    const spikes = new SpikeTrain();
    const engine = sampleVoltages(new NetworkSimulator(network, binaryHeap.create(2)), neurons, times, { record: spikes });
    const reference = sampleVoltages(new NetworkReferenceSimulator(network), neurons, times);
    const period = 0.001 + 0.01 * Math.log(1.5 / 0.5); // refractory + free period from reset 0 with I = 1.5
    const firstSpike = [0.01 * Math.log(1.5 / 0.5), 0.01 * Math.log(0.6 / 0.5)];
    for (let s = 0; s < times.length; s++) {
      for (const i of [0, 1]) {
        let t = times[s], v0 = i === 0 ? 0 : 0.9;
        if (t >= firstSpike[i]) {
          const since = (t - firstSpike[i]) % period;
          if (since < 0.001) {
            expect(engine[s * 2 + i]).toBe(0); // refractory: held at vReset
            continue;
          }
          t = since - 0.001;
          v0 = 0;
        }
        const exact = 1.5 + (v0 - 1.5) * Math.exp(-t / 0.01);
        // closed form vs the engine's composition of exact steps: a few ulps of O(1) voltages
        expect(Math.abs(engine[s * 2 + i] - exact)).toBeLessThan(1e-12);
        expect(Math.abs(reference[s * 2 + i] - exact)).toBeLessThan(1e-12);
      }
    }
    expect(spikes.length).toBeGreaterThan(2);
  });

  it('binned population rates count spikes per bin and neuron', () => {
    const times = Float64Array.of(0.0001, 0.0002, 0.0015, 0.0025, 0.0026);
    const neurons = Int32Array.of(0, 3, 1, 2, 3);
    const [a, b] = populationRates(times, neurons, [{ start: 0, end: 2 }, { start: 2, end: 4 }], 0.001, 0.003);
    expect(Array.from(a)).toEqual([500, 500, 0]); // 1 spike / (1 ms × 2 neurons)
    expect(Array.from(b)).toEqual([500, 0, 1000]);
  });

  it('a filtered recorder keeps only chosen neurons', () => {
    const train = new SpikeTrain();
    const recorder = new FilteredRecorder(train, Uint8Array.of(0, 1, 0, 1));
    [0, 1, 2, 3, 1].forEach((j, s) => recorder.push(s, j));
    expect(Array.from(train.neurons)).toEqual([1, 3, 1]);
  });
});
