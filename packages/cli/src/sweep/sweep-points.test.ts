import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describePoint, parameterNames, pointCount, sweepAxes, sweepPoint } from './sweep-points.js';
import { mix32, pointSeed } from './sweep-seed.js';

describe('sweep points', () => {
  it('grid axes in file order, zipped lists as the last axis, the last axis fastest', () => {
    const sweep = { grid: { g: [3, 4], eta: [1, 2, 3] }, zip: { n: [100, 200], k: [10, 20] }, seed: 1 };
    expect(parameterNames(sweep)).toEqual(['g', 'eta', 'n', 'k']);
    expect(sweepAxes(sweep).map((a) => a.length)).toEqual([2, 3, 2]);
    expect(pointCount(sweep)).toBe(12);
    const points = Array.from({ length: 12 }, (_, p) => sweepPoint(sweep, p).parameters);
    expect(points[0]).toEqual({ g: 3, eta: 1, n: 100, k: 10 });
    expect(points[1]).toEqual({ g: 3, eta: 1, n: 200, k: 20 });
    expect(points[2]).toEqual({ g: 3, eta: 2, n: 100, k: 10 });
    expect(points[11]).toEqual({ g: 4, eta: 3, n: 200, k: 20 });
    expect(describePoint(sweepPoint(sweep, 5))).toBe('g=3, eta=3, n=200, k=20');
  });

  it('every combination appears exactly once (property over random grids)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 0, max: 3 }), (lengths, zipLength) => {
        const grid = Object.fromEntries(lengths.map((length, a) => [`p${a}`, Array.from({ length }, (_, v) => v)]));
        const zip = zipLength === 0 ? undefined : { z: Array.from({ length: zipLength }, (_, v) => v), w: Array.from({ length: zipLength }, (_, v) => -v) };
        const sweep = { grid, zip, seed: 3 };
        const count = pointCount(sweep);
        expect(count).toBe(lengths.reduce((a, b) => a * b, 1) * Math.max(1, zipLength));
        const seen = new Set<string>();
        for (let p = 0; p < count; p++) {
          const point = sweepPoint(sweep, p);
          if (zip !== undefined) expect(point.parameters.w).toBe(-(point.parameters.z as number));
          seen.add(JSON.stringify(point.parameters));
        }
        expect(seen.size).toBe(count);
      }),
    );
  });
});

describe('point seeds', () => {
  it('depend only on the sweep seed and the index, and differ between points', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.uniqueArray(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 2, maxLength: 50 }), (seed, indices) => {
        const seeds = indices.map((p) => pointSeed(seed, p));
        for (const s of seeds) expect(Number.isInteger(s) && s >= 0 && s <= 2 ** 32 - 1).toBe(true);
        expect(new Set(seeds).size).toBe(indices.length); // mix32 is a bijection: distinct indices, distinct seeds
        expect(indices.map((p) => pointSeed(seed, p))).toEqual(seeds);
      }),
    );
  });

  it('mix32 equals an independent BigInt implementation of MurmurHash3 fmix32', () => {
    // the same function written with arbitrary-precision integers (no Math.imul, no >>> coercions)
    const reference = (x: bigint) => {
      const m = 0xffffffffn;
      let h = x & m;
      h ^= h >> 16n;
      h = (h * 0x85ebca6bn) & m;
      h ^= h >> 13n;
      h = (h * 0xc2b2ae35n) & m;
      h ^= h >> 16n;
      return Number(h);
    };
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), (x) => {
        expect(mix32(x)).toBe(reference(BigInt(x)));
      }),
    );
    expect(mix32(0)).toBe(0);
  });
});
