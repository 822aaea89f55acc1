import type { PlainEngineRequest } from '../contracts/plugins.js';

/**
 * Why none of the built-in JS engines (phase frame, exponential keys, time
 * frame) can run `request`, whatever the model: they run the plain network
 * on a registered queue. (Compiled networks never reach them: composition
 * offers those to network engines only.)
 */
export function jsEngineRefusal(request: PlainEngineRequest): string | undefined {
  if (request.queue === undefined) return 'no queue plugin is registered';
  return undefined;
}
