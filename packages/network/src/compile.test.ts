import { InputFormatError, InsufficientMemoryError, InvalidParameterError, SpikeTrain } from '@sparseprop/core';
import { NetworkReferenceSimulator, NetworkSimulator } from '@sparseprop/core/plugin';
import { lif } from '@sparseprop/model-lif';
import { qif } from '@sparseprop/model-qif';
import { binaryHeap } from '@sparseprop/queue-heap';
import { describe, expect, it } from 'vitest';
import { checkRunLength, compileNetwork } from './compile.js';
import { brunelPreset, plainNetworkOf, referencePreset } from './presets.js';
import { parseNetworkConfig } from './schema.js';

const models = [lif];
const twoPops = () => ({
  tau: 0.02,
  populations: {
    E: { size: 40, iext: -1, refractory: 0.002, modelParams: { vReset: 0.5 } },
    I: { size: 10, iext: -1, refractory: 0.002, modelParams: { vReset: 0.5 } },
  },
  projections: [
    { from: 'E', to: 'E', inDegree: 8, weight: 0.05, delay: 0.0015 },
    { from: 'E', to: 'I', inDegree: 8, weight: 0.05, delay: 0.0015 },
    { from: 'I', to: 'E', inDegree: 2, weight: -0.25, delay: 0.0015 },
    { from: 'I', to: 'I', inDegree: 2, weight: -0.25, delay: 0.0015 },
  ] as Record<string, unknown>[],
  inputs: [{ poisson: { to: ['E', 'I'], rate: 20, count: 80, weight: 0.05 } }] as Record<string, unknown>[],
});

function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('network config: errors name the path, the value and what is allowed; nothing runs', () => {
  it.each([
    ['unknown population', (c: ReturnType<typeof twoPops>) => (c.projections[2].from = 'X'), /net\.json: projections\[2\]\.from must be a population of this config \(E, I\), got "X"/],
    ['in-degree above the source size', (c: ReturnType<typeof twoPops>) => (c.projections[2].inDegree = 11), /projections\[2\]\.inDegree must be at most the source size 10/],
    ['negative delay', (c: ReturnType<typeof twoPops>) => (c.projections[0].delay = -0.001), /projections\.0\.delay must be a delay ≥ 0/],
    ['NaN refractory', (c: ReturnType<typeof twoPops>) => ((c.populations.E as Record<string, unknown>).refractory = Number.NaN), /populations\.E\.refractory must be a finite number/],
    ['Dale violated', (c: ReturnType<typeof twoPops>) => (c.projections[1].weight = -0.05), /projections\[1\]\.weight must be of the sign of population E's other synapses .*Dale's law/],
    ['two connection rules', (c: ReturnType<typeof twoPops>) => (c.projections[0].outDegree = 3), /projections\.0 must be exactly one of outDegree, inDegree, probability, edges/],
    ['unknown key', (c: ReturnType<typeof twoPops>) => ((c.populations.I as Record<string, unknown>).sise = 3), /populations\.I must be one of the known keys \(unknown: sise\)/],
    ['size 0', (c: ReturnType<typeof twoPops>) => (c.populations.E.size = 0), /populations\.E\.size must be an integer ≥ 1, got 0/],
    ['vReset at threshold', (c: ReturnType<typeof twoPops>) => (c.populations.E.modelParams.vReset = 1), /populations\.E\.modelParams\.vReset must be a finite number < 1/],
    ['unknown model parameter', (c: ReturnType<typeof twoPops>) => ((c.populations.E.modelParams as Record<string, number>).vRest = 1), /modelParams\.vRest must be a parameter of model lif \(vReset\)/],
    ['input to an unknown population', (c: ReturnType<typeof twoPops>) => (c.inputs[0] = { poisson: { to: 'Z', rate: 1, weight: 0.1 } }), /inputs\[0\]\.poisson\.to must be a population of this config/],
  ])('%s', (_name, mutate, message) => {
    const config = twoPops();
    mutate(config);
    const error = errorOf(() => compileNetwork(config, { models, file: 'net.json' }));
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error.message).toMatch(message);
  });

  it('a QIF population (reset -Infinity, threshold +Infinity) needs its initial voltages', () => {
    const config = { populations: { Q: { size: 3, model: 'qif', iext: 0.5 } } };
    expect(() => compileNetwork(config, { models: [lif, qif] })).toThrow(/populations\.Q\.initVoltage must be given for model qif/);
    const withVoltages = { populations: { Q: { size: 3, model: 'qif', iext: 0.5, initVoltage: { uniform: { min: -1, max: 1 } } } } };
    expect(compileNetwork(withVoltages, { models: [lif, qif] }).network.populations[0].dynamics.name).toBe('qif');
  });

  it('Dale check can be switched off', () => {
    const config = { ...twoPops(), dale: false };
    config.projections[1].weight = -0.05;
    expect(compileNetwork(config, { models }).network.size).toBe(50);
  });

  it('memory is estimated before allocating', () => {
    const error = errorOf(() => compileNetwork(brunelPreset({ n: 100_000_000 }), { models, availableBytes: 2 ** 30 }));
    expect(error).toBeInstanceOf(InsufficientMemoryError);
  });

  it('a run whose external events alone are impossibly many is refused, naming the input', () => {
    const config = twoPops();
    config.inputs[0] = { poisson: { to: 'E', rate: 1e9, count: 1000, weight: 0.01 } };
    const { network } = compileNetwork(config, { models });
    expect(() => checkRunLength(network, 100)).toThrow(/inputs \(inputs\[0\] poisson\) must be at most 1e\+11 events per run/);
    expect(() => checkRunLength(network, 1e-6)).not.toThrow();
  });

  it('files: an out-of-range neuron names file:line; edge delays come from delay_s', () => {
    const files: Record<string, string> = {
      'events.csv': 'time_s,neuron,weight\n0.001,3,0.5\n0.002,50,0.5\n',
      'edges.csv': 'pre,post,weight,delay_s\n0,1,-0.1,0.001\n1,0,-0.1,0\n',
      'bad-edges.csv': '0,1,-0.1\n1,x,-0.1\n',
    };
    const readFile = (name: string) => files[name];
    const config = twoPops();
    config.inputs.push({ events: 'events.csv' });
    const error = errorOf(() => compileNetwork(config, { models, readFile }));
    expect(error).toBeInstanceOf(InputFormatError);
    expect(error.message).toBe('events.csv:3: neuron 50 out of range: must be an integer in [0, 49]');
    const withEdges = twoPops();
    withEdges.projections[3] = { from: 'I', to: 'I', edges: 'edges.csv' };
    const built = compileNetwork(withEdges, { models, readFile });
    const t = new Int32Array(4), w = new Float64Array(4), d = new Float64Array(4);
    const projection = built.network.projections[3];
    expect(projection.delay).toBeUndefined();
    expect(projection.targetsOf(40, t, w, d)).toBe(1);
    expect([t[0], w[0], d[0]]).toEqual([41, -0.1, 0.001]);
    withEdges.projections[3] = { from: 'I', to: 'I', edges: 'bad-edges.csv' };
    expect(errorOf(() => compileNetwork(withEdges, { models, readFile })).message).toBe('bad-edges.csv:2: column 2 is not a finite number: "x"');
  });
});

