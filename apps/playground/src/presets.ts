/**
 * Named starting points. A `plain` preset fills the form of the
 * single-population network `sparseprop run` simulates; a `network` preset
 * is a network description of `@sparseprop/network` (populations,
 * projections, inputs) built from a few parameters of its own, which the
 * page shows instead. The list grows by appending.
 */
import { REFERENCE_NETWORK } from '@sparseprop/core';
import { BRUNEL_STATES, brunelPreset, type NetworkConfigInput } from '@sparseprop/network';
import type { PlaygroundSettings } from './settings.js';

/** A number a network preset is built from. */
export interface PresetParameter {
  readonly key: string;
  readonly label: string;
  readonly help: string;
  readonly default: number;
}

export type Preset =
  | { readonly kind: 'plain'; readonly id: string; readonly label: string; readonly description: string; readonly settings: PlaygroundSettings }
  | {
      readonly kind: 'network';
      readonly id: string;
      readonly label: string;
      readonly description: string;
      readonly parameters: readonly PresetParameter[];
      /** The network config for these parameter values (every parameter present); throws InvalidParameterError naming `<preset>.<key>`. */
      build(values: Readonly<Record<string, number>>): NetworkConfigInput;
    };

const reference: PlaygroundSettings = {
  n: REFERENCE_NETWORK.n,
  k: REFERENCE_NETWORK.k,
  j0: REFERENCE_NETWORK.j0,
  rate: REFERENCE_NETWORK.rate,
  tau: REFERENCE_NETWORK.tau,
  eta: REFERENCE_NETWORK.eta,
  seed: REFERENCE_NETWORK.seed,
  model: 'lif',
  engine: 'auto',
};

/** Brunel (2000) model A in one of its four states, at a size a page runs briskly. */
function brunel(state: keyof typeof BRUNEL_STATES, description: string): Preset {
  const { g, eta } = BRUNEL_STATES[state];
  return {
    kind: 'network',
    id: `brunel-${state}`,
    label: `Brunel E/I, ${state}`,
    description: `Brunel 2000, model A (80 % excitatory LIF, delta synapses, delay, refractoriness, Poisson input): ${description}`,
    parameters: [
      { key: 'n', label: 'N', help: 'neurons, E = 0.8 N, I = 0.2 N', default: 2000 },
      { key: 'g', label: 'g', help: 'relative inhibition: J_I = -g J', default: g },
      { key: 'eta', label: 'η (ν_ext/ν_thr)', help: 'external Poisson rate over the threshold rate', default: eta },
      { key: 'epsilon', label: 'ε', help: 'connection probability: K_E = ε N_E in-degree', default: 0.1 },
      { key: 'j', label: 'J', help: 'excitatory jump, threshold units', default: 0.005 },
      { key: 'delay', label: 'delay (s)', help: 'synaptic delay', default: 0.0015 },
      { key: 'refractory', label: 'refractory (s)', help: 'refractory period', default: 0.002 },
      { key: 'tau', label: 'τ (s)', help: 'membrane time constant', default: 0.02 },
      { key: 'seed', label: 'seed', help: 'network, input and initial-state seed', default: 1 },
    ],
    build: (values) => brunelPreset(values),
  };
}

export const PRESETS: readonly Preset[] = [
  {
    kind: 'plain',
    id: 'reference',
    label: 'Reference, N = 10⁵',
    description: 'The benchmark network: all-inhibitory LIF, K = 100, J = -1/√K, drive from the balance equation for 1 Hz, τ = 10 ms.',
    settings: reference,
  },
  {
    kind: 'plain',
    id: 'reference-1e6',
    label: 'Reference, N = 10⁶',
    description: 'The reference network with a million neurons (the raster shows an evenly spaced sample).',
    settings: { ...reference, n: 1_000_000 },
  },
  {
    kind: 'plain',
    id: 'reference-1e4',
    label: 'Reference, N = 10⁴',
    description: 'A small reference network: runs many simulated seconds per second.',
    settings: { ...reference, n: 10_000 },
  },
  {
    kind: 'plain',
    id: 'heterogeneous',
    label: 'Heterogeneous, η = 0.5',
    description: 'Neuron i gets drive iext (1 + η sin(2i/N)): the time-frame engine, rates varying across the population.',
    settings: { ...reference, n: 100_000, eta: 0.5 },
  },
  {
    kind: 'plain',
    id: 'qif',
    label: 'QIF reference',
    description: 'The reference network with quadratic integrate-and-fire neurons (JS engine).',
    settings: { ...reference, model: 'qif' },
  },
  brunel('AI', 'asynchronous irregular firing (g = 5, η = 2).'),
  brunel('SR', 'synchronous regular firing, excitation dominated (g = 3, η = 2).'),
  brunel('SI-fast', 'synchronous irregular, fast oscillations (g = 6, η = 4).'),
  brunel('SI-slow', 'synchronous irregular, slow oscillations (g = 4.5, η = 0.9).'),
];
