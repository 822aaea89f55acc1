import { createContainer, type ModelPlugin, type NeuronModel, registerPlugins, resolveModelParams } from '@sparseprop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSpikeTrains } from '../compare-spike-trains.js';
import { EquivalenceTally } from '../equivalence-tally.js';
import { modelIdentities } from '../model-identities.js';
import { type NetworkCase, networkCase } from '../network-case.js';
import type { EngineConformanceOptions } from './engine-conformance.js';
import { runCase } from '../run-case.js';
import { linearScanQueue } from './linear-scan-queue.js';

/** What {@link modelConformance} runs. */
export interface ModelConformanceOptions {
  /** Drives `iext` the model must accept, `[min, max]` (default `[0.02, 2]`, LIF-like). */
  drives?: readonly [number, number];
  /** Largest |J| of the random kicks (default 0.5). */
  maxKick?: number;
  /**
   * Largest accepted |ptc(phi, J) − phase(voltage(phi) + J)| and
   * |phase(voltage(phi)) − phi| (phase units). Default 1e-9: closed forms
   * agree to a few ulps, tabulated and fitted models to their stated fit
   * error (≲1e-12); 1e-9 flags a wrong formula, not a rounding.
   */
  identityTolerance?: number;
  /**
   * Largest relative deviation of dPtcDPhi and dPtcDJ from central
   * differences with step 1e-6. Default 1e-5: the difference's truncation
   * error is O(h²·ptc''') ≈ 1e-12 and its rounding O(eps/h) ≈ 1e-10, so 1e-5
   * flags a wrong derivative with a wide margin.
   */
  derivativeTolerance?: number;
  /**
   * Network check against the O(N) reference: spikes per run (a number, or a
   * function of the random case), the largest relative spike-time error, and
   * the fraction of runs that must match over the whole train. Chaotic
   * models (QIF, EIF) part from the reference after a finite time whatever
   * the precision: give them a prefix measured to end well before the
   * parting, with its own measured tolerance. Default
   * `{ spikes: 500, timeTolerance: 1e-9, minFullFraction: 0.6 }` (see
   * {@link EngineConformanceOptions.timeTolerance} for the 1e-9).
   */
  network?: { spikes: number | ((c: NetworkCase) => number); timeTolerance: number; minFullFraction: number };
  /** Model parameters (defaults filled in). */
  params?: Record<string, number>;
}

/**
 * The conformance suite of a model plugin: a well-formed plugin; models
 * created for random drives satisfy their own definitions (the PTC equals
 * the phase of the kicked voltage, phase and voltage are inverse maps, the
 * derivatives are the PTC's, a kick over threshold gives exactly
 * phiThreshold); and SparseProp with this model equals the O(N) reference
 * on random networks. Call it at the top level of a test file.
 *
 * @example
 * ```ts
 * import { modelConformance } from '@sparseprop/testkit';
 * modelConformance(myModelPlugin, { drives: [0.1, 3] });
 * ```
 */
export function modelConformance(plugin: ModelPlugin, options: ModelConformanceOptions = {}): void {
  const [dMin, dMax] = options.drives ?? [0.02, 2];
  const maxKick = options.maxKick ?? 0.5;
  const identityTolerance = options.identityTolerance ?? 1e-9;
  const derivativeTolerance = options.derivativeTolerance ?? 1e-5;
  const create = (iext: number, n = 4): NeuronModel =>
    plugin.create({ n, tau: 0.01, iext, drive: undefined, weights: { min: -maxKick, max: maxKick, distinct: undefined } }, resolveModelParams(plugin, options.params));

  describe(`model "${plugin.name}" conforms`, () => {
    it('is a well-formed model plugin', () => {
      expect(plugin.kind).toBe('model');
      expect(plugin.name).toMatch(/^[a-z0-9][a-z0-9:-]*$/);
      expect(plugin.description.length).toBeGreaterThan(0);
      for (const p of plugin.parameters) expect(Number.isFinite(p.default) || p.default === Infinity || p.default === -Infinity, p.name).toBe(true);
      const model = create((dMin + dMax) / 2);
      expect(model.size).toBe(4);
      expect(model.phiReset).toBeLessThan(model.phiThreshold);
      expect(model.omega(0)).toBeGreaterThan(0);
    });

    it('satisfies its own definitions at random phases and kicks, for random drives', () => {
      fc.assert(
        fc.property(
          fc.double({ min: dMin, max: dMax, noNaN: true }),
          fc.array(fc.tuple(fc.double({ min: 0.001, max: 0.999, noNaN: true }), fc.double({ min: -maxKick, max: maxKick, noNaN: true })), { minLength: 1, maxLength: 20 }),
          (iext, raw) => {
            const model = create(iext);
            const points = raw.map(([u, J]) => [model.phiReset + u * (model.phiThreshold - model.phiReset), J, 0] as const);
            const report = modelIdentities(model, points, 1e-6);
            expect(report.ptcVersusMaps).toBeLessThan(identityTolerance);
            expect(report.roundTrip).toBeLessThan(identityTolerance);
            expect(report.dPhi).toBeLessThan(derivativeTolerance);
            expect(report.dJ).toBeLessThan(derivativeTolerance);
            for (const [phi] of points) {
              const over = model.vThreshold === Infinity ? 1e300 : model.vThreshold - model.voltage(phi, 0) + 1;
              expect(model.ptc(phi, over, 0)).toBe(model.phiThreshold); // a kick over threshold fires exactly now
            }
          },
        ),
        { numRuns: 40 },
      );
    });

    const network = options.network ?? { spikes: 500, timeTolerance: 1e-9, minFullFraction: 0.6 };
    const spikesFor = (c: NetworkCase) => (typeof network.spikes === 'number' ? network.spikes : network.spikes(c));
    it('runs SparseProp (phase and time frame) equal to the O(N) reference on random networks', () => {
      const container = registerPlugins(createContainer(), plugin, linearScanQueue);
      const tally = new EquivalenceTally();
      fc.assert(
        fc.property(networkCase({ maxN: 150, drive: [dMin, dMax], heterogeneous: true }), fc.constantFrom('phase' as const, 'time' as const), (c, frame) => {
          const framing = c.eta !== 0 ? 'time' : frame;
          const config = { frame: framing, modelParams: options.params, engine: 'js' };
          const spikes = spikesFor(c);
          const cmp = compareSpikeTrains(runCase(container, plugin.name, c, spikes, config), runCase(container, plugin.name, c, spikes, { reference: true, modelParams: options.params }));
          expect(tally.accept(cmp), JSON.stringify({ case: c, cmp })).toBe(true);
          expect(cmp.maxRelativeTimeError).toBeLessThan(network.timeTolerance);
        }),
        { numRuns: 25 },
      );
      expect(tally.fullFraction).toBeGreaterThanOrEqual(network.minFullFraction);
    });
  });
}
