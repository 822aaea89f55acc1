/**
 * The clock of exponential keys (`ExpKeySimulator` and engines that
 * reproduce it, e.g. `@sparseprop/engine-wasm`): keys are rescaled by the
 * exact power of two {@link EXP_KEY_RESCALE} whenever the global factor
 * exceeds its inverse, and the time is read from the factor and the count of
 * rescalings. One definition, so every such engine rounds its times alike.
 */

/** Keys are multiplied by this exact power of two when the global factor exceeds its inverse. */
export const EXP_KEY_RESCALE = 2 ** -256;

/** `-log(EXP_KEY_RESCALE)`: multiplied by the count of rescalings, never summed (a sum of roundings drifts). */
export const EXP_KEY_LOG_RESCALE = 256 * Math.LN2;

/**
 * Simulated time in seconds of a global factor `factor` after `rescalings`
 * rescalings, for phase velocity `omega` and membrane time constant `tau` (s).
 */
export function expKeyTimeSeconds(factor: number, rescalings: number, omega: number, tau: number): number {
  return (omega * (Math.log(factor) + rescalings * EXP_KEY_LOG_RESCALE) * tau) / omega;
}
