import { InvalidParameterError, SpikeTrain, composeSimulator, createContainer } from '@sparseprop/core';
import { registerHeapQueues } from '@sparseprop/queue-heap';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LIF_MAX_IEXT, LIF_MIN_IEXT, LifModel } from './lif-model.js';
import { registerLif } from './plugin.js';

const container = registerHeapQueues(registerLif(createContainer()));

// Spike times relative to max(t, T), T the free period tau ln(1 + 1/iext) (not to max(1 s, t) as
// compareSpikeTrains does): at a drive of 1e3 a period is 1e-3 tau, so an error relative to 1 s would
// hide a wrong spike. Not relative to t alone: the engines resolve a phase to ~eps omega (see
// LIF_MAX_IEXT), an absolute error of ~eps omega periods, and a neuron that starts just below
// threshold spikes at t << T (fast-check seed -927264712: the first spike at t = 6.9e-10 s = 5.5e-5 T,
// iext = 803, off by 6.9e-19 s = 5.5e-14 T, which is 1.0e-9 of t). A wrong spike is off by a
// fraction of a period, far above 1e-9 T.
// 1e-9 is the relative tolerance the LIF equivalence tests promise (lif-equivalence.test.ts).
const RELATIVE_TOLERANCE = 1e-9;

/** The membrane time constant (s) every run here uses. */
const TAU = 0.01;

function run(iext: number, options: object, n: number, k: number, seed: number, spikes: number, j0 = 1): SpikeTrain {
  const train = new SpikeTrain(spikes);
  composeSimulator({ model: 'lif', n, k, j0, iext, seed, tau: TAU, ...options }, container).simulator.run({ maxSpikes: spikes, record: train });
  return train;
}

describe('LIF drive range', () => {
  it.each([1e-320, 5e-324, 0, -1, 1e-7, LIF_MIN_IEXT * (1 - 1e-15), LIF_MAX_IEXT * (1 + 1e-15), 1e10, 1e16, 1e300, Infinity, Number.NaN])('refuses iext = %d naming the parameter and the range', (iext) => {
    expect(() => new LifModel(10, iext)).toThrow(InvalidParameterError);
    expect(() => new LifModel(10, iext)).toThrow(/^iext must be a number in \[0\.000001, 1000\] for lif \(/);
    // through composition too (the CLI's --iext, --rate, --tau, --j0 all arrive here)
    // (a non-finite value is refused before the model, by the network's own check)
    expect(() => composeSimulator({ model: 'lif', n: 10, k: 3, iext }, container)).toThrow(Number.isFinite(iext) ? /^iext must be a number in \[0\.000001, 1000\]/ : /^iext must be a finite number/);
  });

  it('names the neuron of a per-neuron drive out of range', () => {
    expect(() => new LifModel(3, Float64Array.of(0.1, 2e3, 0.1))).toThrow(/^iext of neuron 1 must be a number in \[0\.000001, 1000\]/);
  });

  it('accepts both ends', () => {
    expect(new LifModel(2, LIF_MIN_IEXT).omega(0)).toBeCloseTo(1 / Math.log1p(1 / LIF_MIN_IEXT), 12);
    expect(new LifModel(2, LIF_MAX_IEXT).omega(0)).toBeCloseTo(1 / Math.log1p(1 / LIF_MAX_IEXT), 9);
  });

  it('inside the range every engine matches the reference to 1e-9 of each spike time (property, log-uniform drives)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: Math.log10(LIF_MIN_IEXT), max: Math.log10(LIF_MAX_IEXT), noNaN: true }),
        fc.integer({ min: 20, max: 300 }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.constantFrom({ frame: 'phase' }, { frame: 'phase', expKeys: false }, { frame: 'time' }),
        (log10Drive, n, kWanted, seed, engine) => {
          const iext = 10 ** log10Drive;
          const k = Math.min(kWanted, n - 1);
          const spikes = 400;
          const a = run(iext, engine, n, k, seed, spikes);
          const b = run(iext, { reference: true }, n, k, seed, spikes);
          const period = TAU * Math.log1p(1 / iext);
          let worst = 0;
          for (let s = 0; s < spikes && a.neurons[s] === b.neurons[s]; s++) {
            expect(Number.isFinite(a.times[s])).toBe(true);
            worst = Math.max(worst, Math.abs(a.times[s] - b.times[s]) / Math.max(b.times[s], period));
          }
          expect(worst).toBeLessThan(RELATIVE_TOLERANCE);
        },
      ),
      { numRuns: 40 },
    );
  });

  it.each([LIF_MIN_IEXT, 1, LIF_MAX_IEXT])('uncoupled neurons at iext = %d fire every ln(1 + 1/iext) tau to 1e-12 (free period, no kicks)', (iext) => {
    // j0 = 0: every weight is 0 and each neuron fires exactly once per free period
    const n = 4, tau = 0.01;
    const composed = composeSimulator({ model: 'lif', n, k: 1, j0: 0, iext, tau, seed: 5 }, container);
    const start = composed.initialPhases;
    const train = new SpikeTrain(40);
    composed.simulator.run({ maxSpikes: 40, record: train });
    const period = tau * Math.log1p(1 / iext); // log1p: the period to ~1 ulp, independent of the engine's log(1 + 1/iext)
    const fired = new Int32Array(n);
    for (let s = 0; s < train.length; s++) {
      const j = train.neurons[s];
      const exact = period * (1 - start[j] + fired[j]++);
      // In periods: omega = 1/log(1 + 1/iext) carries the rounding of 1 + 1/iext (eps relative to 1/iext, so
      // ~eps omega per period), and the exponential-key clock reads a phase as omega log(E) with log(E) up to
      // 256 ln 2 = 177 before a rescale (~177 eps omega). 200 eps max(1, omega) per period covers both.
      expect(Math.abs(train.times[s] - exact) / period).toBeLessThan(fired[j] * 200 * Number.EPSILON * Math.max(1, composed.model.omega(0)));
    }
  });
});
