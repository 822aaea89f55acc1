import type { PhaseSource } from '../contracts/engine-options.js';
import type { NeuronModel } from '../contracts/neuron-model.js';
import type { ModelPlugin } from '../contracts/plugins.js';
import { Xoroshiro128Plus } from '../rng/xoroshiro128plus.js';

/**
 * Random initial phases: neuron i gets the i-th uniform variate of
 * xoroshiro128+ seeded with `seed` (as the C anchor), mapped by the plugin's
 * `initialPhase` (default: uniform on `[phiReset, phiThreshold)`).
 */
export function randomInitialPhases(model: NeuronModel, plugin: Pick<ModelPlugin, 'initialPhase'>, seed: number): Float64Array {
  const phases = new Float64Array(model.size);
  new RandomPhaseSource(model, plugin, seed).fill(0, phases);
  return phases;
}

/**
 * The phases of {@link randomInitialPhases} without the N-sized array: chunks
 * on demand, the same numbers. The generator is sequential, so reading the
 * chunks in increasing order costs one variate per neuron; going back
 * re-seeds and skips ahead (O(start)).
 */
export class RandomPhaseSource implements PhaseSource {
  readonly size: number;
  private readonly rng: Xoroshiro128Plus;
  /** Index of the neuron the generator's next variate belongs to. */
  private next = 0;

  constructor(
    private readonly model: NeuronModel,
    private readonly plugin: Pick<ModelPlugin, 'initialPhase'>,
    private readonly seed: number,
  ) {
    this.size = model.size;
    this.rng = new Xoroshiro128Plus(seed);
  }

  fill(start: number, out: Float64Array): void {
    const rng = this.rng, model = this.model, plugin = this.plugin;
    if (start < this.next) {
      rng.seed(this.seed);
      this.next = 0;
    }
    for (; this.next < start; this.next++) rng.nextDouble();
    const reset = model.phiReset, span = model.phiThreshold - model.phiReset;
    for (let s = 0; s < out.length; s++) {
      const u = rng.nextDouble();
      out[s] = plugin.initialPhase ? plugin.initialPhase(u, model) : reset + u * span;
    }
    this.next += out.length;
  }
}

/** A {@link PhaseSource} over an array of phases (no copy). */
export function arrayPhaseSource(phases: Float64Array): PhaseSource {
  return { size: phases.length, fill: (start, out) => out.set(phases.subarray(start, start + out.length)) };
}

/** A {@link PhaseSource} with every neuron at `phase` (the engines' default: the reset phase). */
export function constantPhaseSource(size: number, phase: number): PhaseSource {
  return { size, fill: (_start, out) => out.fill(phase) };
}

/** The whole source as one array (for engines that keep their initial phases). */
export function materializePhases(source: PhaseSource): Float64Array {
  const phases = new Float64Array(source.size);
  source.fill(0, phases);
  return phases;
}

/** Neurons per chunk when a state is built from a {@link PhaseSource}: 512 KiB of phases. */
export const PHASE_CHUNK = 65536;
