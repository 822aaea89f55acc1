/**
 * The figures behind the parameter ranges of the EIF and Chebyshev models
 * (packages/model-eif and packages/model-chebyshev READMEs, docs/hardening.md).
 *
 *   pnpm --filter @sparseprop/tool-hardening-check ranges [eif|chebyshev]
 *
 * EIF, per parameter set: the period and phases against an independent ODE
 * solution (odex), and the phase- and time-frame engines against the O(N)
 * reference (N = 1000, K = 100, 300 spikes: identical prefix, worst relative
 * spike-time difference over the first 20 and over the prefix), or the
 * refusal. Chebyshev, per base model and drive: the fitted PTC against the
 * base's on a grid of phases (worst error, and its excess over the allowed
 * tolerance + rounding), and the engine against the base model's O(N)
 * reference over the first 20 spikes.
 */
import { composeSimulator, createContainer, type NeuronModel, type SimulationConfig, SpikeTrain } from '@sparseprop/core';
import { ChebyshevPtcModel, registerChebyshevVariants } from '@sparseprop/model-chebyshev';
import { EifModel, registerEif } from '@sparseprop/model-eif';
import { registerLif } from '@sparseprop/model-lif';
import { registerQif } from '@sparseprop/model-qif';
import { buildPhaseTable } from '@sparseprop/numerics';
import { registerHeapQueues } from '@sparseprop/queue-heap';
import { OdeTimeToPeak } from './ode-reference.js';

const container = registerChebyshevVariants(registerHeapQueues(registerQif(registerLif(registerEif(createContainer())))));
const which = process.argv[2] ?? 'all';
const e = (x: number) => x.toExponential(1);

interface Agreement {
  prefix: number;
  early: number;
  worst: number;
  finite: boolean;
}

/** Engine against the O(N) reference: identical prefix and relative spike-time differences. */
function agreement(config: object, options: object, reference: object, spikes: number): Agreement {
  const runWith = (extra: object) => {
    const train = new SpikeTrain(spikes);
    composeSimulator({ ...config, ...extra } as SimulationConfig, container).simulator.run({ maxSpikes: spikes, record: train });
    return train;
  };
  const a = runWith(options), b = runWith(reference);
  let prefix = 0, early = 0, worst = 0, finite = true;
  for (let s = 0; s < a.length; s++) finite &&= Number.isFinite(a.times[s]);
  for (; prefix < Math.min(a.length, b.length) && a.neurons[prefix] === b.neurons[prefix]; prefix++) {
    const rel = Math.abs(a.times[prefix] - b.times[prefix]) / b.times[prefix];
    worst = Math.max(worst, rel);
    if (prefix < 20) early = Math.max(early, rel);
  }
  return { prefix, early, worst, finite };
}

/** The phase table of an EIF right-hand side, built directly (no parameter checks), as omega/phase. */
function rawTable(force: (v: number) => number, p: { vReset: number; vPeak: number }): { omega(i: number): number; phase(v: number, i: number): number } {
  const table = buildPhaseTable(force, p.vReset, p.vPeak);
  return { omega: () => table.omega, phase: (v) => table.phase(v) };
}

