import { composeSimulator, createContainer, type DependencyContainer, type EnginePlugin, type ModelPlugin, NonFiniteStateError, registerPlugins, registeredModels, registeredQueues, RunawayExcitationError, type Simulator, SparseConnectivity, SparsePropError, SpikeTrain } from '@sparseprop/core';
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
  /** Spikes per run (default 600), or a function of the random case (chaotic models: a prefix measured to end before the trains part). */
  spikes?: number | ((c: NetworkCase) => number);
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
  const spikesFor = (c: NetworkCase): number => (typeof options.spikes === 'function' ? options.spikes(c) : (options.spikes ?? 600));
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
            const spikes = spikesFor(c);
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
      if (model === (options.models ?? ['lif'])[0]) runLimitChecks(engine, model, container);
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
              const spikes = spikesFor(c);
              const full = new SpikeTrain(spikes);
              whole.run({ maxSpikes: spikes, record: full });
              const cut = 1 + (cutSeed % Math.max(1, full.length - 1));
              const first = build() as Simulator;
              const head = new SpikeTrain();
              // stop after `cut` spikes, or at a time between spike cut-1 and spike cut
              if (byTime && cut < full.length) first.run({ maxTimeSeconds: (full.times[cut - 1] + full.times[cut]) / 2, record: head });
              else first.run({ maxSpikes: cut, record: head });
              const state = first.saveState!();
              const savedSeconds = first.timeSeconds;
              first.run({ maxSpikes: 7 }); // the saved state is a copy: running on changes nothing in it
              const resumed = build() as Simulator;
              resumed.restoreState!(state);
              expect(resumed.timeSeconds).toBe(savedSeconds); // the clock too, also after a time limit
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

/**
 * The run limits every engine keeps: a time limit earlier than
 * the current time does nothing (the clock never runs backwards); a run that
 * stops at a time limit reports exactly that time (`--duration 1e-30` is not
 * 0, `--duration 100` not 99.99999999999999); runaway excitation reports the
 * time it happened; a non-finite next spike stops the run with a typed error
 * instead of looping on NaN.
 */
function runLimitChecks(engine: EnginePlugin, model: string, container: DependencyContainer): void {
  const build = (extra: Record<string, unknown> = {}): Simulator | undefined => {
    try {
      return composeSimulator({ model, n: 30, k: 5, seed: 3, engine: engine.name, ...extra }, container).simulator;
    } catch (error) {
      if (error instanceof Error && /must be an engine that supports this network/.test(error.message)) return undefined;
      throw error;
    }
  };

  it(`never runs its clock backwards: a time limit before the current time does nothing (${model})`, () => {
    const sim = build();
    if (sim === undefined) return;
    sim.run({ maxSpikes: 40 });
    const now = sim.timeSeconds;
    const phases = sim.phases();
    for (const past of [now / 2, 0, now * (1 - 1e-12)]) {
      const summary = sim.run({ maxTimeSeconds: past, maxSpikes: 10 });
      expect(summary.spikes).toBe(0);
      expect(summary.startSeconds).toBe(now);
      expect(summary.endSeconds).toBe(now);
      expect(sim.timeSeconds).toBe(now);
      expect(Array.from(sim.phases())).toEqual(Array.from(phases));
    }
    // and the run goes on exactly as if it had not been asked
    const after = new SpikeTrain(), uninterrupted = new SpikeTrain();
    sim.run({ maxSpikes: 20, record: after });
    const fresh = build() as Simulator;
    fresh.run({ maxSpikes: 40 });
    fresh.run({ maxSpikes: 20, record: uninterrupted });
    expect(Array.from(after.times)).toEqual(Array.from(uninterrupted.times));
  });

  it.each([1e-300, 1e-30, 1e-3, 0.1, 7])(`stops exactly at a time limit of %d s and reports that time (${model})`, (limit) => {
    const sim = build();
    if (sim === undefined) return;
    const summary = sim.run({ maxTimeSeconds: limit });
    expect(summary.endSeconds).toBe(limit);
    expect(sim.timeSeconds).toBe(limit);
    expect(summary.startSeconds).toBe(0);
    // the next run starts there, and a repeated limit is a no-op
    expect(sim.run({ maxTimeSeconds: limit }).spikes).toBe(0);
    expect(sim.run({ maxSpikes: 3 }).startSeconds).toBe(limit);
  });

  it(`reports runaway excitation at the time it happened, not at the start of the run (${model})`, () => {
    // an excitatory ring whose kicks (2) exceed the threshold-to-reset gap of LIF-like models: the first
    // spike drives the others to threshold at once, forever; QIF-like models (a kick never reaches V = +inf) cannot run away
    const connectivity = SparseConnectivity.fromEdges(3, [0, 1, 2], [1, 2, 0], [2, 2, 2]);
    const sim = build({ n: 3, k: 1, connectivity });
    if (sim === undefined) return;
    const first = new SpikeTrain();
    let error: unknown;
    try {
      sim.run({ maxSpikes: 1000, record: first });
    } catch (caught) {
      error = caught;
    }
    if (error === undefined) return; // this model cannot run away
    expect(error).toBeInstanceOf(RunawayExcitationError);
    const at = (error as RunawayExcitationError).timeSeconds;
    expect(first.length).toBeGreaterThan(0);
    expect(first.times[0]).toBeGreaterThan(0);
    expect(at).toBeCloseTo(first.times[first.length - 1], 12);
  });

  it(`stops with a typed error, not a NaN loop, when the model's numbers turn non-finite (${model})`, () => {
    const registered = registeredModels(container).find((p) => p.name === model);
    if (registered === undefined) return;
    // the same model, except that omega is NaN: every key is NaN from the start
    const poisoned: ModelPlugin = {
      ...registered,
      name: `${model}-nan-omega`,
      create: (network, params) => {
        const inner = registered.create(network, params);
        return new Proxy(inner, {
          get(target, property) {
            if (property === 'omega') return () => Number.NaN;
            const value = Reflect.get(target, property, target);
            return typeof value === 'function' ? value.bind(target) : value;
          },
        });
      },
    };
    const scoped = registerPlugins(container.createChildContainer(), poisoned);
    let sim: Simulator;
    try {
      sim = composeSimulator({ model: poisoned.name, n: 10, k: 3, seed: 1, engine: engine.name }, scoped).simulator;
    } catch (error) {
      // refusing the model while building is as good (a typed error before any spike)
      expect(error).toBeInstanceOf(SparsePropError);
      return;
    }
    const train = new SpikeTrain();
    expect(() => sim.run({ maxSpikes: 1000, record: train })).toThrow(NonFiniteStateError);
    for (let s = 0; s < train.length; s++) expect(Number.isFinite(train.times[s])).toBe(true);
  });
}

/** The composition config of a network case (as `runCase` builds it) on one engine. */
function caseConfig(model: string, c: NetworkCase, engine: string) {
  const connectivity = c.explicit ? explicitConnectivity(c) : undefined;
  return { model, n: c.n, k: c.k, j0: c.j0, iext: c.iext, eta: c.eta, seed: c.seed, connectivity, engine };
}
