import type { EngineRequest } from '../contracts/plugins.js';

/**
 * Why none of the built-in JS engines (phase frame, exponential keys, time
 * frame) can run `request`, whatever the model: they run the plain network
 * of one population with instantaneous synapses, on a registered queue.
 */
export function jsEngineRefusal(request: EngineRequest): string | undefined {
  if (request.network !== undefined) return 'the network has populations, delays, refractoriness or inputs (the network engine runs those)';
  if (request.queue === undefined) return 'no queue plugin is registered';
  return undefined;
}
