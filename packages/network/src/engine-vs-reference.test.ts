import { type CompiledNetwork, RunawayExcitationError, type Simulator, SpikeTrain } from '@sparseprop/core';
import { NetworkReferenceSimulator, NetworkSimulator } from '@sparseprop/core/plugin';
import { calendarQueue } from '@sparseprop/queue-calendar';
import { binaryHeap, thirtyTwoAryHeap } from '@sparseprop/queue-heap';
import { pairingHeap } from '@sparseprop/queue-pairing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { randomNetwork, randomNetworkSpec } from './random-network.test-support.js';

/**
 * Spike times of the engine and the reference agree to this many seconds.
 * The two compute the same exact solution with different roundings: the
 * reference advances every voltage at every event (a composition of many
 * `exp` steps), the engine once per delivery to that neuron. Each step is
 * within a few ulps (~1e-16 relative) of the exact voltage; a voltage error
 * δV moves a threshold crossing by δV / (dV/dt), and dV/dt at threshold is
 * at least I - 1 ≥ ~1e-3 for these drives (or the crossing is a kick, which
 * has the delivery's exact time). Hundreds of steps per spike then stay far
 * below 1e-9 s; the maximum observed is printed for the record.
 */
const TIME_TOLERANCE = 1e-9;

interface Outcome {
  spikes: SpikeTrain;
  runaway: boolean;
  voltages: Float64Array;
  time: number;
}

function runToEnd(simulator: Simulator & { voltages(): Float64Array }, maxSpikes: number, maxTimeSeconds: number): Outcome {
  const spikes = new SpikeTrain();
  try {
    simulator.run({ maxSpikes, maxTimeSeconds, record: spikes });
  } catch (error) {
    if (error instanceof RunawayExcitationError) return { spikes, runaway: true, voltages: new Float64Array(0), time: simulator.timeSeconds };
    throw error;
  }
  return { spikes, runaway: false, voltages: simulator.voltages(), time: simulator.timeSeconds };
}

let worst = 0;

function expectSame(network: CompiledNetwork, maxSpikes: number, maxTimeSeconds: number): number {
  const reference = runToEnd(new NetworkReferenceSimulator(network), maxSpikes, maxTimeSeconds);
  for (const queue of [binaryHeap, thirtyTwoAryHeap, pairingHeap, calendarQueue]) {
    const engine = runToEnd(new NetworkSimulator(network, queue.create(network.size)), maxSpikes, maxTimeSeconds);
    expect(engine.runaway).toBe(reference.runaway);
    expect(engine.spikes.length).toBe(reference.spikes.length);
    expect(Array.from(engine.spikes.neurons)).toEqual(Array.from(reference.spikes.neurons));
    const a = engine.spikes.times, b = reference.spikes.times;
    for (let s = 0; s < a.length; s++) {
      const error = Math.abs(a[s] - b[s]);
      worst = Math.max(worst, error);
      if (!(error <= TIME_TOLERANCE)) expect.fail(`spike ${s} (neuron ${engine.spikes.neurons[s]}): engine ${a[s]} s, reference ${b[s]} s`);
    }
    if (!reference.runaway) {
      expect(engine.time).toBe(reference.time);
      // voltages at the end: same exact state, same rounding argument (threshold units)
      for (let i = 0; i < network.size; i++) expect(Math.abs(engine.voltages[i] - reference.voltages[i])).toBeLessThanOrEqual(1e-9);
    }
  }
  return reference.spikes.length;
}

describe('network engine equals the O(N) reference spike for spike', () => {
  it('random E/I networks: delays (zero, per projection, per synapse), refractoriness, sub/supra-threshold, Poisson drive and sources, kick lists, step currents; every queue', () => {
    let total = 0;
    fc.assert(
      fc.property(randomNetworkSpec, (spec) => {
        total += expectSame(randomNetwork(spec), 1500, 0.4);
      }),
      { numRuns: 60, seed: 20261205 },
    );
    console.log(`compared ${total} spikes; largest spike-time difference ${worst.toExponential(2)} s`);
    expect(total).toBeGreaterThan(10_000);
  });
});
