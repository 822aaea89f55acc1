import { composeSimulator, createContainer, registerPlugins, type SpikeTrain } from '@sparseprop/core';
import { registerHeapQueues } from '@sparseprop/queue-heap';
import { compareSpikeTrains, type NetworkCase, networkCase, phaseNoisePlugins, runCase, type SpikeTrainComparison } from '@sparseprop/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eif, registerEif } from './plugin.js';

/** One rounding step of a phase near threshold (2^-52): the size of the probe's phase errors. */
const ROUNDING = 2 ** -52;
const roundingProbes = phaseNoisePlugins(eif, ROUNDING);
const container = registerPlugins(registerHeapQueues(registerEif(createContainer())), ...roundingProbes);

/*
 * SparseProp's ptc is phase(voltage(phi) + J) on the same tables the O(N)
 * reference uses, so the two differ only by rounding (psi + Phi against
 * phases advanced one step at a time). But EIF networks are often chaotic:
 * an inhibitory kick J on a neuron in the exponential regime stretches phase
 * differences by up to F(V)/F(V + J) ≈ e^(|J|/dT), so ulp-level differences
 * grow until two nearly simultaneous spikes swap and the trains part — with
 * both correct to rounding. Measured with networkCase samples (N ≤ 150, 1000
 * spikes; 1000 phase-frame, 600 time-frame, 600 heterogeneous runs):
 *
 * - 2.6% of runs parted before 1000 spikes, none at an exact tie; the earliest
 *   at spike 65 (a K = 6 network with J = -1.3, where differences grow tenfold
 *   every 2-3 spikes), and every parting came after the time difference had
 *   grown to ≥ 1.5e-6 relative.
 * - Over the first 20 spikes the worst relative time difference was 7.1e-13.
 * - Reference network N = 1000, K = 100 (15 runs, both frames, eta 0 and 0.4):
 *   the difference grows tenfold every ~60-100 spikes, ≤ 1e-10 s at spike 300,
 *   and the trains part between spikes 622 and 840.
 *
 * But those samples did not bound how fast a network may expand errors: a
 * strongly coupled, nearly all-to-all one (N = 11, K = 10, j0 = 4,
 * iext = 0.15; fast-check seed -1411850755) took the difference to 1.85e-10 by
 * spike 17, past the fixed 1e-10 this test had. A fixed bound cannot follow
 * that, so the early window is held to the network's own response to
 * rounding: the reference run again with every phase moved by one rounding
 * step (2^-52; random, all-up and all-down signs, phaseNoisePlugins), the
 * largest difference that makes over the window, times the engines' rounding
 * in such steps. The engines hold phases against a global shift (phase frame)
 * or clock (time frame) that grows to omega t / tau, so they round by
 * ulp(omega t / tau), up to 20 steps here; the response grows linearly with the
 * step size (nothing parts in the window). Measured over 4750 cases (1150
 * samples of the time-frame cases below; 3600 strongly coupled ones, N ≤ 30,
 * K ≈ N, j0 in [1, 4], half in each frame):
 *
 * - the engine's difference was at most 17x that scaled response, and at most
 *   1.3x in all other cases (the 17x: a neuron fresh from its reset, which the
 *   probe leaves exact, took an inhibitory kick near threshold); the failing
 *   case above was 2x; time frame against phase frame (1500 more strongly
 *   coupled cases), at most 2.5x. EARLY_MARGIN = 100 is a 6x margin over the
 *   worst.
 * - where 100x the scaled response is below 1e-13 (networks that barely expand
 *   errors; the probe often moves no spike time at all), the engine's
 *   difference was at most 1.2e-15, so EARLY_TOLERANCE = 1e-13 (80x) is the
 *   floor.
 *
 * A real error is far outside: a ptc off by 1e-12 in phase at every kick
 * (~4500 rounding steps) fails all three engine-vs-reference tests here.
 * So every run must agree spike for spike over its first 20 spikes, to
 * max(EARLY_TOLERANCE, EARLY_MARGIN x scaled response) relative; a run may part
 * after that, and at least 80% of the runs must agree over all 1000 spikes (97%
 * did; with 30 runs a chance shortfall below 80% has probability < 1e-4).
 * Accuracy itself is pinned down by eif-model.test.ts (1e-12 against an ODE
 * solution).
 */
