import { describe, expect, it } from 'vitest';
import { Xoroshiro128Plus } from './xoroshiro128plus.js';

// printed by the C anchor's rng_seed + rng_u01 (shared/anchors/c/sp.c) for these seeds
const C_STREAMS: [number, number[]][] = [
  [0, [0.31483880526215269, 0.84384135445738306, 0.85491960958807833, 0.38351904452170205]],
  [1, [0.31234333243498213, 0.95598431760475844, 0.4040054855143107, 0.5220624257881834]],
  [2, [0.34033941807190415, 0.44793733783034828, 0.91249469047123621, 0.061349132443884846]],
  [12345, [0.3378963020230864, 0.90931672251426865, 0.40508234762734696, 0.13926810343006191]],
  [4294967296 + 7, [0.080160654259787023, 0.41640820947815793, 0.10896996260728509, 0.61046956186365797]],
  [9007199254740991, [0.3339425713411055, 0.089673305849834684, 0.93242752125816919, 0.88995890908728414]],
];

describe('Xoroshiro128Plus', () => {
  it.each(C_STREAMS)('seed %d gives the C anchor stream bit for bit', (seed, expected) => {
    const rng = new Xoroshiro128Plus(seed);
    for (const value of expected) expect(rng.nextDouble()).toBe(value);
  });

  it('re-seeding restarts the stream, and draws stay in [0, 1)', () => {
    const rng = new Xoroshiro128Plus(99);
    const first = Array.from({ length: 1000 }, () => rng.nextDouble());
    rng.seed(99);
    for (const value of first) {
      expect(rng.nextDouble()).toBe(value);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });
});
