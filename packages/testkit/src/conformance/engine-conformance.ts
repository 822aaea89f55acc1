import { composeSimulator, createContainer, type DependencyContainer, type EnginePlugin, registerPlugins, registeredQueues, type Simulator, SpikeTrain } from '@sparseprop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareSpikeTrains } from '../compare-spike-trains.js';
import { EquivalenceTally } from '../equivalence-tally.js';
import { explicitConnectivity, type NetworkCase, networkCase, type NetworkCaseRanges } from '../network-case.js';
import { runCase } from '../run-case.js';
import { linearScanQueue } from './linear-scan-queue.js';

/** What {@link engineConformance} runs. */
export interface EngineConformanceOptions {
  /** A container with the models (and optionally queues) the engine runs. Default: a fresh one. */
  container?: DependencyContainer;
  /** The models to check, by registered name (default `["lif"]`). */
  models?: readonly string[];
  /** Ranges of the random networks (default: N ≤ 200, inhibitory, homogeneous). */
  networks?: NetworkCaseRanges;
  /** Spikes per run (default 600). */
  spikes?: number;
  /** fast-check runs per model (default 30). */
  numRuns?: number;
  /**
   * Largest accepted |t_engine − t_reference| / max(1 s, t). Default 1e-9:
   * the engines and the reference round differently (a global shift or clock
   * versus phases advanced one step at a time), a few ulps of the O(1–10)
   * phases per spike; contracting inhibitory dynamics keep it from growing,
   * so even a linear sum over 600 spikes is ~1e-12. 1e-9 leaves room for the
   * 1/omega factors of weak drives without hiding a wrong spike time.
   */
  timeTolerance?: number;
  /**
   * Fraction of runs that must match over the whole train (default 0.6).
   * Strong inhibition synchronises neurons exactly; which of two neurons at
   * threshold together fires first is then decided by rounding, and a train
   * may part from the reference at such a tie (and only there).
   */
  minFullFraction?: number;
}

/**
 * The conformance suite of an engine plugin: on random networks it must
 * give the O(N) reference simulator's spike train, neuron for neuron, with
 * spike times within a stated tolerance. Call it at the top level of a test
 * file; it registers its own `describe`/`it` blocks.
 *
 * @example
 * ```ts
 * // my-engine.conformance.test.ts
 * import { engineConformance } from '@sparseprop/testkit';
 * import { lif } from '@sparseprop/model-lif';
 * engineConformance(myEngine, { container: registerPlugins(createContainer(), lif) });
 * ```
 */
export function engineConformance(engine: EnginePlugin, options: EngineConformanceOptions = {}): void {
  const container = registerPlugins(options.container ?? createContainer(), engine);
  if (registeredQueues(container).length === 0) registerPlugins(container, linearScanQueue);
  const spikes = options.spikes ?? 600;
  const timeTolerance = options.timeTolerance ?? 1e-9;
  describe(`engine "${engine.name}" conforms`, () => {
    it('is a well-formed engine plugin', () => {
      expect(engine.kind).toBe('engine');
      expect(engine.name).toMatch(/^[a-z0-9][a-z0-9:-]*$/);
      expect(['js', 'auto']).not.toContain(engine.name);
      expect(engine.description.length).toBeGreaterThan(0);
    });
    for (const model of options.models ?? ['lif']) {
      it(`equals the O(N) reference spike for spike on random ${model} networks`, () => {
        const tally = new EquivalenceTally();
        let supported = 0;
        fc.assert(
          fc.property(networkCase({ maxN: 200, ...options.networks }), (c) => {
            let train;
            try {
              train = runCase(container, model, c, spikes, { engine: engine.name });
            } catch (error) {
              // an engine may decline a network (unsupportedReason): that is a typed refusal, not a wrong answer
              if (error instanceof Error && /must be an engine that supports this network/.test(error.message)) return;
              throw error;
            }
            supported++;
            const cmp = compareSpikeTrains(train, runCase(container, model, c, spikes, { reference: true }));
            expect(cmp.compared).toBe(spikes);
            expect(tally.accept(cmp), JSON.stringify({ case: c, cmp })).toBe(true);
            expect(cmp.maxRelativeTimeError).toBeLessThan(timeTolerance);
          }),
          { numRuns: options.numRuns ?? 30 },
        );
        expect(supported, 'the engine declined every generated network').toBeGreaterThan(0);
        expect(tally.fullFraction).toBeGreaterThanOrEqual(options.minFullFraction ?? 0.6);
      });
      if (engine.name !== 'reference' || model === (options.models ?? ['lif'])[0]) {
        it(`continues spike for spike from a saved state on random ${model} networks (checkpoints), when the engine saves its state`, () => {
          let checked = 0;
          fc.assert(
            fc.property(networkCase({ maxN: 200, ...options.networks }), fc.nat(), fc.boolean(), (c, cutSeed, byTime) => {
              const build = (): Simulator | undefined => {
                try {
                  return composeSimulator(caseConfig(model, c, engine.name), container).simulator;
                } catch (error) {
                  if (error instanceof Error && /must be an engine that supports this network/.test(error.message)) return undefined;
                  throw error;
                }
              };
              const whole = build();
              if (whole?.saveState === undefined) return;
              const full = new SpikeTrain(spikes);
              whole.run({ maxSpikes: spikes, record: full });
              const cut = 1 + (cutSeed % Math.max(1, full.length - 1));
              const first = build() as Simulator;
              const head = new SpikeTrain();
              // stop after `cut` spikes, or at a time between spike cut-1 and spike cut. Not for the O(N)
              // reference: a time stop advances every phase (and its compensated clock) to that time, which
              // rounds differently from the uninterrupted run's single step; it is split by spike counts only
              if (byTime && cut < full.length && engine.name !== 'reference') first.run({ maxTimeSeconds: (full.times[cut - 1] + full.times[cut]) / 2, record: head });
              else first.run({ maxSpikes: cut, record: head });
              const state = first.saveState!();
              first.run({ maxSpikes: 7 }); // the saved state is a copy: running on changes nothing in it
              const resumed = build() as Simulator;
              resumed.restoreState!(state);
              const tail = new SpikeTrain();
              resumed.run({ maxSpikes: full.length - head.length, record: tail });
              expect(head.length + tail.length).toBe(full.length);
              for (let s = 0; s < full.length; s++) {
                const [t, j] = s < head.length ? [head.times[s], head.neurons[s]] : [tail.times[s - head.length], tail.neurons[s - head.length]];
                if (!Object.is(t, full.times[s]) || j !== full.neurons[s]) {
                  expect.fail(`spike ${s} of ${full.length} (cut at ${head.length}${byTime ? ', by time' : ''}): resumed (${t}, ${j}), uninterrupted (${full.times[s]}, ${full.neurons[s]}); case ${JSON.stringify(c)}`);
                }
              }
              checked++;
            }),
            { numRuns: Math.min(options.numRuns ?? 30, 20) },
          );
          if (checked === 0) {
            // engines without saveState cannot checkpoint; one that saves must restore
            const probe = composeSimulator({ model, n: 20, k: 3, seed: 1, engine: engine.name }, container).simulator;
            expect(probe.saveState, `engine ${engine.name} saves no state`).toBeUndefined();
          }
        });
      }
    }
  });
}

/** The composition config of a network case (as `runCase` builds it) on one engine. */
function caseConfig(model: string, c: NetworkCase, engine: string) {
  const connectivity = c.explicit ? explicitConnectivity(c) : undefined;
  return { model, n: c.n, k: c.k, j0: c.j0, iext: c.iext, eta: c.eta, seed: c.seed, connectivity, engine };
}