const SPIKES = 1000;
const EARLY_SPIKES = 20;
const EARLY_TOLERANCE = 1e-13;
const EARLY_MARGIN = 100;
const MIN_FULL_FRACTION = 0.8;
const REFERENCE_PREFIX = 300;
/** Reference network, 300 spikes: worst 1e-10 s measured; 1e-8 s is a 100x margin. */
const REFERENCE_TOLERANCE = 1e-8;
/** Drives of the random cases: the EIF fires for iext > VT - dT = -0.1; periods stay ≤ 8 tau. */
const EIF_DRIVE: [number, number] = [0.02, 1];

/** Counts runs that agreed over the whole train against those that parted (after the early window). */
class PartingTally {
  full = 0;
  parted = 0;
  get fullFraction(): number {
    return this.full / Math.max(1, this.full + this.parted);
  }
}

/** Largest relative time difference over the first `spikes` spikes (the trains must agree neuron for neuron there). */
function earlyError(a: SpikeTrain, b: SpikeTrain, spikes: number): number {
  let worst = 0;
  for (let s = 0; s < spikes; s++) worst = Math.max(worst, Math.abs(a.times[s] - b.times[s]) / Math.max(1, Math.abs(b.times[s])));
  return worst;
}

/**
 * The network's response to rounding over the early window: the largest difference a one-step phase error per
 * kick makes in the reference, scaled to the engines' rounding, and how many spikes every probe kept the reference's sequence (all of the window
 * in the 750 measured cases; were rounding alone to part the trains earlier, spike order there would be decided by
 * rounding and the window ends there).
 */
function roundingResponse(c: NetworkCase): { response: number; agreed: number } {
  const reference = runCase(container, 'eif', c, EARLY_SPIKES, { reference: true });
  let response = 0, agreed = EARLY_SPIKES;
  for (const p of roundingProbes) {
    const probe = runCase(container, p.name, c, EARLY_SPIKES, { reference: true });
    const cmp = compareSpikeTrains(probe, reference);
    agreed = Math.min(agreed, cmp.identicalPrefix);
    response = Math.max(response, earlyError(probe, reference, cmp.identicalPrefix));
  }
  return { response: response * roundingSteps(c, reference.times[reference.length - 1]), agreed };
}

/** The engines' rounding of a phase in steps of 2^-52: ulp of the largest shift or clock, omega t / tau, over the window. */
function roundingSteps(c: NetworkCase, endSeconds: number): number {
  const { model, network } = composeSimulator({ model: 'eif', n: c.n, k: c.k, j0: c.j0, iext: c.iext, eta: c.eta, seed: c.seed }, container);
  let omega = 0;
  for (let i = 0; i < c.n; i++) omega = Math.max(omega, model.omega(i));
  return Math.max(1, (omega * endSeconds) / network.tau);
}

/** Check the early window of a comparison and record whether the whole train agreed. */
function checkAgreement(engine: SpikeTrain, reference: SpikeTrain, tally: PartingTally, c: NetworkCase): SpikeTrainComparison {
  const cmp = compareSpikeTrains(engine, reference);
  const { response, agreed } = roundingResponse(c);
  const early = Math.min(EARLY_SPIKES, cmp.compared, agreed);
  expect(cmp.identicalPrefix, JSON.stringify(cmp)).toBeGreaterThanOrEqual(early);
  const tolerance = Math.max(EARLY_TOLERANCE, EARLY_MARGIN * response);
  for (let s = 0; s < early; s++) {
    const relative = Math.abs(engine.times[s] - reference.times[s]) / Math.max(1, Math.abs(reference.times[s]));
    expect(relative, `spike ${s}; rounding response ${response}; ${JSON.stringify(c)}`).toBeLessThan(tolerance);
  }
  if (cmp.identicalPrefix === cmp.compared) tally.full++;
  else tally.parted++;
  return cmp;
}

