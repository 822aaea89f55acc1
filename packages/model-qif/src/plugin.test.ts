import { modelConformance } from '@sparseprop/testkit';
import { composeSimulator, createContainer, InvalidParameterError, randomInitialPhases, registeredModels, UnknownPluginError } from '@sparseprop/core/plugin';
import { registerHeapQueues } from '@sparseprop/queue-heap';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { qif, registerQif } from './plugin.js';
import { QifModel } from './qif-model.js';

const container = registerHeapQueues(registerQif(createContainer()));

describe('qif plugin', () => {
  it('registers under the name "qif" with no model parameters', () => {
    expect(registeredModels(container).map((p) => p.name)).toContain('qif');
    expect(qif.parameters).toEqual([]);
    expect(() => composeSimulator({ model: 'qif', n: 10, k: 3, modelParams: { dT: 1 } }, container)).toThrow(/modelParams.dT must be one of the qif parameters: \(none\)/);
    expect(() => composeSimulator({ model: 'qif', n: 10, k: 3 }, registerHeapQueues(createContainer()))).toThrow(UnknownPluginError);
  });

  it('initial phases follow the C anchor, 2 pi (0.5 - u), inside (-pi, pi]', () => {
    const model = new QifModel(1, 0.1);
    expect(qif.initialPhase?.(0, model)).toBe(Math.PI);
    expect(qif.initialPhase?.(0.5, model)).toBe(0);
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), (u) => {
        const phi = qif.initialPhase?.(u, model) ?? Number.NaN;
        expect(phi).toBeGreaterThan(model.phiMin);
        expect(phi).toBeLessThanOrEqual(model.phiThreshold);
        expect(phi).toBe(2.0 * Math.PI * (0.5 - u));
      }),
    );
    // the largest u below 1 still maps strictly above the reset phase
    expect(qif.initialPhase?.(1 - 2 ** -53, model)).toBeGreaterThan(-Math.PI);
    const phases = randomInitialPhases(new QifModel(1000, 0.1), qif, 1);
    expect(Math.min(...phases)).toBeGreaterThan(-Math.PI);
    expect(Math.max(...phases)).toBeLessThanOrEqual(Math.PI);
  });

  it('composition picks the phase frame for homogeneous drive and the time frame for eta ≠ 0', () => {
    const homogeneous = composeSimulator({ model: 'qif', n: 50, k: 5 }, container);
    expect(homogeneous.simulator.kind).toBe('phase');
    expect(homogeneous.model.omega(0)).toBe(2 * Math.sqrt(homogeneous.network.iext));
    const heterogeneous = composeSimulator({ model: 'qif', n: 50, k: 5, eta: 0.4 }, container);
    expect(heterogeneous.simulator.kind).toBe('time');
    expect(heterogeneous.model.omega(10)).toBe(2 * Math.sqrt(heterogeneous.network.iext * (1 + 0.4 * Math.sin(20 / 50))));
  });

  it('rejects a drive without tonic firing through the config, naming iext', () => {
    expect(() => composeSimulator({ model: 'qif', n: 10, k: 3, iext: 0 }, container)).toThrow(InvalidParameterError);
    expect(() => composeSimulator({ model: 'qif', n: 10, k: 3, iext: -0.2 }, container)).toThrow(/iext must be a finite number ≥ 2\.2250738585072014e-308 \(2\^-1022\) for qif \(QIF fires tonically only for I = iext > 0/);
  });

  it('runs the phase and time frames to a time limit with every phase in range', () => {
    for (const frame of ['phase', 'time'] as const) {
      const { simulator } = composeSimulator({ model: 'qif', n: 200, k: 20, frame }, container);
      const summary = simulator.run({ maxTimeSeconds: 0.5 });
      expect(summary.endSeconds).toBeCloseTo(0.5, 12);
      expect(summary.spikes).toBeGreaterThan(0);
      for (const phi of simulator.phases()) {
        expect(phi).toBeGreaterThanOrEqual(-Math.PI - 1e-12);
        expect(phi).toBeLessThanOrEqual(Math.PI + 1e-12);
      }
    }
  });
});

// QIF is chaotic: a train parts from the reference after a finite time however exact
// both are. The network check uses the prefix and tolerance measured for that in
// qif-equivalence.test.ts: 5 kicks per neuron (at least 20 spikes), where the worst
// relative error over 9000 random networks was 1.4e-10 (1e-8 is a 70x margin).
modelConformance(qif, {
  drives: [0.01, 1],
  network: { spikes: (c) => Math.max(20, Math.ceil((5 * c.n) / c.k)), timeTolerance: 1e-8, minFullFraction: 0.9 },
});
