import { composeSimulator, createContainer, InvalidParameterError, SpikeTrain } from '@sparseprop/core';
import { registerHeapQueues } from '@sparseprop/queue-heap';
import { describe, expect, it } from 'vitest';
import { EifModel } from './eif-model.js';
import { EIF_DEFAULTS, EIF_MAX_DT, EIF_MAX_IEXT, EIF_MAX_V_PEAK, EIF_MAX_VT_OVER_DT, EIF_MIN_DT, type EifParameters } from './eif-parameters.js';
import { EifOde } from './ode-reference.test-support.js';
import { registerEif } from './plugin.js';

/*
 * The ends of the EIF's parameter ranges (eif-parameters.ts says how each was
 * measured; tools/hardening-check/src/model-ranges.ts prints the figures).
 * Inside, at each end: the period within 1e-13 and phases within 1e-12 of an
 * ODE solution (the accuracy eif-model.test.ts promises at the reference
 * parameters), and every engine equal to the O(N) reference over the first
 * 20 spikes to 1e-10 relative (the promise of eif-equivalence.test.ts; later
 * spikes may part by chaos). Outside: an InvalidParameterError naming the
 * parameter and the range.
 */
const PERIOD_TOLERANCE = 1e-13;
const PHASE_TOLERANCE = 1e-12;
const EARLY_SPIKES = 20;
const EARLY_TOLERANCE = 1e-10;

const container = registerHeapQueues(registerEif(createContainer()));

function spikes(p: EifParameters, iext: number, options: object): SpikeTrain {
  const train = new SpikeTrain(EARLY_SPIKES);
  composeSimulator({ model: 'eif', n: 300, k: 30, j0: 1, iext, seed: 7, modelParams: { ...p }, ...options }, container).simulator.run({ maxSpikes: EARLY_SPIKES, record: train });
  return train;
}

const d = EIF_DEFAULTS;
const insideEnds: [string, EifParameters, number][] = [
  ['largest drive, iext = EIF_MAX_IEXT', { ...d }, EIF_MAX_IEXT],
  // the smallest drive the tables resolve at the reference parameters: min F = 5e-4 = dT/200 (3e-4 is refused)
  ['drive 5e-4 above the tonic threshold', { ...d }, -0.0995],
  ['sharpest spike, dT = EIF_MIN_DT (min F = dT)', { ...d, dT: EIF_MIN_DT }, 0],
  ['softest spike, dT = EIF_MAX_DT', { ...d, dT: EIF_MAX_DT }, 0],
  ['VT = +EIF_MAX_VT_OVER_DT dT', { dT: 0.1, VT: 100, vReset: 99, vPeak: 1100 }, 100],
  ['VT = -EIF_MAX_VT_OVER_DT dT', { dT: 0.1, VT: -100, vReset: -101, vPeak: 900 }, -100],
  ['highest cut-off, vPeak = EIF_MAX_V_PEAK', { ...d, vPeak: EIF_MAX_V_PEAK }, 0.1],
];

describe('EIF parameter ranges: inside, at each end', () => {
  it.each(insideEnds)('%s: period and phases match an ODE solution, engines match the O(N) reference', (_name, p, iext) => {
    const model = new EifModel(1, iext, p);
    const ode = new EifOde(p, iext);
    expect(Math.abs(model.omega(0) * ode.period - 1)).toBeLessThan(PERIOD_TOLERANCE);
    for (const v of [p.vReset - 3, p.vReset, (p.vReset + p.VT) / 2, p.VT - p.dT / 2, p.VT, p.VT + p.dT]) {
      const phi = model.phase(v, 0);
      expect(Math.abs(phi - ode.phase(v)) / Math.max(1, Math.abs(phi)), `V = ${v}`).toBeLessThan(PHASE_TOLERANCE);
    }
    const reference = spikes(p, iext, { reference: true });
    for (const frame of ['phase', 'time']) {
      const train = spikes(p, iext, { frame });
      expect(Array.from(train.neurons), frame).toEqual(Array.from(reference.neurons));
      for (let s = 0; s < EARLY_SPIKES; s++) {
        expect(Number.isFinite(train.times[s]) && train.times[s] > 0).toBe(true);
        expect(Math.abs(train.times[s] - reference.times[s]) / reference.times[s], `${frame} spike ${s}`).toBeLessThan(EARLY_TOLERANCE);
      }
    }
  });

  it('the cut-off beyond a few dT above VT does not change the period (1000 and EIF_MAX_V_PEAK agree to 1e-15)', () => {
    const a = new EifModel(1, 0.1), b = new EifModel(1, 0.1, { vPeak: EIF_MAX_V_PEAK });
    expect(Math.abs(a.omega(0) / b.omega(0) - 1)).toBeLessThan(1e-15);
  });
});

