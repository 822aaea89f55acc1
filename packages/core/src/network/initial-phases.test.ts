import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NeuronModel } from '../contracts/neuron-model.js';
import { arrayPhaseSource, constantPhaseSource, materializePhases, RandomPhaseSource, randomInitialPhases } from './initial-phases.js';

const model = (size: number) => ({ size, phiReset: -0.5, phiThreshold: 1 }) as NeuronModel;

describe('RandomPhaseSource: the random initial state chunk by chunk', () => {
  it('gives the phases of randomInitialPhases whatever the chunks and their order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3000 }),
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 700 })), { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (size, seed, chunks, mapped) => {
          const plugin = mapped ? { initialPhase: (u: number) => 1 - u * u } : {};
          const whole = randomInitialPhases(model(size), plugin, seed);
          const source = new RandomPhaseSource(model(size), plugin, seed);
          // arbitrary ranges, forwards and backwards (a backward range re-seeds and skips ahead)
          for (const [at, length] of chunks) {
            const start = at % size, out = new Float64Array(Math.min(length, size - start));
            source.fill(start, out);
            expect(Array.from(out)).toEqual(Array.from(whole.subarray(start, start + out.length)));
          }
          expect(Array.from(materializePhases(source))).toEqual(Array.from(whole));
        },
      ),
      { numRuns: 100 },
    );
  });

  it('maps uniform variates to [phiReset, phiThreshold) by default', () => {
    const phases = materializePhases(new RandomPhaseSource(model(5000), {}, 7));
    expect(Math.min(...phases)).toBeGreaterThanOrEqual(-0.5);
    expect(Math.max(...phases)).toBeLessThan(1);
  });
});

describe('array and constant phase sources', () => {
  it('read back what they hold', () => {
    const phases = Float64Array.from([0.1, 0.2, 0.3, 0.4, 0.5]);
    const out = new Float64Array(2);
    arrayPhaseSource(phases).fill(3, out);
    expect(Array.from(out)).toEqual([0.4, 0.5]);
    constantPhaseSource(5, 0.25).fill(1, out);
    expect(Array.from(out)).toEqual([0.25, 0.25]);
    expect(arrayPhaseSource(phases).size).toBe(5);
  });
});
