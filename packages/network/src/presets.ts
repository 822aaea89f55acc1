import { balancedDrive, InvalidParameterError } from '@sparseprop/core';
import type { NetworkConfig, NetworkConfigInput } from './schema.js';

/** Parameters of the {@link brunelPreset} (Brunel 2000, model A). Units in each key. */
export interface BrunelParameters {
  /** Total neurons N = N_E + N_I (N_E = 0.8 N), integer ≥ 10. Default 10,000. */
  n?: number;
  /** Connection probability ε: K_E = ε N_E, K_I = ε N_I (= K_E / 4). Default 0.1. */
  epsilon?: number;
  /** Relative inhibitory strength g (J_I = -g J). Default 5. */
  g?: number;
  /** External rate η = ν_ext / ν_thr, with ν_thr = θ / (J K_E τ). Default 2. */
  eta?: number;
  /** Excitatory jump J, threshold units (0.1 mV / 20 mV). Default 0.005. */
  j?: number;
  /** Synaptic delay D, seconds. Default 0.0015. */
  delay?: number;
  /** Refractory period, seconds. Default 0.002. */
  refractory?: number;
  /** Membrane time constant, seconds. Default 0.02. */
  tau?: number;
  /** Reset voltage, threshold units (10 mV / 20 mV). Default 0.5. */
  vReset?: number;
  /** Seed. Default 1. */
  seed?: number;
}

/**
 * The four states of Brunel (2000), Fig. 2 (model A, D = 1.5 ms), by (g, η):
 * synchronous regular (SR), asynchronous irregular (AI), synchronous
 * irregular with fast (SI-fast) or slow (SI-slow) oscillations.
 */
export const BRUNEL_STATES = {
  SR: { g: 3, eta: 2 },
  AI: { g: 5, eta: 2 },
  'SI-fast': { g: 6, eta: 4 },
  'SI-slow': { g: 4.5, eta: 0.9 },
} as const;

/**
 * Brunel's sparse E/I network (Brunel 2000, model A, delta synapses) as a
 * config: LIF neurons with no drive of their own (`iext = -1`), threshold 1,
 * reset `vReset`, refractory period; fixed in-degree K_E from E and K_I from
 * I into every neuron with weights J and -gJ and one delay D; each neuron
 * driven by K_E independent external Poisson inputs of rate
 * `ν_ext = η ν_thr`, `ν_thr = 1 / (J K_E τ)` (threshold 1) and weight J.
 * Initial voltages uniform in [vReset, 1).
 */
export function brunelPreset(params: BrunelParameters = {}): NetworkConfigInput {
  const n = params.n ?? 10_000;
  if (!Number.isInteger(n) || n < 10) throw new InvalidParameterError('brunel.n', n, 'an integer ≥ 10');
  const epsilon = params.epsilon ?? 0.1;
  if (!(epsilon > 0 && epsilon <= 1)) throw new InvalidParameterError('brunel.epsilon', epsilon, 'a number in (0, 1]');
  const g = params.g ?? 5, eta = params.eta ?? 2, j = params.j ?? 0.005;
  for (const [name, value] of [['g', g], ['eta', eta], ['j', j]] as const) {
    if (!Number.isFinite(value) || value < 0) throw new InvalidParameterError(`brunel.${name}`, value, 'a finite number ≥ 0');
  }
  const tau = params.tau ?? 0.02;
  const nE = Math.round(0.8 * n), nI = n - nE;
  const kE = Math.max(1, Math.round(epsilon * nE)), kI = Math.max(1, Math.round(epsilon * nI));
  const nuThreshold = 1 / (j * kE * tau);
  const population = { model: 'lif', iext: -1, refractory: params.refractory ?? 0.002, modelParams: { vReset: params.vReset ?? 0.5 } };
  const delay = params.delay ?? 0.0015;
  return {
    tau,
    seed: params.seed ?? 1,
    populations: { E: { size: nE, ...population }, I: { size: nI, ...population } },
    projections: [
      { from: 'E', to: 'E', inDegree: kE, weight: j, delay },
      { from: 'E', to: 'I', inDegree: kE, weight: j, delay },
      { from: 'I', to: 'E', inDegree: kI, weight: -g * j, delay },
      { from: 'I', to: 'I', inDegree: kI, weight: -g * j, delay },
    ],
    inputs: [{ poisson: { to: ['E', 'I'], rate: eta * nuThreshold, count: kE, weight: j } }],
  };
}

/** Parameters of the {@link referencePreset} (today's `sparseprop run` network). */
export interface ReferencePresetParameters {
  n?: number;
  k?: number;
  j0?: number;
  rate?: number;
  tau?: number;
  iext?: number;
  seed?: number;
}

/**
 * Today's reference network as a config: one LIF population with drive
 * `iext = tau sqrt(k) j0 rate`, procedural out-degree `k`, weight
 * `-j0/sqrt(k)`, no delay. {@link plainNetworkOf} recognises it, so it runs
 * on the phase engines with exactly the spikes of `sparseprop run`.
 */
export function referencePreset(params: ReferencePresetParameters = {}): NetworkConfigInput {
  const n = params.n ?? 100_000, k = params.k ?? Math.min(100, n - 1), j0 = params.j0 ?? 1, rate = params.rate ?? 1, tau = params.tau ?? 0.01;
  const iext = params.iext ?? balancedDrive(tau, k, j0, rate);
  return {
    tau,
    seed: params.seed ?? 1,
    populations: { N: { size: n, model: 'lif', iext } },
    projections: [{ from: 'N', to: 'N', outDegree: k, weight: -j0 / Math.sqrt(k), delay: 0 }],
  };
}

/**
 * The plain network parameters (`n`, `k`, `j0`, `iext`, `tau`, `seed`) when
 * a validated config is today's kind of network — one LIF population with
 * suprathreshold drive, reset 0, no refractoriness, no initial voltages, one
 * procedural out-degree projection onto itself with one inhibitory (or zero)
 * weight `-j0/sqrt(k)` exactly and no delay, no inputs — else undefined.
 * Such a config runs on the phase engines, with their exact spikes.
 */
export function plainNetworkOf(cfg: NetworkConfig): { n: number; k: number; j0: number; iext: number; tau: number; seed: number } | undefined {
  const names = Object.keys(cfg.populations);
  if (names.length !== 1 || cfg.inputs.length !== 0 || cfg.projections.length !== 1) return undefined;
  const p = cfg.populations[names[0]];
  if (p.source !== undefined || p.model !== 'lif' || p.refractory !== 0 || p.drive !== undefined || p.initVoltage !== undefined || !(p.iext > 0)) return undefined;
  if (Object.entries(p.modelParams).some(([key, value]) => key !== 'vReset' || value !== 0)) return undefined;
  const proj = cfg.projections[0];
  if (proj.outDegree === undefined || proj.delay !== 0 || typeof proj.weight !== 'number' || !(proj.weight <= 0)) return undefined;
  if (proj.seed !== undefined && proj.seed !== cfg.seed) return undefined;
  const k = proj.outDegree;
  const j0 = -proj.weight * Math.sqrt(k);
  if (-j0 / Math.sqrt(k) !== proj.weight || k < 1 || k > p.size - 1 || p.size < 2) return undefined;
  return { n: p.size, k, j0, iext: p.iext, tau: cfg.tau, seed: cfg.seed };
}
