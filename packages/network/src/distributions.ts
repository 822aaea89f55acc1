import type { RandomStream } from './random.js';

/**
 * A weight (voltage jump, threshold units) or delay (seconds): one number
 * for every synapse, or a distribution sampled per synapse from the
 * projection's seeded stream.
 */
export type Distribution = number | { normal: { mean: number; std: number } } | { uniform: { min: number; max: number } };

/** True when every synapse gets the same value. */
export function isConstant(d: Distribution): d is number {
  return typeof d === 'number';
}

/** One sample of `d`. */
export function sample(d: Distribution, random: RandomStream): number {
  if (typeof d === 'number') return d;
  if ('normal' in d) return d.normal.mean + d.normal.std * random.normal();
  return d.uniform.min + (d.uniform.max - d.uniform.min) * random.uniform();
}

/**
 * One sample of a delay distribution, never negative: a normal is truncated
 * at 0 by drawing again (a delay cannot be negative; NEST refuses such delays).
 */
export function sampleDelay(d: Distribution, random: RandomStream): number {
  for (;;) {
    const x = sample(d, random);
    if (x >= 0) return x;
  }
}

/** Mean of `d` (for estimates). */
export function meanOf(d: Distribution): number {
  if (typeof d === 'number') return d;
  if ('normal' in d) return d.normal.mean;
  return (d.uniform.min + d.uniform.max) / 2;
}
