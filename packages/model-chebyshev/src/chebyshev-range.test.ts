import { composeSimulator, createContainer, InvalidParameterError, SpikeTrain } from '@sparseprop/core';
import { registerEif } from '@sparseprop/model-eif';
import { registerLif } from '@sparseprop/model-lif';
import { QIF_MIN_IEXT, registerQif } from '@sparseprop/model-qif';
import { registerHeapQueues } from '@sparseprop/queue-heap';
import { describe, expect, it } from 'vitest';
import { ChebyshevPtcModel } from './chebyshev-ptc-model.js';
import { ptcGridError } from './chebyshev.test-support.js';
import { registerChebyshevVariants } from './plugin.js';

/*
 * A Chebyshev variant accepts exactly its base model's parameter range (the
 * base is built first and refuses the rest) plus the fit's own `tolerance`
 * in [1e-14, 1e-2] and `maxDegree` in [4, 256]. Measured at every end
 * (tools/hardening-check/src/model-ranges.ts; table in the README): the fit
 * meets its tolerance there, so the variant needs no range of its own.
 * Inside, at each end: the fitted PTC within the tolerance plus rounding
 * (allowedError) of the base's on a grid of phases, for the network's weight,
 * and the engine equal to the base model's O(N) reference over the first 20
 * spikes to 1e3 x tolerance relative, at least 1e-9 (a phase error of the
 * tolerance moves a spike by about that fraction of a period; the factor
 * leaves room for K = 30 kicks of it to add up).
 */
const EARLY_SPIKES = 20;
const earlyTolerance = (fitTolerance: number) => Math.max(1e-9, 1e3 * fitTolerance);
const container = registerChebyshevVariants(registerHeapQueues(registerEif(registerQif(registerLif(createContainer())))));

function train(config: object): SpikeTrain {
  const t = new SpikeTrain(EARLY_SPIKES);
  composeSimulator(config as never, container).simulator.run({ maxSpikes: EARLY_SPIKES, record: t });
  return t;
}

describe('Chebyshev variants at the ends of their ranges', () => {
  it.each([
    ['lif', 1e-6, {}],
    ['lif', 1e3, {}],
    ['qif', QIF_MIN_IEXT, {}],
    ['qif', 1e300, {}],
    ['eif', 1e100, {}],
    ['lif', 0.1, { tolerance: 1e-14 }],
    ['lif', 0.1, { tolerance: 1e-2 }],
    ['eif', 0.1, { maxDegree: 4 }],
    ['lif', 1e-6, { maxDegree: 256 }],
  ] as [string, number, Record<string, number>][])('chebyshev:%s at iext = %d %j: fit within tolerance, engine equals the base reference', (base, iext, params) => {
    const config = { model: `chebyshev:${base}`, n: 300, k: 30, j0: 1, iext, seed: 3, modelParams: params };
    const composed = composeSimulator(config, container);
    const model = composed.model as ChebyshevPtcModel;
    const targets = new Int32Array(composed.connectivity.maxOutDegree), weights = new Float64Array(targets.length);
    composed.connectivity.targetsOf(0, targets, weights);
    const { excess } = ptcGridError(model, model.base, weights[0], model.phiLow, 1, model.options.tolerance, 4001);
    expect(excess).toBeLessThanOrEqual(0);
    const fitted = train(config), reference = train({ ...config, model: base, reference: true, modelParams: {} });
    expect(Array.from(fitted.neurons)).toEqual(Array.from(reference.neurons));
    for (let s = 0; s < EARLY_SPIKES; s++) {
      expect(Number.isFinite(fitted.times[s])).toBe(true);
      expect(Math.abs(fitted.times[s] - reference.times[s]) / reference.times[s], `spike ${s}`).toBeLessThan(earlyTolerance(model.options.tolerance));
    }
  });

  it.each([
    ['lif', 1e-320, {}, /^iext must be a number in \[0\.000001, 1000\] for lif/],
    ['lif', 1e16, {}, /^iext must be a number in \[0\.000001, 1000\] for lif/],
    ['qif', 5e-324, {}, /^iext must be a finite number ≥ 2\.2250738585072014e-308/],
    ['eif', 1e101, {}, /^iext must be a number in \(-0\.1, 1e\+100\]/],
    ['eif', 0.1, { dT: 1e-4 }, /^dT must be a number in \[0\.001, 1000000\]/],
    ['lif', 0.1, { tolerance: 1e-15 }, /tolerance/],
    ['lif', 0.1, { maxDegree: 257 }, /maxDegree/],
  ] as [string, number, Record<string, number>, RegExp][])('chebyshev:%s at iext = %d %j: the typed error of the base or the fit', (base, iext, params, message) => {
    const build = () => composeSimulator({ model: `chebyshev:${base}`, n: 30, k: 5, iext, modelParams: params }, container);
    expect(build).toThrow(InvalidParameterError);
    expect(build).toThrow(message);
  });
});
