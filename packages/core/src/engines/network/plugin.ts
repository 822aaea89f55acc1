import type { CompiledNetwork } from '../../contracts/compiled-network.js';
import type { EnginePlugin, EngineRequest } from '../../contracts/plugins.js';
import { NetworkReferenceSimulator } from '../../reference/network-reference-simulator.js';
import { NetworkSimulator } from './network-simulator.js';

type NetworkRequest = EngineRequest & { readonly network?: CompiledNetwork };

/**
 * Engine plugin `"network"`: the voltage-space event engine
 * ({@link NetworkSimulator}) for requests that carry a
 * {@link CompiledNetwork} (populations, delays, refractoriness, inputs).
 * Supports every compiled network; needs a queue plugin.
 */
export const networkEngine: EnginePlugin = {
  kind: 'engine',
  name: 'network',
  description: 'voltage-space events: E/I populations, delays, refractoriness, inputs, sub-threshold drive; O(log N) per delivery',
  js: true,
  unsupportedReason(request) {
    const network = (request as NetworkRequest).network;
    if (network === undefined) return 'it runs compiled networks (populations, projections, inputs) only';
    if (request.queue === undefined) return 'no queue plugin is registered';
    return undefined;
  },
  create(request) {
    const network = (request as NetworkRequest).network as CompiledNetwork;
    const queuePlugin = request.queue;
    if (queuePlugin === undefined) throw new Error('networkEngine.create called without a queue plugin');
    return new NetworkSimulator(network, queuePlugin.create(network.size));
  },
};

/**
 * Engine plugin `"network-reference"`: the O(N) voltage-space reference
 * ({@link NetworkReferenceSimulator}); runs only when named.
 */
export const networkReferenceEngine: EnginePlugin = {
  kind: 'engine',
  name: 'network-reference',
  description: 'O(N) voltage-space reference for compiled networks (checks the network engine)',
  automatic: false,
  unsupportedReason(request) {
    return (request as NetworkRequest).network === undefined ? 'it runs compiled networks (populations, projections, inputs) only' : undefined;
  },
  create(request) {
    return new NetworkReferenceSimulator((request as NetworkRequest).network as CompiledNetwork);
  },
};
