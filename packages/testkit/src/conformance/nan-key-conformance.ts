import { composeSimulator, createContainer, type EventQueue, type ModelPlugin, type NeuronModel, NonFiniteStateError, type QueuePlugin, registerPlugins } from '@sparseprop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/*
 * A NaN key is outside every contract (a model whose numbers turned
 * non-finite), but it must not hide below the top: engines check only the
 * key they pop, so a NaN that never comes up would let the run go on with a
 * neuron that never fires. The queue ranks a NaN first (as -Infinity, ties
 * to the lower index), at update, increase, build, shiftAll and scaleAll alike.
 */

/**
 * The minimum by the contract's order, with NaN first (as -Infinity; no
 * engine makes a key of -Infinity, and the keys below have none), ties to the
 * lower index.
 */
function expectedTop(keys: Float64Array): number {
  let best = 0;
  const rank = (k: number) => (k !== k ? -Infinity : k);
  for (let i = 1; i < keys.length; i++) if (rank(keys[i]) < rank(keys[best])) best = i;
  return best;
}

type Op = { kind: 'update'; i: number; key: number } | { kind: 'shift'; delta: number } | { kind: 'scale'; factor: number };
const key = fc.oneof({ weight: 6, arbitrary: fc.double({ min: -100, max: 100, noNaN: true }) }, { weight: 1, arbitrary: fc.constant(Number.NaN) }, { weight: 1, arbitrary: fc.constant(Infinity) });
const op = (n: number): fc.Arbitrary<Op> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.record({ kind: fc.constant('update' as const), i: fc.integer({ min: 0, max: n - 1 }), key }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('shift' as const), delta: fc.double({ min: -50, max: 50, noNaN: true }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('scale' as const), factor: fc.constantFrom(0.5, 2, 2 ** -256) }) },
  );

/**
 * A perfect integrator (phase = voltage, a kick adds J) whose PTC turns NaN
 * for one neuron from the `poisonAfter`-th kick on: a model plugin gone
 * wrong, built through the public plugin API.
 */
function poisonedIntegrator(neuron: number, poisonAfter: number): { plugin: ModelPlugin; poisonedAtCall: () => number } {
  let calls = 0, poisonedAt = -1;
  const plugin: ModelPlugin = {
    kind: 'model',
    name: 'poisoned-integrator',
    description: 'test model: dV/dt = 1, threshold 1, reset 0; NaN PTC for one neuron after a number of kicks',
    parameters: [],
    create: (network) => {
      const model: NeuronModel = {
        name: 'poisoned-integrator',
        size: network.n,
        homogeneous: true,
        phiThreshold: 1,
        phiReset: 0,
        phiMin: -Infinity,
        vThreshold: 1,
        vReset: 0,
        omega: () => 1,
        voltage: (phi) => phi,
        phase: (v) => Math.min(v, 1),
        ptc: (phi, J, i) => {
          calls++;
          if (i === neuron && calls >= poisonAfter) {
            if (poisonedAt < 0) poisonedAt = calls;
            return Number.NaN;
          }
          return phi + J >= 1 ? 1 : phi + J;
        },
        dPtcDPhi: () => 1,
        dPtcDJ: () => 1,
      };
      return model;
    },
  };
  return { plugin, poisonedAtCall: () => poisonedAt };
}

/** Options of {@link nanKeyConformance}. */
export interface NanKeyConformanceOptions {
  /** Exercise `increase` (odd neurons) as well as `update` in the property; for queues that implement it. */
  readonly increase?: boolean;
}

/**
 * The NaN-key suite a queue plugin runs on itself: a NaN key ranks first
 * wherever it arrives (update, increase, build, shiftAll, scaleAll), so an
 * engine stops with `NonFiniteStateError` at the next spike, in the phase
 * and the time frame.
 *
 * @example
 * nanKeyConformance([['4-ary', (n) => new IndexedDaryHeap(n, 4)]], [fourAryHeap]);
 */
