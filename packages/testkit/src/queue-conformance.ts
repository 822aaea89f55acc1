import type { EventQueue } from '@sparseprop/core';
import fc from 'fast-check';

/** Builds an empty queue over `n` neurons (a `QueuePlugin.create`). */
export type QueueFactory = (n: number) => EventQueue;

/**
 * One step of a {@link QueueScenario}. Neuron fields are taken modulo the
 * queue size, so every operation is valid for every size and shrinks alone.
 */
export type QueueOperation =
  /** `build` from `keys`, repeated cyclically up to the queue size (short arrays make many ties). */
  | { readonly kind: 'build'; readonly keys: readonly number[] }
  /** `update(neuron, key)`. */
  | { readonly kind: 'set'; readonly neuron: number; readonly key: number }
  /** `update(neuron, key(neuron) + by)`: a small move up or down, as an input does. */
  | { readonly kind: 'move'; readonly neuron: number; readonly by: number }
  /** `update(neuron, key(neuron) + ulps * 2^-52 * max(1, |key|))`: a move of a few units in the last place. */
  | { readonly kind: 'nudge'; readonly neuron: number; readonly ulps: number }
  /**
   * `increase(neuron, key(neuron) + by)` where the queue has `increase`, else
   * `update`. `by` is mostly `>= 0` (the contract's case); a negative `by`
   * checks that a key which did not grow is handled as `update`.
   */
  | { readonly kind: 'increase'; readonly neuron: number; readonly by: number }
  /** `update(neuron, key(from))`: an exact tie with another neuron. */
  | { readonly kind: 'copy'; readonly neuron: number; readonly from: number }
  /** `shiftAll(delta)`. */
  | { readonly kind: 'shift'; readonly delta: number }
  /** `scaleAll(factor)`, factor > 0. */
  | { readonly kind: 'scale'; readonly factor: number }
  /**
   * What an engine does at a spike: move the targets of the minimum (a move
   * that does not lower the key through `increase` when the queue has it, as
   * the engines do, else `update`), then reset the minimum to the largest key
   * plus `reset` (>= 0; 0 ties it with the largest), again through `increase`.
   */
  | { readonly kind: 'spike'; readonly targets: readonly { readonly neuron: number; readonly by: number }[]; readonly reset: number };

/** A queue size, its first keys and the operations that follow. */
export interface QueueScenario {
  /** Neurons in the queue. */
  readonly size: number;
  /** Keys of the first `build` (cycled up to `size`). */
  readonly initial: readonly number[];
  readonly operations: readonly QueueOperation[];
}

/** Ranges of {@link queueScenario}. */
export interface QueueScenarioRanges {
  /** Largest queue size (default 200). */
  maxSize?: number;
  /** Most operations after the first build (default 60). */
  maxOperations?: number;
  /** Operation kinds to draw (default all). */
  kinds?: readonly QueueOperation['kind'][];
}

/** The reference: keys in a plain array, minimum by a linear scan with the tie rule. Obviously right, O(N). */
class QueueOracle {
  readonly keys: Float64Array;

  constructor(size: number) {
    this.keys = new Float64Array(size);
  }

  /** Lowest key; among equal keys the lowest index (a strict `<` scan from index 0). */
  minIndex(): number {
    const keys = this.keys;
    let best = 0;
    for (let i = 1; i < keys.length; i++) if (keys[i] < keys[best]) best = i;
    return best;
  }

  maxKey(): number {
    let max = -Infinity;
    for (const k of this.keys) if (k > max) max = k;
    return max;
  }
}

/**
 * Keys chosen to collide: small integers (exact ties), `1 + m 2^-52` (distinct
 * keys that a shift rounds together), ordinary doubles, and the edge values
 * `±0`, `±Infinity`, `±MAX_VALUE`, `MIN_VALUE`.
 */
function queueKey(): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.integer({ min: -3, max: 3 }) },
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 16 }).map((m) => 1 + m * 2 ** -52) },
    { weight: 2, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(0, -0, Infinity, -Infinity, Number.MAX_VALUE, -Number.MAX_VALUE, Number.MIN_VALUE) },
  );
}

/** Shifts: exact ones, powers of two that round `1 + m 2^-52` keys together, and arbitrary finite ones. */
function shiftDelta(): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(0, 1, -1, 3, 4, -4, 1024, 2 ** 40, -(2 ** 40), 0.5, 1e-300) },
    { weight: 1, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
  );
}

/**
 * Factors: the engines' exact powers of two (2^±256 push tiny keys into
 * subnormals, where products round together, and large ones to Infinity),
 * and inexact ones.
 */
function scaleFactor(): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(1, 2, 0.5, 2 ** -256, 2 ** 256, 2 ** -1074, 3, 0.1, 1 / 3) },
    { weight: 1, arbitrary: fc.double({ min: Number.MIN_VALUE, max: 1e6, noNaN: true }) },
  );
}

