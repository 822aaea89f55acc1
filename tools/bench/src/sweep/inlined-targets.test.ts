import { FixedOutDegreeConnectivity } from '@sparseprop/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prepareInlinedNetwork } from './inlined-network.js';
import { drawInlinedTargets } from './inlined-targets.js';

describe('drawInlinedTargets', () => {
  it("draws core's procedural targets, in order, for any network, seed and spiker (memoised or not)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 3, max: 3000 }).chain((n) =>
          fc.record({
            n: fc.constant(n),
            k: fc.integer({ min: 1, max: Math.min(n - 2, 300) }),
            seed: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 2 ** 32 - 5, max: 2 ** 52 })),
            spikers: fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: 1, maxLength: 12 }),
            memoise: fc.boolean(),
          }),
        ),
        ({ n, k, seed, spikers, memoise }) => {
          const core = new FixedOutDegreeConnectivity({ n, k, seed, weight: -1 });
          const expected = new Int32Array(k), weights = new Float64Array(k);
          const net = prepareInlinedNetwork({ n, k, seed, targetCacheBytes: memoise ? Number.MAX_SAFE_INTEGER : 0 }, 'exp');
          // each spiker twice: the second draw of a memoised row comes from the table
          for (const j of [...spikers, ...spikers]) {
            expect(core.targetsOf(j, expected, weights)).toBe(k);
            drawInlinedTargets(net, j);
            expect(Array.from(net.targets)).toEqual(Array.from(expected));
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
