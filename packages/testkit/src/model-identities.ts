import type { NeuronModel } from '@sparseprop/core';

/** Largest deviations of a model from its own definitions at the given points. */
export interface ModelIdentityReport {
  /** max |ptc(phi, J) - phase(voltage(phi) + J)| (phase units). */
  ptcVersusMaps: number;
  /** max |phase(voltage(phi)) - phi| (phase units). */
  roundTrip: number;
  /** max relative deviation of dPtcDPhi from a central difference. */
  dPhi: number;
  /** max relative deviation of dPtcDJ from a central difference. */
  dJ: number;
}

/**
 * Check `ptc` against `phase(voltage(phi) + J)`, the phase↔voltage round
 * trip, and both PTC derivatives against central differences with step `h`,
 * at the given `(phi, J, i)` points (points where the kick reaches threshold
 * are skipped for the derivatives, whose value is defined as 0 there).
 */
export function modelIdentities(model: NeuronModel, points: ReadonlyArray<readonly [phi: number, J: number, i: number]>, h = 1e-6): ModelIdentityReport {
  const report: ModelIdentityReport = { ptcVersusMaps: 0, roundTrip: 0, dPhi: 0, dJ: 0 };
  for (const [phi, J, i] of points) {
    const y = model.ptc(phi, J, i);
    report.ptcVersusMaps = Math.max(report.ptcVersusMaps, Math.abs(y - model.phase(model.voltage(phi, i) + J, i)));
    report.roundTrip = Math.max(report.roundTrip, Math.abs(model.phase(model.voltage(phi, i), i) - phi));
    if (y >= model.phiThreshold || model.ptc(phi + h, J + h, i) >= model.phiThreshold) continue;
    const numPhi = (model.ptc(phi + h, J, i) - model.ptc(phi - h, J, i)) / (2 * h);
    const numJ = (model.ptc(phi, J + h, i) - model.ptc(phi, J - h, i)) / (2 * h);
    report.dPhi = Math.max(report.dPhi, Math.abs(model.dPtcDPhi(phi, J, i) - numPhi) / Math.max(1, Math.abs(numPhi)));
    report.dJ = Math.max(report.dJ, Math.abs(model.dPtcDJ(phi, J, i) - numJ) / Math.max(1, Math.abs(numJ)));
  }
  return report;
}
