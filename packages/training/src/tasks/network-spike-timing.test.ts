import { NetworkSimulator, SpikeTrain } from '@sparseprop/core/plugin';
import { lif } from '@sparseprop/model-lif';
import { compileNetwork } from '@sparseprop/network';
import { IndexedDaryHeap } from '@sparseprop/queue-heap';
import { describe, expect, it } from 'vitest';
import { InvalidParameterError } from '@sparseprop/core';
import { networkSpikeTimingDefinition, networkSpikeTimingSchema } from './network-spike-timing.js';
import type { TaskContext } from './task-contract.js';

// E (6) and I (3) LIF neurons with delays and refractoriness, a source population from a spike file onto E
// (per-synapse delays), a Poisson kick stream onto I and a kick list from an events file
const files: Record<string, string> = {
  'nets/net.json': JSON.stringify({
    tau: 0.01,
    seed: 11,
    dale: false,
    populations: {
      E: { size: 6, model: 'lif', iext: 0.3, refractory: 0.001 },
      I: { size: 3, model: 'lif', drive: [0.2, 0.25, 0.3], refractory: 0.0005 },
      S: { size: 2, source: { spikes: 'data/s.csv' } },
    },
    projections: [
      { from: 'E', to: 'E', probability: 0.4, weight: 0.03, delay: 0.001 },
      { from: 'E', to: 'I', probability: 0.5, weight: 0.05, delay: 0.0005 },
      { from: 'I', to: 'E', inDegree: 2, weight: -0.1, delay: { uniform: { min: 0, max: 0.002 } } },
      { from: 'S', to: 'E', probability: 0.6, weight: 0.1, delay: { uniform: { min: 0.0002, max: 0.001 } } },
    ],
    inputs: [{ poisson: { to: 'I', rate: 300, weight: 0.02 } }, { events: 'data/kicks.csv' }],
  }),
  'nets/data/s.csv': 'time_s,neuron\n0.002,0\n0.005,1\n0.009,0\n0.013,1\n0.021,0\n',
  'nets/data/kicks.csv': 'time_s,neuron,weight\n0.004,2,0.05\n0.011,4,0.05\n0.017,7,-0.04\n',
};
const context: TaskContext = {
  readFile: (path) => {
    if (!(path in files)) throw new Error(`no file ${path}`);
    return files[path];
  },
  modelPlugins: [lif],
};
const settings = networkSpikeTimingSchema.parse({ config: 'nets/net.json', trialSeconds: 0.06, outputs: [0, 2, 7], targetsSeconds: [0.01, 0.02, 0.03] });
const build = () => networkSpikeTimingDefinition.build(settings, () => { throw new Error('unused'); }, undefined, undefined, context);

describe('network-spike-timing task', () => {
  it('trains every recurrent synapse, source synapse and kick weight: a gradient step lowers the loss as the gradient predicts', () => {
    const task = build();
    const base = task.runTrial(0, true);
    expect(base.spikes).toBeGreaterThan(20);
    const g = base.gradients!;
    // groups: 3 recurrent projections merged; 2 source neurons' synapses + the Poisson stream's weight + the event file's two jumps
    expect(g.recurrent.length).toBe(task.parameters.recurrent.length);
    expect(task.parameters.input.length).toBe(g.input.length);
    let norm2 = 0;
    for (const values of Object.values(g)) for (const x of values) norm2 += x * x;
    expect(norm2).toBeGreaterThan(0);
    // first order: a step η along −g lowers L by η|g|² (1 ± O(η)); η chosen for a 1e-4 relative decrease
    const eta = (1e-4 * base.loss) / norm2;
    for (const [name, values] of Object.entries(g)) values.forEach((x, k) => (task.parameters[name][k] -= eta * x));
    const after = task.runTrial(0, false);
    const predicted = eta * norm2;
    expect(base.loss - after.loss).toBeGreaterThan(0.9 * predicted);
    expect(base.loss - after.loss).toBeLessThan(1.1 * predicted);
  });

  it('writes trained-network.json that sparseprop run --config reproduces: same spikes as the task forward', () => {
    const task = build();
    // "trained": move every weight by a few percent
    for (const values of Object.values(task.parameters)) values.forEach((x, k) => (values[k] = x * (1 + 0.03 * Math.sin(k + 1))));
    const out = task.files();
    expect(Object.keys(out)).toEqual(expect.arrayContaining(['trained-network.json', 'trained-projection-0.csv', 'trained-projection-3.csv', 'trained-events-1.csv', 'trained-source-S.csv', 'input-weights.csv']));
    const config = JSON.parse(out['trained-network.json']);
    const compiled = compileNetwork(config, { models: [lif], readFile: (path) => out[path] }).network;
    const rerun = new SpikeTrain();
    new NetworkSimulator(compiled, new IndexedDaryHeap(compiled.size, 4)).run({ maxTimeSeconds: 0.06, record: rerun });
    // the task's forward (its network engine run on the trained weights) against the written config's run:
    // the same spikes; times to rounding (the task starts from voltage(phase(v0)), a few ulps from v0)
    const first = (task as unknown as { task: { forward(): SpikeTrain } }).task.forward();
    expect(Array.from(rerun.neurons)).toEqual(Array.from(first.neurons));
    for (let s = 0; s < first.length; s++) expect(Math.abs(rerun.times[s] - first.times[s])).toBeLessThan(1e-12);
  });

  it('names what it cannot use', () => {
    expect(() => networkSpikeTimingDefinition.build(settings, () => { throw new Error('unused'); })).toThrow(/context/);
    const bad = networkSpikeTimingSchema.parse({ ...settings, outputs: [0, 9, 2] });
    expect(() => networkSpikeTimingDefinition.build(bad, () => { throw new Error('unused'); }, undefined, undefined, context)).toThrow(InvalidParameterError);
    expect(() => networkSpikeTimingDefinition.build(bad, () => { throw new Error('unused'); }, undefined, undefined, context)).toThrow(/network\.outputs\.1/);
    expect(networkSpikeTimingSchema.safeParse({ config: 'x.json', outputs: [1], targetsSeconds: [0.5], trialSeconds: 0.1 }).error?.issues[0].path).toEqual(['targetsSeconds', 0]);
  });
});
