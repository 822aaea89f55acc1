import { composeSimulator, createContainer, InvalidParameterError, type ModelPlugin, registeredModels, registerPlugins, SpikeTrain } from '@sparseprop/core';
import { eif, registerEif } from '@sparseprop/model-eif';
import { LifModel, lif, registerLif } from '@sparseprop/model-lif';
import { qif, registerQif } from '@sparseprop/model-qif';
import { registerHeapQueues } from '@sparseprop/queue-heap';
import { compareSpikeTrains } from '@sparseprop/testkit';
import { describe, expect, it } from 'vitest';
import { ChebyshevPtcModel } from './chebyshev-ptc-model.js';
import { fromRightHandSide } from './from-right-hand-side.js';
import { chebyshev, registerChebyshevVariants } from './plugin.js';
import { ptcGridError } from './chebyshev.test-support.js';

const network = (weights: number[], iext = 0.1) => ({
  n: 10,
  tau: 0.01,
  iext,
  drive: undefined,
  weights: { min: Math.min(...weights), max: Math.max(...weights), distinct: Float64Array.from(weights).sort() },
});

describe('chebyshev(base)', () => {
  it('is named chebyshev:<base>, takes the base parameters plus tolerance and maxDegree', () => {
    const plugin = chebyshev(eif);
    expect(plugin.name).toBe('chebyshev:eif');
    expect(plugin.parameters.map((p) => p.name)).toEqual(['dT', 'VT', 'vReset', 'vPeak', 'tolerance', 'maxDegree']);
    expect(plugin.parameters.find((p) => p.name === 'tolerance')).toMatchObject({ default: 1e-12, range: '[1e-14, 0.01]' });
    expect(plugin.parameters.find((p) => p.name === 'maxDegree')).toMatchObject({ default: 8 });
  });

  it('creates the base model with its own parameters and fits it for the network weights', () => {
    const model = chebyshev(eif).create(network([-0.2]), { dT: 0.2, VT: 0, vReset: -1, vPeak: 1000, tolerance: 1e-10, maxDegree: 12 });
    expect(model).toBeInstanceOf(ChebyshevPtcModel);
    const cheb = model as ChebyshevPtcModel;
    expect(cheb.base.name).toBe('eif');
    expect((cheb.base as unknown as { parameters: { dT: number } }).parameters.dT).toBe(0.2);
    expect(cheb.options).toMatchObject({ tolerance: 1e-10, maxDegree: 12 });
    expect(cheb.fitSummary).toMatchObject({ fitting: 'per-weight', weights: 1 });
  });

  it('keeps the base initial state convention (QIF draws phases on (-pi, pi])', () => {
    const plugin = chebyshev(qif);
    const model = plugin.create(network([-0.1], 1), { tolerance: 1e-12, maxDegree: 8 });
    expect(plugin.initialPhase!(0.25, model)).toBe(qif.initialPhase!(0.25, (model as ChebyshevPtcModel).base));
    expect(chebyshev(lif).initialPhase).toBeUndefined();
  });

  it('refuses a base that already has a tolerance or maxDegree parameter', () => {
    const clash: ModelPlugin = { ...lif, name: 'clash', parameters: [{ name: 'tolerance', description: '', unit: '1', default: 1, range: '' }] };
    expect(() => chebyshev(clash)).toThrow(/parameters of model clash must be names other than tolerance, maxDegree/);
  });
});

describe('registerChebyshevVariants', () => {
  it('adds chebyshev:<name> for every registered model, once, leaving variants and overrides alone', () => {
    const container = registerLif(registerQif(registerEif(createContainer())));
    registerChebyshevVariants(container);
    registerChebyshevVariants(container); // idempotent
    const names = registeredModels(container).map((m) => m.name);
    expect(names.sort()).toEqual(['chebyshev:eif', 'chebyshev:lif', 'chebyshev:qif', 'eif', 'lif', 'qif']);
  });

  it('a base registered twice (an override) gets the variant of its last registration', () => {
    const override: ModelPlugin = { ...lif, description: 'my lif' };
    const container = registerPlugins(registerLif(createContainer()), override);
    registerChebyshevVariants(container);
    const variants = registeredModels(container).filter((m) => m.name === 'chebyshev:lif');
    expect(variants).toHaveLength(1);
    expect(variants[0].description).toContain('my lif');
  });

  it('composes by name with model parameters; bad values and heterogeneous drives are typed errors', () => {
    const container = registerChebyshevVariants(registerHeapQueues(registerLif(createContainer())));
    const { model } = composeSimulator({ model: 'chebyshev:lif', n: 50, k: 5, modelParams: { tolerance: 1e-9 } }, container);
    expect((model as ChebyshevPtcModel).options.tolerance).toBe(1e-9);
    expect(() => composeSimulator({ model: 'chebyshev:lif', n: 50, k: 5, modelParams: { tolerance: -1 } }, container)).toThrow(InvalidParameterError);
    expect(() => composeSimulator({ model: 'chebyshev:lif', n: 50, k: 5, modelParams: { maxDegree: 2.5 } }, container)).toThrow(/maxDegree must be an integer/);
    expect(() => composeSimulator({ model: 'chebyshev:lif', n: 50, k: 5, eta: 0.3 }, container)).toThrow(/drive must be one drive for all neurons/);
  });
});