describe('EIF parameter ranges: outside, a typed error naming the parameter and the range', () => {
  const next = (x: number) => x + Math.abs(x) * Number.EPSILON;
  it.each([
    ['iext just above EIF_MAX_IEXT', {}, next(EIF_MAX_IEXT), /^iext must be a number in \(-0\.1, 1e\+100\] \(above it min F/],
    ['iext 1e300', {}, 1e300, /^iext must be a number in \(-0\.1, 1e\+100\]/],
    ['iext at the tonic threshold', {}, -0.1, /^iext must be a number in \(-0\.1, 1e\+100\]/],
    ['iext NaN', {}, Number.NaN, /^iext must be a number in/],
    ['iext 3e-4 above the threshold (tables would need more than 16384 panels)', {}, -0.0997, /^iext must be such that .* can be tabulated with at most 16384 panels/],
    ['dT just below EIF_MIN_DT', { dT: EIF_MIN_DT * (1 - Number.EPSILON) }, 0, /^dT must be a number in \[0\.001, 1000000\]/],
    ['dT just above EIF_MAX_DT', { dT: next(EIF_MAX_DT) }, 0, /^dT must be a number in \[0\.001, 1000000\]/],
    ['VT beyond EIF_MAX_VT_OVER_DT dT', { VT: 101, vReset: 100, vPeak: 2000 }, 101, /^VT must be a number in \[-1000 dT, 1000 dT\] = \[-100, 100\]/],
    ['VT below -EIF_MAX_VT_OVER_DT dT', { VT: -101, vReset: -102, vPeak: 1000 }, -101, /^VT must be a number in \[-1000 dT, 1000 dT\]/],
    ['vPeak just above EIF_MAX_V_PEAK', { vPeak: next(EIF_MAX_V_PEAK) }, 0.1, /^vPeak must be a number in \(vReset, 1e\+50\] = \(-1, 1e\+50\]/],
  ] as [string, Partial<EifParameters>, number, RegExp][])('%s', (_name, p, iext, message) => {
    expect(() => new EifModel(2, iext, p)).toThrow(InvalidParameterError);
    expect(() => new EifModel(2, iext, p)).toThrow(message);
    // through composition, as the CLI's --iext and --param arrive (a non-finite drive is refused by the network's own check)
    // (one table search that fails takes seconds: the too-close drive is checked on the model alone)
    if (Number.isFinite(iext) && iext !== -0.0997) expect(() => composeSimulator({ model: 'eif', n: 10, k: 3, iext, modelParams: { ...p } }, container)).toThrow(message);
  });

  it('a table that cannot be built names every parameter when they are not the reference ones', () => {
    expect(() => new EifModel(1, -0.0099999, { dT: 0.01 })).toThrow(/^iext \(with dT = 0\.01, VT = 0, vReset = -1, vPeak = 1000\) must be such that .* can be tabulated/);
  });

  it('a per-neuron drive out of range names the neuron', () => {
    expect(() => new EifModel(3, Float64Array.of(0.1, 2e100, 0.1))).toThrow(/^iext of neuron 1 must be a number in \(-0\.1, 1e\+100\]/);
  });
});
