import { createContainer, InvalidParameterError, type ModelPlugin, registeredModels, registerPlugins, summarizeWeights } from '@sparseprop/core/plugin';
import type { ChebyshevPtcModel } from '@sparseprop/model-chebyshev';
import { registerHeapQueues } from '@sparseprop/queue-heap';
import { compareSpikeTrains, EquivalenceTally, networkCase, type PhaseErrorDirection, runCase, withPhaseNoise } from '@sparseprop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quarticIf, registerQuarticIf } from './index.js';

const SPIKES = 1000;
const TOLERANCE = 1e-12; // the plugin's default fit tolerance

// The yardstick for spike times: the same network run by the reference
// simulator with every phase moved by ±TOLERANCE — errors of the fit's size,
// with random signs and, since a fit's error is smooth and can act like a
// bias that adds up over many kicks, all up and all down.
// The quartic's F(V) grows toward threshold, so inhibition expands phase
// differences (dptc/dphi = F(V)/F(V+J) > 1) and the network's own response
// to such errors, not a fixed number, is what the fitted PTC must stay within.
const probe = (direction: PhaseErrorDirection): ModelPlugin => ({
  ...quarticIf,
  name: `quartic-if+${direction}`,
  create: (network, params) => withPhaseNoise(quarticIf.create(network, params), TOLERANCE, direction),
});
const container = registerPlugins(registerQuarticIf(registerHeapQueues(createContainer())), probe('random'), probe('up'), probe('down'));
const parameters = { a: 0.1, vReset: -1, vPeak: 10, tolerance: TOLERANCE, maxDegree: 8 };

describe('quartic-if, a model plugin defined by its right-hand side', () => {
  it('is registered by name with its own parameters and the fit’s', () => {
    expect(registeredModels(container).map((m) => m.name)).toContain('quartic-if');
    expect(quarticIf.parameters.map((p) => p.name)).toEqual(['a', 'vReset', 'vPeak', 'tolerance', 'maxDegree']);
  });

  it('its fitted PTC equals the quadrature PTC to the tolerance on a dense grid', () => {
    for (const J of [-0.5, -0.1, 0.05]) {
      const network = { n: 100, tau: 0.01, iext: 0.3, drive: undefined, weights: summarizeWeights([J]) };
      const model = quarticIf.create(network, parameters) as ChebyshevPtcModel;
      expect(model.size).toBe(100);
      // phiLow is the quartic's phiMin (F ~ V^4 reaches V = -inf in finite time), where V is infinite: start just above
      for (let k = 1; k <= 20000; k++) {
        const phi = model.phiLow + ((1 - model.phiLow) * k) / 20000;
        // + the function's own rounding noise where it is steep (see model-chebyshev's rounding-noise.ts)
        const allowed = TOLERANCE + 8 * Number.EPSILON * (Math.abs(phi) * Math.abs(model.base.dPtcDPhi(phi, J, 0)) + 1);
        expect(Math.abs(model.ptc(phi, J, 0) - model.base.ptc(phi, J, 0))).toBeLessThanOrEqual(allowed);
      }
    }
  });

  it('SparseProp equals the O(N) reference on random inhibitory networks, within the network’s response to errors of the fit’s size', () => {
    const tally = new EquivalenceTally();
    let chaotic = 0;
    const cases = fc.tuple(networkCase({ maxN: 200, j0: [0.05, 2], explicit: false }), fc.constantFrom(0.1, 0.3, 1)).map(([c, iext]) => ({ ...c, iext }));
    fc.assert(
      fc.property(cases, (c) => {
        const reference = runCase(container, 'quartic-if', c, SPIKES, { reference: true });
        // the network's response to errors of the fit's size, random or systematic
        const probes = (['random', 'up', 'down'] as const).map((d) => compareSpikeTrains(runCase(container, `quartic-if+${d}`, c, SPIKES, { reference: true }), reference, 1e-10));
        const cmp = compareSpikeTrains(runCase(container, 'quartic-if', c, SPIKES, { frame: 'phase' }), reference, 1e-10);
        // chaos at this scale: errors of the fit's size part the trains, so may the fit. Any probe counts: in one
        // K = 1 network (fast-check seed 319565673) the random probe kept all 1000 spikes while the all-up and
        // all-down ones parted at 829 and 788, and the fit at 958
        if (probes.some((p) => p.identicalPrefix < SPIKES && !p.divergedAtTie)) {
          chaotic++;
          return;
        }
        const perturbed = probes[0];
        expect(tally.accept(cmp), JSON.stringify({ cmp, perturbed, c })).toBe(true);
        const response = Math.max(...probes.map((p) => p.maxRelativeTimeError));
        // 10x: the fit's errors are as large as the probes' but follow the PTC's shape
        expect(cmp.maxRelativeTimeError).toBeLessThan(Math.max(1e-12, 10 * response));
      }),
      { numRuns: 10 },
    );
    expect(chaotic).toBeLessThanOrEqual(5);
    expect(tally.fullFraction).toBeGreaterThanOrEqual(0.6);
  });

  it('a drive too weak for tonic firing is an InvalidParameterError naming the right-hand side', () => {
    // min of V^4 + 0.2 V is -3 (0.05)^(4/3) ≈ -0.055: iext = 0.01 leaves F < 0 near V = -0.37
    const network = { n: 10, tau: 0.01, iext: 0.01, drive: undefined, weights: summarizeWeights([-0.1]) };
    expect(() => quarticIf.create(network, parameters)).toThrow(InvalidParameterError);
  });
});