function eifRow(label: string, given: Record<string, number>, iext: number): void {
  const p = { dT: 0.1, VT: 0, vReset: -1, vPeak: 1000, ...given };
  const cells = [label, Object.entries(given).map(([k, v]) => `${k} = ${v}`).join(', ') || 'reference', String(iext)];
  try {
    const force = (v: number) => -v + p.dT * Math.exp((v - p.VT) / p.dT) + iext;
    const start = performance.now();
    // beyond the ranges the model refuses: there the tables themselves are measured (no engine runs)
    const raw = label.startsWith('beyond');
    const model = raw ? rawTable(force, p) : new EifModel(1, iext, p);
    const build = performance.now() - start;
    const offsets = [-1e12, -1e9, -1e6, -1e4, -1e3, -300, -100, -30, -10, -6, -3, -1, -0.5, -0.2, -0.1, 0, 0.1, 0.3, 1, 2, 4, 8, 16, 32, 64];
    const breakpoints = [...new Set([...offsets.map((r) => p.VT + r * p.dT), ...offsets.map((r) => p.VT + r)])].sort((a, b) => a - b);
    const ode = new OdeTimeToPeak(force, Math.min(p.vPeak, p.VT + p.dT * (80 + Math.max(0, Math.log(Math.abs(iext) / p.dT)))), breakpoints);
    const period = ode.at(p.vReset);
    let phaseError = 0;
    for (const v of [p.vReset - 3, p.vReset, (p.vReset + p.VT) / 2, p.VT - p.dT / 2, p.VT, p.VT + p.dT, p.VT + 3 * p.dT]) {
      const phi = model.phase(v, 0);
      phaseError = Math.max(phaseError, Math.abs(phi - (1 - ode.at(v) / period)) / Math.max(1, Math.abs(phi)));
    }
    if (raw) {
      cells.push(`${build.toFixed(0)} ms (table alone)`, e(Math.abs(model.omega(0) * period - 1)), e(phaseError), 'the model refuses it', '');
      console.log(`| ${cells.join(' | ')} |`);
      return;
    }
    const config = { model: 'eif', n: 1000, k: 100, j0: 1, iext, seed: 1, modelParams: p };
    const ph = agreement(config, { frame: 'phase' }, { reference: true }, 300);
    const ti = agreement(config, { frame: 'time' }, { reference: true }, 300);
    const net = (a: Agreement) => `${a.prefix}/300, ${e(a.early)}, ${e(a.worst)}${a.finite ? '' : ' NON-FINITE'}`;
    cells.push(`${build.toFixed(0)} ms`, e(Math.abs(model.omega(0) * period - 1)), e(phaseError), net(ph), net(ti));
  } catch (error) {
    cells.push(`refused: ${(error as Error).message.slice(0, 90)}…`, '', '', '', '');
  }
  console.log(`| ${cells.join(' | ')} |`);
}

function chebyshevRow(label: string, base: string, iext: number, params: Record<string, number> = {}, j0 = 1): void {
  const cells = [label, `chebyshev:${base}`, String(iext), [...Object.entries(params).map(([k, v]) => `${k} = ${v}`), ...(j0 === 1 ? [] : [`j0 = ${j0}`])].join(', ') || 'defaults'];
  try {
    const config = { model: `chebyshev:${base}`, n: 300, k: 30, j0, iext, seed: 3, modelParams: params };
    const start = performance.now();
    const composed = composeSimulator(config as SimulationConfig, container);
    const build = performance.now() - start;
    const model = composed.model as ChebyshevPtcModel;
    const baseModel: NeuronModel = model.base;
    const targets = new Int32Array(composed.connectivity.maxOutDegree), weights = new Float64Array(targets.length);
    composed.connectivity.targetsOf(0, targets, weights);
    const J = weights[0];
    const tolerance = model.options.tolerance;
    let worst = 0, excess = -Infinity;
    const points = 20001;
    for (let k = 0; k < points; k++) {
      const phi = model.phiLow + ((1 - model.phiLow) * k) / (points - 1);
      const err = Math.abs(model.ptc(phi, J, 0) - baseModel.ptc(phi, J, 0));
      worst = Math.max(worst, err);
      const slope = Math.abs(baseModel.dPtcDPhi(phi, J, 0));
      excess = Math.max(excess, err - (tolerance + 8 * Number.EPSILON * (Math.abs(phi) * slope + Math.abs(baseModel.ptc(phi, J, 0)) + 1)));
    }
    const net = agreement(config, {}, { model: base, reference: true, modelParams: {} }, 20); // the base's reference (no fit parameters)
    cells.push(`${build.toFixed(0)} ms`, `${model.fitSummary.pieces} pieces, degree ≤ ${model.fitSummary.largestDegree}`, e(J), e(worst), excess <= 0 ? 'within' : `EXCEEDS by ${e(excess)}`, `${net.prefix}/20, ${e(net.early)}${net.finite ? '' : ' NON-FINITE'}`);
  } catch (error) {
    cells.push(`refused: ${(error as Error).message.slice(0, 90)}…`, '', '', '', '', '');
  }
  console.log(`| ${cells.join(' | ')} |`);
}

