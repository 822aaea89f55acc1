import type { NeuronModel } from '@sparseprop/core';

/**
 * How far the Chebyshev PTC may be from the base's, at one point: the fit
 * tolerance plus the rounding noise of the function itself (see
 * series/rounding-noise.ts) — `eps (|phi| |∂ptc/∂phi| + |ptc|)` with a factor
 * 8: 4 for the fit's allowance, 4 for the base model's own evaluation.
 */
export function allowedError(base: NeuronModel, phi: number, J: number, tolerance: number): number {
  const slope = Math.abs(base.dPtcDPhi(phi, J, 0));
  return tolerance + 8 * Number.EPSILON * (Math.abs(phi) * slope + Math.abs(base.ptc(phi, J, 0)) + 1);
}

/**
 * Largest excess of |model.ptc - base.ptc| over {@link allowedError} on an
 * even grid of `points` phases in `[lo, hi]` (ends included); ≤ 0 means
 * every point is within bounds. Also returns the largest plain error.
 */
export function ptcGridError(model: NeuronModel, base: NeuronModel, J: number, lo: number, hi: number, tolerance: number, points = 20001): { excess: number; worst: number; at: number } {
  let excess = -Infinity, worst = 0, at = lo;
  for (let k = 0; k < points; k++) {
    const phi = lo + ((hi - lo) * k) / (points - 1);
    const error = Math.abs(model.ptc(phi, J, 0) - base.ptc(phi, J, 0));
    if (error > worst) {
      worst = error;
      at = phi;
    }
    excess = Math.max(excess, error - allowedError(base, phi, J, tolerance));
  }
  return { excess, worst, at };
}

const hashBits = new Float64Array(1);
const hashWords = new Uint32Array(hashBits.buffer);

/** A pseudo-random ±1 from the bits of `v` (deterministic: the same voltage always gets the same sign). */
function signOf(v: number): number {
  hashBits[0] = v;
  let h = (hashWords[0] ^ Math.imul(hashWords[1], 0x9e3779b1)) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h & 1 ? 1 : -1;
}

/**
 * `base` with every sub-threshold phase moved by ±`size` (sign from the
 * voltage's bits): errors of exactly the size a fit of tolerance `size` may
 * make, without its smoothness. Run through the reference simulator (which
 * applies kicks via `phase`), it measures how much a network amplifies such
 * errors — the natural scale for comparing a fitted PTC in expanding
 * (EIF, QIF) networks.
 */
export function withPhaseNoise(base: NeuronModel, size: number): NeuronModel {
  const phase = (v: number, i: number) => {
    const y = base.phase(v, i);
    return y >= base.phiThreshold ? y : y + size * signOf(v);
  };
  return {
    name: `${base.name}+noise`,
    size: base.size,
    homogeneous: base.homogeneous,
    phiThreshold: base.phiThreshold,
    phiReset: base.phiReset,
    phiMin: base.phiMin,
    vThreshold: base.vThreshold,
    vReset: base.vReset,
    omega: (i) => base.omega(i),
    voltage: (phi, i) => base.voltage(phi, i),
    phase,
    ptc: (phi, J, i) => phase(base.voltage(phi, i) + J, i),
    dPtcDPhi: (phi, J, i) => base.dPtcDPhi(phi, J, i),
    dPtcDJ: (phi, J, i) => base.dPtcDJ(phi, J, i),
  };
}
