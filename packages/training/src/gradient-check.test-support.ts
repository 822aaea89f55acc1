import type { SpikeTrain } from '@sparseprop/core';

/** True when two trains have the same neuron sequence (no spike swapped order). */
export function sameSequence(a: SpikeTrain, b: SpikeTrain): boolean {
  if (a.length !== b.length) return false;
  const an = a.neurons, bn = b.neurons;
  for (let s = 0; s < a.length; s++) if (an[s] !== bn[s]) return false;
  return true;
}

/**
 * True when every spike of `a` lies on the same side of every sample time
 * `start + g · step` as the same spike of `b`. Losses that sample a kernel
 * with a jump at 0 (the exponential kernel, the rate regulariser) jump when
 * a spike crosses a sample time: a central difference across such a jump
 * measures the jump, not the derivative. Two equal jumps (two spikes of one
 * neuron crossing samples at different distances) can even make the h and
 * h/2 estimates agree, so crossings are detected, not inferred.
 */
export function sameSampleSides(a: SpikeTrain, b: SpikeTrain, start: number, step: number): boolean {
  for (let s = 0; s < a.length; s++) if (Math.ceil((a.times[s] - start) / step) !== Math.ceil((b.times[s] - start) / step)) return false;
  return true;
}

/**
 * A converged central-difference estimate of dL/dx of the simulator, or
 * undefined when it cannot be trusted. With estimates at steps h and h/2 the
 * error of the h/2 one is about a third of their difference (O(h²)
 * truncation), so the analytic value must agree within twice that difference
 * plus the rounding of L (`roundingOfLoss`, absolute) divided by h/2. Cases
 * where a perturbation swaps two spikes (a kink of L), leaves the branch
 * `sameBranch` accepts (e.g. {@link sameSampleSides}), or the two estimates
 * differ by more than 1e-3 relative (nearly singular: not converged) are
 * refused.
 */
export function convergedDifference(
  base: SpikeTrain,
  runAt: (delta: number) => SpikeTrain,
  lossOf: (train: SpikeTrain) => number,
  h: number,
  roundingOfLoss: number,
  sameBranch: (perturbed: SpikeTrain, base: SpikeTrain) => boolean = () => true,
): { estimate: number; bound: number } | undefined {
  const trains = [h, -h, h / 2, -h / 2].map(runAt);
  if (!trains.every((t) => sameSequence(t, base) && sameBranch(t, base))) return undefined;
  const [plus, minus, halfPlus, halfMinus] = trains.map(lossOf);
  const coarse = (plus - minus) / (2 * h), fine = (halfPlus - halfMinus) / h;
  const rounding = roundingOfLoss / (h / 2);
  const truncation = Math.abs(coarse - fine);
  if (truncation > 1e-3 * Math.abs(fine) + rounding) return undefined;
  return { estimate: fine, bound: 2 * truncation + rounding };
}
