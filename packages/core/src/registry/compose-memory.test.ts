import { describe, expect, it } from 'vitest';
import type { NeuronModel } from '../contracts/neuron-model.js';
import type { ModelPlugin, PlainEngineRequest, PlainEnginePlugin, QueuePlugin } from '../contracts/plugins.js';
import type { Simulator } from '../contracts/simulator.js';
import { InsufficientMemoryError } from '../errors/errors.js';
import { FixedOutDegreeConnectivity } from '../connectivity/fixed-out-degree.js';
import { expKeyEngine } from '../engines/exp-key-simulator.js';
import { randomInitialPhases } from '../network/initial-phases.js';
import { estimateStateBytes } from '../network/memory.js';
import { composeSimulator } from './compose.js';
import { createContainer, registerPlugins } from './registry.js';

/** A model with what composition reads (no engine here runs it). */
const stubModel: ModelPlugin = {
  kind: 'model',
  name: 'stub',
  description: 'test only',
  parameters: [],
  create: (network) => ({ name: 'stub', size: network.n, homogeneous: true, phiThreshold: 1, phiReset: 0, phiMin: -Infinity, omega: () => 1 }) as unknown as NeuronModel,
};

/** An engine that states its bytes and must never be created when they do not fit. */
function engine(bytesPerNeuron: number | undefined, created: PlainEngineRequest[]): PlainEnginePlugin {
  return {
    kind: 'engine',
    name: 'stub-engine',
    description: 'test only',
    unsupportedReason: () => undefined,
    create: (request) => {
      created.push(request);
      return {} as Simulator;
    },
    ...(bytesPerNeuron === undefined ? {} : { estimateBytes: (request: PlainEngineRequest) => bytesPerNeuron * request.model.size }),
  };
}

describe('composition refuses what will not fit, before the engine allocates', () => {
  it('asks the chosen engine for its bytes and names n and the largest N that fits', () => {
    const created: PlainEngineRequest[] = [];
    const container = registerPlugins(createContainer(), stubModel, engine(20, created));
    const config = { model: 'stub', n: 1000, k: 10, engine: 'stub-engine' };
    let error: unknown;
    try {
      composeSimulator({ ...config, availableBytes: 19_999 }, container);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InsufficientMemoryError);
    const refusal = error as InsufficientMemoryError;
    expect(refusal.requiredBytes).toBe(20_000);
    expect(refusal.limit).toEqual({ parameter: 'n', largest: 999, basis: '20.0 B per neuron: stub-engine engine' });
    expect(refusal.message).toMatch(/\(20\.0 B per neuron: stub-engine engine\): n must be at most 999$/);
    expect(created).toHaveLength(0);
    // exactly enough, or no budget given: created
    composeSimulator({ ...config, availableBytes: 20_000 }, container);
    composeSimulator(config, container);
    expect(created).toHaveLength(2);
  });

  it('assumes estimateStateBytes for an engine that states nothing', () => {
    const created: PlainEngineRequest[] = [];
    const container = registerPlugins(createContainer(), stubModel, engine(undefined, created));
    const needed = estimateStateBytes(1000);
    expect(() => composeSimulator({ model: 'stub', n: 1000, k: 10, engine: 'stub-engine', availableBytes: needed - 1 }, container)).toThrow(InsufficientMemoryError);
    composeSimulator({ model: 'stub', n: 1000, k: 10, engine: 'stub-engine', availableBytes: needed }, container);
    expect(created).toHaveLength(1);
  });

  it('the exp-key engine counts its queue plugin’s bytes per neuron (whether keys can fall), else 24', () => {
    const asked: boolean[] = [];
    const queue: QueuePlugin = { kind: 'queue', name: 'sized', description: 'test only', create: () => ({}) as never, bytesPerNeuron: (mayFall) => (asked.push(mayFall), mayFall ? 30 : 10) };
    const request = (weight: number, plugin: QueuePlugin | undefined) =>
      ({ model: { size: 1e6 }, connectivity: new FixedOutDegreeConnectivity({ n: 1e6, k: 10, weight, seed: 1 }), queue: plugin }) as unknown as PlainEngineRequest;
    const inhibitory = expKeyEngine.estimateBytes!(request(-0.1, queue));
    const excitatory = expKeyEngine.estimateBytes!(request(0.1, queue));
    const unstated = expKeyEngine.estimateBytes!(request(-0.1, undefined));
    expect(asked).toEqual([false, true]);
    // per neuron the queue's figure; the rest is a fixed part (the spiker's targets and one chunk of initial phases)
    const fixed = inhibitory - 10e6;
    expect(excitatory - 30e6).toBe(fixed);
    expect(unstated - 24e6).toBe(fixed);
    expect(fixed).toBeGreaterThan(0);
    expect(fixed).toBeLessThan(2 ** 20);
  });
});

describe('the random initial state', () => {
  it('is built by the engine in chunks and read back, as one array, from the composition', () => {
    const created: PlainEngineRequest[] = [];
    const container = registerPlugins(createContainer(), stubModel, engine(8, created));
    const composed = composeSimulator({ model: 'stub', n: 5000, k: 10, seed: 3, engine: 'stub-engine' }, container);
    const source = created[0].options.initialPhaseSource!;
    expect(created[0].options.initialPhases).toBeUndefined();
    expect(source.size).toBe(5000);
    const expected = randomInitialPhases(composed.model, composed.plugin, composed.network.initSeed);
    expect(Array.from(composed.initialPhases)).toEqual(Array.from(expected));
    expect(composed.initialPhases).toBe(composed.initialPhases); // generated once
  });
});