/** Small moves, as inputs cause: both signs, zero (no change), and tiny. */
function moveBy(): fc.Arbitrary<number> {
  return fc.oneof(
    fc.constantFrom(0, 1, -1, 0.25, -0.25, 2 ** -40, -(2 ** -40)),
    fc.double({ min: -2, max: 2, noNaN: true }),
  );
}

/** Random {@link QueueScenario}s: sizes 1 … `maxSize`, many ties, rounding collisions under shifts and scalings, engine-like spikes. */
export function queueScenario(ranges: QueueScenarioRanges = {}): fc.Arbitrary<QueueScenario> {
  const maxSize = ranges.maxSize ?? 200;
  const neuron = fc.nat();
  const keys = fc.array(queueKey(), { minLength: 1, maxLength: maxSize, size: 'medium' });
  // weights: updates dominate, as in an engine; rebasing and rebuilding are rarer
  const byKind: Record<QueueOperation['kind'], fc.WeightedArbitrary<QueueOperation>> = {
    build: { weight: 1, arbitrary: fc.record({ kind: fc.constant('build' as const), keys }) },
    set: { weight: 4, arbitrary: fc.record({ kind: fc.constant('set' as const), neuron, key: queueKey() }) },
    move: { weight: 4, arbitrary: fc.record({ kind: fc.constant('move' as const), neuron, by: moveBy() }) },
    increase: {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('increase' as const),
        neuron,
        // mostly growing (the contract's case), sometimes not (must act as update), sometimes to +Infinity
        by: fc.oneof({ weight: 6, arbitrary: moveBy().map(Math.abs) }, { weight: 2, arbitrary: moveBy() }, { weight: 1, arbitrary: fc.constant(Infinity) }),
      }),
    },
    nudge: { weight: 2, arbitrary: fc.record({ kind: fc.constant('nudge' as const), neuron, ulps: fc.integer({ min: -4, max: 4 }) }) },
    copy: { weight: 2, arbitrary: fc.record({ kind: fc.constant('copy' as const), neuron, from: neuron }) },
    shift: { weight: 2, arbitrary: fc.record({ kind: fc.constant('shift' as const), delta: shiftDelta() }) },
    scale: { weight: 1, arbitrary: fc.record({ kind: fc.constant('scale' as const), factor: scaleFactor() }) },
    spike: {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('spike' as const),
        targets: fc.array(fc.record({ neuron, by: moveBy() }), { maxLength: 12 }),
        reset: fc.constantFrom(0, 0.5, 1, 2 ** -52),
      }),
    },
  };
  const kinds = ranges.kinds ?? (Object.keys(byKind) as QueueOperation['kind'][]);
  if (kinds.length === 0) throw new RangeError('queueScenario: kinds must name at least one operation');
  const operation = fc.oneof(...kinds.map((kind) => byKind[kind]));
  return fc.record({
    size: fc.integer({ min: 1, max: maxSize }),
    initial: keys,
    operations: fc.array(operation, { maxLength: ranges.maxOperations ?? 60, size: 'max' }),
  });
}

/** Runs a scenario on a queue and its oracle side by side, checking after every single update. */
class ScenarioRun {
  private readonly oracle: QueueOracle;
  private step = 'construction';

  constructor(private readonly queue: EventQueue, size: number) {
    this.oracle = new QueueOracle(size);
    this.builds = size % 2;
  }

  /** Builds so far, starting at the size's parity: half the scenarios start with each way of building. */
  private builds = 0;

  /** `build`, or every other time `buildInPlace` where the queue has it (the writer sets every key of the queue's own array). */
  build(cyclicKeys: readonly number[]): void {
    const keys = this.oracle.keys;
    for (let i = 0; i < keys.length; i++) keys[i] = cyclicKeys[i % cyclicKeys.length];
    if (this.queue.buildInPlace !== undefined && this.builds++ % 2 === 1) {
      this.queue.buildInPlace((own) => {
        if (own.length !== keys.length) throw new Error(`${this.queue.name}: buildInPlace handed ${own.length} keys, expected ${keys.length}`);
        own.set(keys);
      });
    } else this.queue.build(Float64Array.from(keys));
    this.verify();
  }

  update(i: number, key: number): void {
    if (Number.isNaN(key)) throw new Error(`scenario bug: NaN key after ${this.step}`); // NaN has no order: outside the contract
    this.oracle.keys[i] = key;
    this.queue.update(i, key);
    this.verify();
  }

  /** `increase` where the queue has it (whatever the direction: a key that did not grow must act as `update`), else `update`. */
  increase(i: number, key: number): void {
    if (Number.isNaN(key)) throw new Error(`scenario bug: NaN key after ${this.step}`);
    this.oracle.keys[i] = key;
    if (this.queue.increase !== undefined) this.queue.increase(i, key);
    else this.queue.update(i, key);
    this.verify();
  }