describe('compiled networks', () => {
  it('neurons are numbered across populations in config order, sources after them', () => {
    const config = twoPops();
    (config.populations as Record<string, unknown>).X = { size: 5, source: { poisson: { rate: 10 } } };
    config.projections.push({ from: 'X', to: 'E', outDegree: 3, weight: 0.1 });
    const { layout, network } = compileNetwork(config, { models });
    expect(layout.map((e) => [e.name, e.start, e.end, e.kind])).toEqual([
      ['E', 0, 40, 'neurons'],
      ['I', 40, 50, 'neurons'],
      ['X', 50, 55, 'source'],
    ]);
    expect([network.size, network.sourceCount]).toEqual([50, 5]);
  });

  it('in-degree is exact: every target receives inDegree synapses from distinct sources, no autapses', () => {
    const { network } = compileNetwork(twoPops(), { models });
    const received = new Map<string, number>();
    const t = new Int32Array(64), w = new Float64Array(64), d = new Float64Array(64);
    const projection = network.projections[0]; // E -> E, inDegree 8
    for (let pre = 0; pre < 40; pre++) {
      const count = projection.targetsOf(pre, t, w, d);
      for (let s = 0; s < count; s++) {
        expect(t[s]).not.toBe(pre);
        const key = `${pre}->${t[s]}`;
        expect(received.has(key)).toBe(false);
        received.set(key, 1);
      }
    }
    const inDegree = new Int32Array(40);
    for (const key of received.keys()) inDegree[Number(key.split('->')[1])]++;
    expect(Array.from(inDegree)).toEqual(new Array(40).fill(8));
  });

  it('a small Brunel network: engine equals the O(N) reference for 1000 spikes (delays, refractoriness, Poisson drive)', () => {
    const { network } = compileNetwork(brunelPreset({ n: 150, g: 5, eta: 2 }), { models });
    const a = new SpikeTrain(), b = new SpikeTrain();
    new NetworkSimulator(network, binaryHeap.create(network.size)).run({ maxSpikes: 1000, record: a });
    new NetworkReferenceSimulator(network).run({ maxSpikes: 1000, record: b });
    expect(Array.from(a.neurons)).toEqual(Array.from(b.neurons));
    // same rounding argument as engine-vs-reference.test.ts: a few ulps per step, far below 1e-9 s
    for (let s = 0; s < a.length; s++) expect(Math.abs(a.times[s] - b.times[s])).toBeLessThan(1e-9);
  });

  it('Poisson drive follows NEST poisson_generator semantics: each target receives rate × count events per second', () => {
    // no recurrent synapses, a neuron that never fires (huge negative drive): count the kicks per neuron
    const config = {
      populations: { A: { size: 50, iext: -1 }, B: { size: 50, iext: -1 } },
      inputs: [{ poisson: { to: ['A', 'B'], rate: 10, count: 20, weight: 1e-9 } }],
    };
    const { network } = compileNetwork(config, { models });
    const input = network.inputs[0].fork();
    const counts = new Float64Array(100);
    const seconds = 10;
    while (input.peekTime() < seconds) {
      counts[input.peekTarget()]++;
      input.pop();
    }
    const mean = counts.reduce((x, y) => x + y, 0) / 100;
    // mean of 100 Poisson counts of mean 2000: standard error sqrt(2000/100) ≈ 4.5; 5 standard errors
    expect(Math.abs(mean - 10 * 20 * seconds)).toBeLessThan(5 * Math.sqrt(2000 / 100));
    const variance = counts.reduce((x, y) => x + (y - mean) ** 2, 0) / 99;
    // Poisson: variance = mean; the sample variance of 100 counts has relative spread sqrt(2/99) ≈ 0.14; 4 sigma
    expect(Math.abs(variance / mean - 1)).toBeLessThan(4 * Math.sqrt(2 / 99));
  });

  it('the reference preset is recognised as the plain network (runs on the phase engines)', () => {
    expect(plainNetworkOf(parseNetworkConfig(referencePreset()))).toEqual({ n: 100_000, k: 100, j0: 1, iext: 0.1, tau: 0.01, seed: 1 });
    const brunel = parseNetworkConfig(brunelPreset());
    expect(plainNetworkOf(brunel)).toBeUndefined();
  });
});
