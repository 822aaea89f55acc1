import { Xoroshiro128Plus } from '@sparseprop/core/plugin';

/**
 * A seeded uniform/normal/exponential stream (xoroshiro128+ through
 * splitmix64, the generator of core's procedural connectivity). Streams of
 * one network are derived from the config seed and a stream number, so each
 * projection and input has its own reproducible stream.
 */
export class RandomStream {
  private readonly rng: Xoroshiro128Plus;
  private spare = NaN;

  /**
   * @param seed integer in [0, 2^32)
   * @param stream integer in [0, 2^20): which stream of this seed
   */
  constructor(seed: number, stream: number) {
    this.rng = new Xoroshiro128Plus(streamSeed(seed, stream));
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.rng.nextDouble();
  }

  /** Exponential with mean 1 (`-ln(1 - u)`, finite since `u < 1`). */
  exponential(): number {
    return -Math.log(1 - this.rng.nextDouble());
  }

  /** Standard normal (Marsaglia's polar method; pairs). */
  normal(): number {
    if (!Number.isNaN(this.spare)) {
      const z = this.spare;
      this.spare = NaN;
      return z;
    }
    for (;;) {
      const x = 2 * this.rng.nextDouble() - 1, y = 2 * this.rng.nextDouble() - 1;
      const s = x * x + y * y;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        this.spare = y * f;
        return x * f;
      }
    }
  }
}

/** The seed of stream `stream` of network seed `seed` (distinct for distinct pairs below 2^32 × 2^20). */
export function streamSeed(seed: number, stream: number): number {
  return (seed % 2 ** 32) * 2 ** 20 + (stream % 2 ** 20);
}