if (which === 'all' || which === 'eif') {
  console.log('EIF: period and phases against odex; engines against the O(N) reference (N = 1000, K = 100, 300 spikes: identical prefix, worst relative difference over 20 spikes, over the prefix)\n');
  console.log('| case | parameters | iext | build | period rel. error | phase error | phase frame | time frame |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  const rows: [string, Record<string, number>, number][] = [
    ['reference', {}, 0.1],
    ['strong drive', {}, 1e6],
    ['strong drive', {}, 1e20],
    ['upper end (EIF_MAX_IEXT)', {}, 1e100],
    ['beyond: table at 1e200', {}, 1e200],
    ['beyond: table at 1e290', {}, 1e290],
    ['beyond: table at 1e295', {}, 1e295],
    ['weak drive, min F = 1e-3', {}, -0.099],
    ['weak drive, min F = 5e-4', {}, -0.0995],
    ['weak drive, min F = 3e-4', {}, -0.0997],
    ['dT lower end (EIF_MIN_DT)', { dT: 1e-3 }, 0],
    ['beyond: dT = 1e-4', { dT: 1e-4 }, 0],
    ['dT upper end (EIF_MAX_DT)', { dT: 1e6 }, 0],
    ['|VT|/dT = 100', { VT: 10, vReset: 9, vPeak: 1010 }, 10],
    ['|VT|/dT = 1e3 (end)', { VT: 100, vReset: 99, vPeak: 1100 }, 100],
    ['beyond: |VT|/dT = 1e4', { VT: 1000, vReset: 999, vPeak: 2000 }, 1000],
    ['vPeak = 1e50 (end)', { vPeak: 1e50 }, 0.1],
    ['beyond: vPeak = 1e80', { vPeak: 1e80 }, 0.1],
    ['reset at -1000', { vReset: -1000 }, 0.1],
    ['reset at -1000, drive 0', { vReset: -1000 }, 0],
    ['reset at VT - 2 dT', { vReset: -0.2 }, 0],
    ['reset at VT - dT', { vReset: -0.1 }, 0],
    ['reset at VT', { vReset: 0 }, 0],
  ];
  for (const [label, params, iext] of rows) eifRow(label, params, iext);
}

if (which === 'all' || which === 'chebyshev') {
  console.log('\nChebyshev: fitted PTC against the base model on 20001 phases in [phiLow, 1] (network weight J); engine against the base model\'s O(N) reference (N = 300, K = 30, 20 spikes)\n');
  console.log('| case | model | iext | fit parameters | build | fit | J | worst PTC error | vs tolerance + rounding | engine vs base reference |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const rows: [string, string, number, Record<string, number>, number?][] = [
    ['LIF lower end', 'lif', 1e-6, {}],
    ['LIF reference', 'lif', 0.1, {}],
    ['LIF upper end', 'lif', 1e3, {}],
    ['QIF lower end (2^-1022)', 'qif', 2 ** -1022, {}],
    ['QIF weak', 'qif', 1e-6, {}],
    ['QIF strong', 'qif', 1e100, {}],
    ['QIF strongest', 'qif', 1e300, {}],
    ['EIF weak end', 'eif', -0.0995, {}],
    ['EIF reference', 'eif', 0.1, {}],
    ['EIF upper end', 'eif', 1e100, {}],
    ['tightest tolerance', 'lif', 0.1, { tolerance: 1e-14 }],
    ['loosest tolerance', 'lif', 0.1, { tolerance: 1e-2 }],
    ['tightest tolerance, EIF', 'eif', 0.1, { tolerance: 1e-14 }],
    ['smallest maxDegree', 'eif', 0.1, { maxDegree: 4 }],
    ['largest maxDegree', 'lif', 1e-6, { maxDegree: 256 }],
    ['strong inhibition', 'lif', 0.1, {}, 100],
    ['huge inhibition', 'lif', 0.1, {}, 1e300],
    ['strong inhibition, EIF', 'eif', 0.1, {}, 100],
    ['huge inhibition, EIF', 'eif', 0.1, {}, 1e300],
    ['huge inhibition, QIF', 'qif', 0.1, {}, 1e300],
  ];
  for (const [label, base, iext, params, j0] of rows) chebyshevRow(label, base, iext, params, j0);
}
