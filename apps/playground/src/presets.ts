/**
 * Named starting points for the form. A preset is a description and the
 * settings it fills in; the list grows by appending (e.g. the E/I networks
 * of a network-description package once the page can run them).
 */
import { REFERENCE_NETWORK } from '@sparseprop/core';
import type { PlaygroundSettings } from './settings.js';

export interface Preset {
  readonly id: string;
  readonly label: string;
  readonly description: string;
  readonly settings: PlaygroundSettings;
}

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

export const PRESETS: readonly Preset[] = [
  {
    id: 'reference',
    label: 'Reference, N = 10⁵',
    description: 'The benchmark network: all-inhibitory LIF, K = 100, J = -1/√K, drive from the balance equation for 1 Hz, τ = 10 ms.',
    settings: reference,
  },
  {
    id: 'reference-1e6',
    label: 'Reference, N = 10⁶',
    description: 'The reference network with a million neurons (the raster shows an evenly spaced sample).',
    settings: { ...reference, n: 1_000_000 },
  },
  {
    id: 'reference-1e4',
    label: 'Reference, N = 10⁴',
    description: 'A small reference network: runs many simulated seconds per second.',
    settings: { ...reference, n: 10_000 },
  },
  {
    id: 'heterogeneous',
    label: 'Heterogeneous, η = 0.5',
    description: 'Neuron i gets drive iext (1 + η sin(2i/N)): the time-frame engine, rates varying across the population.',
    settings: { ...reference, n: 100_000, eta: 0.5 },
  },
  {
    id: 'qif',
    label: 'QIF reference',
    description: 'The reference network with quadratic integrate-and-fire neurons (JS engine).',
    settings: { ...reference, model: 'qif' },
  },
];