/** Heterogeneous cases: moderate drives and |eta| ≤ 0.45 keep the (cached) drive families to three. */
const heterogeneousCase = networkCase({ maxN: 150, drive: [0.05, 0.15], heterogeneous: true }).map((c): NetworkCase => ({ ...c, eta: c.eta / 2 }));

describe('EIF: SparseProp equals the O(N) reference until chaos parts them', () => {
  it('reference network N = 1000, K = 100: both frames and the eta = 0.4 drive match for 300 spikes', () => {
    for (const [seed, eta] of [[1, 0], [2, 0], [1, 0.4]]) {
      const c = { n: 1000, k: 100, j0: 1, iext: 0.1, seed, eta, explicit: false };
      const reference = runCase(container, 'eif', c, REFERENCE_PREFIX, { reference: true });
      for (const frame of eta === 0 ? (['phase', 'time'] as const) : (['time'] as const)) {
        const cmp = compareSpikeTrains(runCase(container, 'eif', c, REFERENCE_PREFIX, { frame }), reference);
        expect(cmp.identicalPrefix, `seed ${seed}, eta ${eta}, ${frame} frame`).toBe(REFERENCE_PREFIX);
        expect(cmp.maxTimeError).toBeLessThan(REFERENCE_TOLERANCE);
      }
    }
  });

  it('phase frame, random inhibitory networks (procedural and explicit), 1000 spikes', () => {
    const tally = new PartingTally();
    fc.assert(
      fc.property(networkCase({ maxN: 150, drive: EIF_DRIVE }), (c) => {
        const reference = runCase(container, 'eif', c, SPIKES, { reference: true });
        const cmp = checkAgreement(runCase(container, 'eif', c, SPIKES, { frame: 'phase' }), reference, tally, c);
        expect(cmp.compared).toBe(SPIKES);
      }),
      { numRuns: 30 },
    );
    expect(tally.fullFraction).toBeGreaterThanOrEqual(MIN_FULL_FRACTION);
  });

  it('time frame, homogeneous and heterogeneous drives (interpolated tables), 1000 spikes', () => {
    const tally = new PartingTally();
    fc.assert(
      fc.property(fc.oneof(networkCase({ maxN: 150, drive: EIF_DRIVE }), heterogeneousCase), (c) => {
        const reference = runCase(container, 'eif', c, SPIKES, { reference: true });
        const cmp = checkAgreement(runCase(container, 'eif', c, SPIKES, { frame: 'time' }), reference, tally, c);
        expect(cmp.compared).toBe(SPIKES);
      }),
      { numRuns: 30 },
    );
    expect(tally.fullFraction).toBeGreaterThanOrEqual(MIN_FULL_FRACTION);
  });

  it('time frame equals phase frame on homogeneous networks', () => {
    const tally = new PartingTally();
    fc.assert(
      fc.property(networkCase({ maxN: 150, drive: EIF_DRIVE }), (c) => {
        checkAgreement(runCase(container, 'eif', c, SPIKES, { frame: 'time' }), runCase(container, 'eif', c, SPIKES, { frame: 'phase' }), tally, c);
      }),
      { numRuns: 15 },
    );
    expect(tally.fullFraction).toBeGreaterThanOrEqual(MIN_FULL_FRACTION);
  });

  it('the same seed gives the same spikes twice, bit for bit', () => {
    fc.assert(
      fc.property(fc.oneof(networkCase({ maxN: 100, drive: EIF_DRIVE }), heterogeneousCase), (c) => {
        const a = runCase(container, 'eif', c, 300);
        const b = runCase(container, 'eif', c, 300);
        expect(Array.from(a.neurons)).toEqual(Array.from(b.neurons));
        expect(Array.from(a.times)).toEqual(Array.from(b.times));
      }),
      { numRuns: 10 },
    );
  });
});
