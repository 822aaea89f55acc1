import { InvalidParameterError } from '../errors/errors.js';
import { requireAbove, requireFinite, requireInRange, requireInteger } from '../errors/validate.js';

/**
 * The parameters of a SparseProp network, with the reference benchmark's
 * values as defaults (docs/algorithm.md §1).
 */
export interface NetworkParameters {
  /** Number of neurons, integer in [2, 2^31 - 1]. Default 1e5. */
  n?: number;
  /** Synapses per neuron (out-degree), integer in [1, n-1]. Default 100. */
  k?: number;
  /** Coupling strength j0 ≥ 0; every synapse has weight `J = -j0/sqrt(k)`. Default 1. */
  j0?: number;
  /** Target firing rate of the balance equation, Hz, > 0. Default 1. */
  rate?: number;
  /** Membrane time constant, seconds, > 0. Default 0.01. */
  tau?: number;
  /** External drive; default from the balance equation `tau*sqrt(k)*j0*rate`. */
  iext?: number;
  /** Heterogeneity: neuron i gets drive `iext (1 + eta sin(2 i / n))`; eta in (-1, 1). Default 0. */
  eta?: number;
  /** Network seed (procedural connectivity), integer in [0, 2^52]. Default 1. */
  seed?: number;
  /** Initial-state seed, integer in [0, 2^52]. Default: `seed`. */
  initSeed?: number;
}

/** {@link NetworkParameters} with defaults applied and every value validated. */
export interface ResolvedNetwork {
  n: number;
  k: number;
  j0: number;
  rate: number;
  tau: number;
  iext: number;
  eta: number;
  seed: number;
  initSeed: number;
  /** Weight of every procedural synapse, `-j0/sqrt(k)`. */
  weight: number;
}

/** The smallest normal double, 2^-1022: below it a number keeps fewer than 53 significant bits. */
const MIN_NORMAL = 2 ** -1022;

/** The reference benchmark network of docs/algorithm.md §1. */
export const REFERENCE_NETWORK = { n: 100_000, k: 100, j0: 1, rate: 1, tau: 0.01, eta: 0, seed: 1 } as const;

/** Balance-equation drive `iext = tau sqrt(k) j0 rate` (docs/algorithm.md §1). */
export function balancedDrive(tau: number, k: number, j0: number, rate: number): number {
  return tau * Math.sqrt(k) * j0 * rate;
}

/** Apply defaults and validate; errors name the parameter and its range. */
export function resolveNetwork(params: NetworkParameters): ResolvedNetwork {
  const n = requireInteger('n', params.n ?? REFERENCE_NETWORK.n, 2, 2 ** 31 - 1);
  const k = requireInteger('k', params.k ?? Math.min(REFERENCE_NETWORK.k, n - 1), 1, n - 1, `[1, n-1 = ${n - 1}]`);
  const j0 = params.j0 ?? REFERENCE_NETWORK.j0;
  if (typeof j0 !== 'number' || !Number.isFinite(j0) || j0 < 0) throw new InvalidParameterError('j0', j0, 'a finite number ≥ 0');
  const rate = requireAbove('rate', params.rate ?? REFERENCE_NETWORK.rate, 0);
  const tau = requireAbove('tau', params.tau ?? REFERENCE_NETWORK.tau, 0);
  if (tau < MIN_NORMAL) throw new InvalidParameterError('tau', tau, `a normal double ≥ 2^-1022 = ${MIN_NORMAL} s (a subnormal time constant has too few significant bits for spike times)`);
  const iext = requireFinite('iext', params.iext ?? balancedDrive(tau, k, j0, rate));
  const eta = params.eta ?? REFERENCE_NETWORK.eta;
  if (typeof eta !== 'number' || !(eta > -1 && eta < 1)) throw new InvalidParameterError('eta', eta, 'a number in (-1, 1)');
  const seed = requireInteger('seed', params.seed ?? REFERENCE_NETWORK.seed, 0, 2 ** 52);
  const initSeed = requireInteger('initSeed', params.initSeed ?? seed, 0, 2 ** 52);
  requireInRange('k/n', k / n, 0, 1);
  return { n, k, j0, rate, tau, iext, eta, seed, initSeed, weight: -j0 / Math.sqrt(k) };
}

/**
 * Per-neuron drive `iext (1 + eta sin(2 i / n))` of the seeds' inhomogeneous
 * network, or undefined when `eta` is 0 (homogeneous).
 */
export function heterogeneousDrive(network: ResolvedNetwork): Float64Array | undefined {
  if (network.eta === 0) return undefined;
  const drive = new Float64Array(network.n);
  for (let i = 0; i < network.n; i++) drive[i] = network.iext * (1 + network.eta * Math.sin((2 * i) / network.n));
  return drive;
}
