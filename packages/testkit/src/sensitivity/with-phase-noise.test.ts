import type { ModelPlugin, NeuronModel } from '@sparseprop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { phaseNoisePlugins, withPhaseNoise } from './with-phase-noise.js';

/** A model whose phase is its voltage (threshold 1, reset 0): the probe's shifts are read off directly. */
const identity: NeuronModel = {
  name: 'identity',
  size: 1,
  homogeneous: true,
  phiThreshold: 1,
  phiReset: 0,
  phiMin: -Infinity,
  vThreshold: 1,
  vReset: 0,
  omega: () => 1,
  voltage: (phi) => phi,
  phase: (v) => Math.min(v, 1),
  ptc: (phi, J) => Math.min(phi + J, 1),
  dPtcDPhi: () => 1,
  dPtcDJ: () => 1,
};
const SIZE = 2 ** -20;
// multiples of 2^-30 in [-0.5, 0.99]: phase ± SIZE and its difference from phase are then exact
const subThreshold = fc.integer({ min: -(2 ** 29), max: Math.floor(0.99 * 2 ** 30) }).map((k) => k * 2 ** -30);

describe('withPhaseNoise', () => {
  it('moves every sub-threshold phase by exactly ±size: up, down, or a sign fixed by the voltage', () => {
    const up = withPhaseNoise(identity, SIZE, 'up'), down = withPhaseNoise(identity, SIZE, 'down'), random = withPhaseNoise(identity, SIZE);
    fc.assert(
      fc.property(subThreshold, (v) => {
        expect(up.phase(v, 0) - v).toBe(SIZE);
        expect(down.phase(v, 0) - v).toBe(-SIZE);
        expect(Math.abs(random.phase(v, 0) - v)).toBe(SIZE);
        expect(random.phase(v, 0)).toBe(random.phase(v, 0)); // deterministic
      }),
    );
  });

  it('random signs are mixed (neither always up nor always down) and the threshold is never moved', () => {
    const random = withPhaseNoise(identity, SIZE, 'random');
    const signs = Array.from({ length: 1000 }, (_, k) => Math.sign(random.phase(k / 1000 - 0.5, 0) - (k / 1000 - 0.5)));
    const ups = signs.filter((s) => s > 0).length;
    // 1000 fair signs: 500 ± 16 (1 s.d.); 400..600 is over 6 s.d. wide
    expect(ups).toBeGreaterThan(400);
    expect(ups).toBeLessThan(600);
    for (const m of [random, withPhaseNoise(identity, SIZE, 'up'), withPhaseNoise(identity, SIZE, 'down')]) {
      expect(m.phase(1, 0)).toBe(1);
      expect(m.phase(5, 0)).toBe(1);
      expect(m.ptc(0.5, 0.7, 0)).toBe(1);
      expect(m.ptc(0.25, 0.25, 0)).not.toBe(0.5); // the kick goes through the perturbed phase
    }
  });

  it('phaseNoisePlugins: one probe per direction, named after the plugin, built on its model', () => {
    const plugin: ModelPlugin = { kind: 'model', name: 'identity', description: 'test', parameters: [], create: () => identity };
    const probes = phaseNoisePlugins(plugin, SIZE);
    expect(probes.map((p) => p.name)).toEqual(['identity+random', 'identity+up', 'identity+down']);
    const network = {} as Parameters<ModelPlugin['create']>[0];
    const shifts = probes.map((p) => p.create(network, {}).phase(0.5, 0) - 0.5);
    expect(Math.abs(shifts[0])).toBe(SIZE);
    expect(shifts.slice(1)).toEqual([SIZE, -SIZE]);
  });
});
