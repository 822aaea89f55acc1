import type { NetworkEnginePlugin } from '../../contracts/plugins.js';
import { NetworkReferenceSimulator } from '../../reference/network-reference-simulator.js';
import { NetworkSimulator } from './network-simulator.js';

/**
 * Engine plugin `"network"`: the voltage-space event engine
 * ({@link NetworkSimulator}) for compiled networks (populations, delays,
 * refractoriness, inputs). Supports every compiled network; needs a queue
 * plugin. Built in: `composeSimulator({ network })` picks it.
 */
export const networkEngine: NetworkEnginePlugin = {
  kind: 'engine',
  runs: 'network',
  name: 'network',
  description: 'voltage-space events: E/I populations, delays, refractoriness, inputs, sub-threshold drive; O(log N) per delivery',
  js: true,
  unsupportedReason: (request) => (request.queue === undefined ? 'no queue plugin is registered' : undefined),
  create(request) {
    const queuePlugin = request.queue;
    if (queuePlugin === undefined) throw new Error('networkEngine.create called without a queue plugin');
    return new NetworkSimulator(request.network, queuePlugin.create(request.network.size));
  },
};

/**
 * Engine plugin `"network-reference"`: the O(N) voltage-space reference
 * ({@link NetworkReferenceSimulator}); runs only when named (also as
 * `engine: "reference"` or `reference: true` for a compiled network).
 */
export const networkReferenceEngine: NetworkEnginePlugin = {
  kind: 'engine',
  runs: 'network',
  name: 'network-reference',
  description: 'O(N) voltage-space reference for compiled networks (checks the network engine)',
  automatic: false,
  unsupportedReason: () => undefined,
  create: (request) => new NetworkReferenceSimulator(request.network),
};