describe('fromRightHandSide', () => {
  const lifFromRhs = fromRightHandSide({
    name: 'lif-by-rhs',
    description: 'dV/dt = -V + 1 + iext, threshold 1, reset 0, from F(V) alone',
    rhs: (v, iext) => -v + 1 + iext,
    vReset: 0,
    vPeak: 1,
  });

  it('a LIF given only as F(V) = -V + 1 + iext reproduces the closed-form PTC', () => {
    for (const [iext, J] of [[0.1, -0.1], [0.5, -0.8], [0.1, 0.2]]) {
      const model = lifFromRhs.create(network([J], iext), { tolerance: 1e-12, maxDegree: 8 });
      const exact = new LifModel(1, iext);
      expect(model.omega(0)).toBeCloseTo(exact.omega(0), 13);
      // the quadrature table adds ~1e-14 to the fit's 1e-12: 2e-12 bounds both
      const { worst } = ptcGridError(model, exact, J, -1, 1, 2e-12, 20001);
      expect(worst, `iext ${iext} J ${J}`).toBeLessThanOrEqual(2e-12);
    }
  });

  it('its spike trains match the LIF closed form through composeSimulator', () => {
    const container = registerPlugins(registerHeapQueues(registerLif(createContainer())), lifFromRhs);
    const run = (model: string) => {
      const { simulator } = composeSimulator({ model, n: 300, k: 30, j0: 1, iext: 0.1, seed: 5 }, container);
      const train = new SpikeTrain();
      simulator.run({ maxSpikes: 2000, record: train });
      return train;
    };
    const cmp = compareSpikeTrains(run('lif-by-rhs'), run('lif'), 1e-10);
    expect(cmp.identicalPrefix).toBe(2000);
    // inhibitory LIF contracts: per-kick PTC differences ≤ 2e-12 stay ≤ ~1e-10 s (see equivalence.test.ts)
    expect(cmp.maxRelativeTimeError).toBeLessThan(1e-9);
  });

  it('passes its own parameters to F and checks them', () => {
    const plugin = fromRightHandSide({
      name: 'leaky-gain',
      description: 'dV/dt = -V/g + 1 + iext',
      rhs: (v, iext, p) => -v / p.g + 1 + iext,
      vReset: 0,
      vPeak: (p) => p.peak,
      parameters: [
        { name: 'g', description: 'gain', unit: '1', default: 1, range: '(0, Infinity)' },
        { name: 'peak', description: 'cut-off', unit: '1', default: 1, range: '(0, Infinity)' },
      ],
    });
    expect(plugin.parameters.map((p) => p.name)).toEqual(['g', 'peak', 'tolerance', 'maxDegree']);
    const model = plugin.create(network([-0.1]), { g: 1, peak: 1, tolerance: 1e-12, maxDegree: 8 });
    expect(model.omega(0)).toBeCloseTo(new LifModel(1, 0.1).omega(0), 12);
    // a cut-off F never reaches: F(V) = -V + 1.1 ≤ 0 from V = 1.1 on
    expect(() => plugin.create(network([-0.1]), { g: 1, peak: 2, tolerance: 1e-12, maxDegree: 8 })).toThrow(InvalidParameterError);
    expect(() => plugin.create({ ...network([-0.1]), drive: new Float64Array(10).fill(0.1) }, { g: 1, peak: 1, tolerance: 1e-12, maxDegree: 8 })).toThrow(/drive must be one drive for all neurons: leaky-gain/);
  });
});