  /** What an engine does: `increase` when the key does not go down, `update` when it does. */
  engineMove(i: number, key: number): void {
    if (key >= this.oracle.keys[i]) this.increase(i, key);
    else this.update(i, key);
  }

  shiftAll(delta: number): void {
    const keys = this.oracle.keys;
    for (let i = 0; i < keys.length; i++) keys[i] += delta;
    this.queue.shiftAll(delta);
    this.verify();
  }

  scaleAll(factor: number): void {
    const keys = this.oracle.keys;
    for (let i = 0; i < keys.length; i++) keys[i] *= factor;
    this.queue.scaleAll(factor);
    this.verify();
  }

  apply(op: QueueOperation, index: number): void {
    const n = this.oracle.keys.length, keys = this.oracle.keys;
    this.step = `operation ${index} ${JSON.stringify(op)}`;
    switch (op.kind) {
      case 'build':
        return this.build(op.keys);
      case 'set':
        return this.update(op.neuron % n, op.key);
      case 'move':
        return this.update(op.neuron % n, keys[op.neuron % n] + op.by);
      case 'increase': {
        const k = keys[op.neuron % n];
        // -Infinity + Infinity is NaN: an infinite key stays where it is
        return this.increase(op.neuron % n, Number.isFinite(k) ? k + op.by : k);
      }
      case 'nudge': {
        const k = keys[op.neuron % n];
        // an infinite key has no last place (and 0 * Infinity would be NaN)
        return this.update(op.neuron % n, Number.isFinite(k) ? k + op.ulps * 2 ** -52 * Math.max(1, Math.abs(k)) : k);
      }
      case 'copy':
        return this.update(op.neuron % n, keys[op.from % n]);
      case 'shift':
        return this.shiftAll(op.delta);
      case 'scale':
        return this.scaleAll(op.factor);
      case 'spike': {
        const spiker = this.oracle.minIndex();
        for (const t of op.targets) this.engineMove(t.neuron % n, keys[t.neuron % n] + t.by);
        return this.engineMove(spiker, this.oracle.maxKey() + op.reset);
      }
    }
  }

  /**
   * Take the minimum out (key → +Infinity) N times, checking after each: the
   * whole tree's order is exercised. Alternates `update` and (a growth)
   * `increase`.
   */
  drain(): void {
    for (let s = 0; s < this.oracle.keys.length; s++) {
      this.step = `drain step ${s}`;
      if (s % 2 === 0) this.update(this.oracle.minIndex(), Infinity);
      else this.increase(this.oracle.minIndex(), Infinity);
    }
  }

  private verify(): void {
    const queue = this.queue, keys = this.oracle.keys;
    const fail = (what: string, got: unknown, expected: unknown): never => {
      throw new Error(`${queue.name}: after ${this.step}: ${what} is ${String(got)}, expected ${String(expected)}; keys [${Array.from(keys).join(', ')}]`);
    };
    if (queue.size !== keys.length) fail('size', queue.size, keys.length);
    const min = this.oracle.minIndex();
    if (queue.peekIndex() !== min) fail('peekIndex()', queue.peekIndex(), min);
    if (queue.peekKey() !== keys[min]) fail('peekKey()', queue.peekKey(), keys[min]);
    for (let i = 0; i < keys.length; i++) if (queue.key(i) !== keys[i]) fail(`key(${i})`, queue.key(i), keys[i]);
  }
}

/**
 * Play one scenario against any queue and a plain-array oracle with the same
 * tie rule; after every build, update, increase, shift and scaling, `peekIndex`, `peekKey` and
 * every `key(i)` must equal the oracle's (keys by `===`: a queue may keep
 * `-0` where `0` was set, as no comparison tells them apart).
 * The queue is then drained (minimum set to +Infinity N times). Throws on the
 * first disagreement, naming the operation.
 */
export function checkQueueScenario(create: QueueFactory, scenario: QueueScenario): void {
  const run = new ScenarioRun(create(scenario.size), scenario.size);
  run.build(scenario.initial);
  scenario.operations.forEach((op, index) => run.apply(op, index));
  run.drain();
}

/**
 * A fast-check property: any EventQueue built by `create` behaves like the
 * oracle on random {@link queueScenario}s. Use with `fc.assert`; failures
 * shrink to a short scenario.
 *
 * @example
 * fc.assert(queueConformanceProperty((n) => new IndexedDaryHeap(n, 4)), { numRuns: 200 });
 */
export function queueConformanceProperty(create: QueueFactory, ranges: QueueScenarioRanges = {}): fc.IPropertyWithHooks<[QueueScenario]> {
  return fc.property(queueScenario(ranges), (scenario) => checkQueueScenario(create, scenario));
}
