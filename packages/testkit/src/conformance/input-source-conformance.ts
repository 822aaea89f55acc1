import type { InputSource } from '@sparseprop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** What {@link inputSourceConformance} runs. */
export interface InputSourceConformanceOptions {
  /** Events read per generated source (default 2000). */
  events?: number;
  /** fast-check runs (default 30). */
  numRuns?: number;
  /** Largest valid `target` + 1 of the source (network size, or network plus source neurons). */
  targetLimit: (seed: number) => number;
}

/**
 * The conformance suite of an input source (`InputSource` of
 * `@sparseprop/core`): for sources built from random seeds, event times are
 * finite (or `+Infinity` once ended) and nondecreasing, targets are integers
 * in range, kick weights are finite, `fork()` replays the identical events
 * (an engine and the O(N) reference must see the same input), and the
 * number of events in a window is consistent with `expectedEvents`.
 *
 * @example
 * ```ts
 * inputSourceConformance((seed) => new PoissonDriveSource({ ... seed }), { targetLimit: () => 100 });
 * ```
 */
export function inputSourceConformance(create: (seed: number) => InputSource, options: InputSourceConformanceOptions): void {
  const events = options.events ?? 2000;
  describe('input source conforms', () => {
    it('yields ordered, finite, in-range events, and fork() replays them exactly', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
          expect(firstViolation(create(seed), options.targetLimit(seed), events)).toBeUndefined();
        }),
        { numRuns: options.numRuns ?? 30 },
      );
    });

    it('counts about as many events as it expects', () => {
      const source = create(12345);
      // choose a window with ~400 expected events (if the source has that many)
      let window = 1;
      for (let i = 0; i < 60 && source.expectedEvents(window) < 400; i++) window *= 2;
      const expected = source.expectedEvents(window);
      if (expected < 50) return expect(expected).toBeGreaterThanOrEqual(0); // a short, finite stream: nothing to count
      let count = 0;
      while (source.peekTime() < window && count < 100 * expected) {
        source.pop();
        count++;
      }
      // Poisson-like counts: 6 standard deviations (sqrt(expected)) plus 5 % for deterministic sources
      expect(Math.abs(count - expected)).toBeLessThan(6 * Math.sqrt(expected) + 0.05 * expected);
    });
  });
}

/** The first broken rule in the first `events` events of `source` (checked against a fork), or undefined. */
function firstViolation(source: InputSource, limit: number, events: number): string | undefined {
  const replay = source.fork();
  let last = -Infinity;
  for (let e = 0; e < events; e++) {
    const t = source.peekTime();
    if (!Object.is(t, replay.peekTime())) return `event ${e}: fork() replays time ${replay.peekTime()} for ${t}`;
    if (t === Infinity) return undefined;
    if (!(Number.isFinite(t) && t >= 0 && t >= last)) return `event ${e}: time ${t} after ${last}`;
    const target = source.peekTarget();
    if (!(Number.isInteger(target) && target >= 0 && target < limit)) return `event ${e}: target ${target} outside [0, ${limit})`;
    if (replay.peekTarget() !== target) return `event ${e}: fork() replays target ${replay.peekTarget()} for ${target}`;
    if (source.kind === 'kick') {
      const w = source.peekWeight();
      if (!Number.isFinite(w)) return `event ${e}: weight ${w}`;
      if (!Object.is(replay.peekWeight(), w)) return `event ${e}: fork() replays weight ${replay.peekWeight()} for ${w}`;
    }
    last = t;
    source.pop();
    replay.pop();
  }
  return undefined;
}
