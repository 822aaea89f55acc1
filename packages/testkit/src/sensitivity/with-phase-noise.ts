import type { ModelPlugin, NeuronModel } from '@sparseprop/core';

const hashBits = new Float64Array(1);
const hashWords = new Uint32Array(hashBits.buffer);

/** A pseudo-random ±1 from the bits of `v` (deterministic: the same voltage always gets the same sign). */
function signOf(v: number): number {
  hashBits[0] = v;
  let h = (hashWords[0] ^ Math.imul(hashWords[1], 0x9e3779b1)) >>> 0;
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h & 1 ? 1 : -1;
}

/** How {@link withPhaseNoise} moves phases: a hashed sign per voltage, or always up or down. */
export type PhaseErrorDirection = 'random' | 'up' | 'down';

/**
 * A sensitivity probe: `base` with every sub-threshold phase moved by
 * ±`size` (the sign a hash of the voltage, or always `up`/`down`), i.e.
 * errors of exactly the size a PTC fit of tolerance `size` may make. A fit's
 * error is smooth, so it can act like a bias: over many kicks a systematic
 * error adds up linearly where random ones partly cancel — probe both. Run it through the O(N) reference
 * simulator (which applies every kick through `phase`) and compare with the
 * unperturbed reference: the difference is how much the network amplifies
 * such errors. Inhibitory LIF networks contract them; EIF, QIF and other
 * models whose F(V) grows toward threshold expand them, and in chaotic
 * networks they change the spike sequence after a while — as would any
 * rounding. Use it to choose a `tolerance`, as the yardstick when comparing a
 * fitted model with an exact one, or with `size` a few ulps as the yardstick
 * for two exact algorithms that differ only by rounding.
 */
export function withPhaseNoise(base: NeuronModel, size: number, direction: PhaseErrorDirection = 'random'): NeuronModel {
  const phase = (v: number, i: number) => {
    const y = base.phase(v, i);
    if (y >= base.phiThreshold) return y;
    return y + size * (direction === 'random' ? signOf(v) : direction === 'up' ? 1 : -1);
  };
  return {
    name: `${base.name}+${direction === 'random' ? 'noise' : `bias-${direction}`}`,
    size: base.size,
    homogeneous: base.homogeneous,
    phiThreshold: base.phiThreshold,
    phiReset: base.phiReset,
    phiMin: base.phiMin,
    vThreshold: base.vThreshold,
    vReset: base.vReset,
    omega: (i) => base.omega(i),
    voltage: (phi, i) => base.voltage(phi, i),
    phase,
    ptc: (phi, J, i) => phase(base.voltage(phi, i) + J, i),
    dPtcDPhi: (phi, J, i) => base.dPtcDPhi(phi, J, i),
    dPtcDJ: (phi, J, i) => base.dPtcDJ(phi, J, i),
  };
}

/** The three directions {@link phaseNoisePlugins} probes. */
export const PHASE_ERROR_DIRECTIONS: readonly PhaseErrorDirection[] = ['random', 'up', 'down'];

/**
 * {@link withPhaseNoise} as model plugins, one per direction (`random`, `up`,
 * `down`), named `<plugin.name>+<direction>`: register them next to `plugin`
 * and run them with `{ reference: true }` to measure how a network responds to
 * phase errors of `size`. Take the largest response: random errors add up
 * like a random walk, a systematic one (a smooth fit error, or rounding that
 * leans one way) linearly in the number of kicks.
 *
 * @example
 * ```ts
 * const probes = phaseNoisePlugins(eif, 1e-12);
 * registerPlugins(container, ...probes);
 * const reference = runCase(container, 'eif', c, 1000, { reference: true });
 * const response = Math.max(...probes.map((p) => compareSpikeTrains(runCase(container, p.name, c, 1000, { reference: true }), reference).maxRelativeTimeError));
 * ```
 */
export function phaseNoisePlugins(plugin: ModelPlugin, size: number): ModelPlugin[] {
  return PHASE_ERROR_DIRECTIONS.map((direction) => ({
    ...plugin,
    name: `${plugin.name}+${direction}`,
    create: (network, params) => withPhaseNoise(plugin.create(network, params), size, direction),
  }));
}