export function nanKeyConformance(queues: readonly [string, (n: number) => EventQueue][], plugins: readonly QueuePlugin[], options: NanKeyConformanceOptions = {}): void {
  const useIncrease = options.increase === true;
  describe.each(queues)('%s: NaN keys rank first', (_name, create) => {
    it('a NaN set below the top is the next minimum', () => {
      const q = create(50);
      q.build(Float64Array.from({ length: 50 }, (_, i) => i));
      q.update(37, Number.NaN);
      expect(q.peekIndex()).toBe(37);
      expect(q.peekKey()).toBeNaN();
      // replaced by a number, the order is the contract's again
      q.update(37, 12.5);
      expect(q.peekIndex()).toBe(0);
      q.update(0, 100);
      for (let i = 1; i <= 12; i++) q.update(i, 100 + i);
      expect(q.peekIndex()).toBe(37);
    });

    it('build puts a NaN on top, and shifts and scalings keep it there', () => {
      const q = create(40);
      const keys = Float64Array.from({ length: 40 }, (_, i) => 40 - i);
      keys[29] = Number.NaN;
      q.build(keys);
      expect(q.peekIndex()).toBe(29);
      q.shiftAll(-1000);
      q.scaleAll(2 ** -256);
      expect(q.peekIndex()).toBe(29);
      expect(q.peekKey()).toBeNaN();
    });

    it('property: after any mix of updates (NaN and +Infinity among them), shifts and scalings, the top is a NaN if there is one, else the minimum', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 300 }).chain((n) => fc.tuple(fc.constant(n), fc.array(op(n), { maxLength: 200 }))), ([n, ops]) => {
          const q = create(n);
          const keys = Float64Array.from({ length: n }, (_, i) => (i * 7919) % 101);
          q.build(keys);
          for (const o of ops) {
            if (o.kind === 'update') {
              if (useIncrease && o.i % 2 === 1) q.increase!(o.i, o.key); // takes a key that did not grow as update does
              else q.update(o.i, o.key);
              keys[o.i] = o.key;
            } else if (o.kind === 'shift') {
              q.shiftAll(o.delta);
              for (let i = 0; i < n; i++) keys[i] += o.delta;
            } else {
              q.scaleAll(o.factor);
              for (let i = 0; i < n; i++) keys[i] *= o.factor;
            }
            const top = expectedTop(keys);
            if (Number.isNaN(keys[top])) expect(q.peekKey()).toBeNaN(); // which NaN comes first is not specified
            else {
              expect(q.peekIndex()).toBe(top);
              expect(q.peekKey()).toBe(keys[top]);
            }
          }
        }),
        { numRuns: 300 },
      );
    });
  });

  describe.each(plugins)('engines with the $name queue stop at a NaN key set below the top', (queuePlugin) => {
    it.each(['phase', 'time'] as const)('%s frame: NonFiniteStateError at the next spike, naming the neuron', (frame) => {
      const n = 500, poisoned = 123;
      const { plugin, poisonedAtCall } = poisonedIntegrator(poisoned, 2000);
      const container = registerPlugins(createContainer(), plugin, queuePlugin);
      const { simulator } = composeSimulator({ model: plugin.name, n, k: 20, j0: 0.5, iext: 0.5, seed: 3, frame, queue: queuePlugin.name }, container);
      let spikes = 0, spikesAfterPoison = 0;
      const run = () => simulator.run({ maxSpikes: 100_000, onSpike: () => { spikes++; if (poisonedAtCall() >= 0) spikesAfterPoison++; } });
      expect(run).toThrow(NonFiniteStateError);
      expect(poisonedAtCall()).toBeGreaterThan(0);
      // the spike whose kick made the NaN is recorded; the next pop is the NaN
      expect(spikesAfterPoison).toBe(1);
      expect(() => simulator.run({ maxSpikes: 10 })).toThrow(new RegExp(`became NaN at t = .* s \\(next spike of neuron ${poisoned}\\)`));
      expect(spikes).toBeGreaterThan(50);
    });
  });
}
