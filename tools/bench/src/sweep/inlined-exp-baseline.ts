import { EXP_KEY_LOG_RESCALE, EXP_KEY_RESCALE } from '@sparseprop/core/plugin';
import { heapify, type InlinedNetwork, type InlinedRunResult, updateKey } from './inlined-network.js';
import { drawInlinedTargets } from './inlined-targets.js';

/**
 * The "DI engine vs hand-inlined loop" baseline for the default LIF engine,
 * exponential keys: the same algorithm as `ExpKeySimulator` +
 * `IndexedDaryHeap(2)` + `LifModel.expShift` + the procedural fixed
 * out-degree connectivity — each neuron keyed by `W_i = exp(-phi_i/omega) E`
 * against one global factor `E`, an input is `W_i += expShift E`, rescaling
 * by core's exact power of two, the targets' keys read once before their
 * updates (the queue's `touch`) — in one loop on typed arrays and numbers
 * with no object, interface call or closure in it, performing the same
 * floating-point operations in the same order (identical spike train).
 */

/**
 * Advance the network by `spikes` spikes: the whole step (peek, spike
 * factor, K procedural targets, K multiply-adds and heap updates, reset,
 * checksum, rare rescaling) in one loop, calling only the shared target
 * generator and heap update and one `Math.log` per spike (the spike time).
 */
export function runInlinedExpLoop(net: InlinedNetwork, spikes: number): InlinedRunResult {
  const n = net.n, k = net.k, tau = net.tau, omega = net.omega;
  const expShift = net.expShift, wThreshold = net.wThreshold, wReset = net.wReset;
  const slotKeys = net.slotKeys, heap = net.heap, position = net.position, targets = net.targets;
  const startSeconds = (omega * (Math.log(net.factor) + net.rescalings * EXP_KEY_LOG_RESCALE) * tau) / omega;
  let factor = net.factor, rescalings = net.rescalings, logScale = rescalings * EXP_KEY_LOG_RESCALE;
  let hash = 0, sumidx = 0, lastTime = startSeconds, touched = 0;
  for (let s = 0; s < spikes; s++) {
    // --- next spiker: the heap's minimum W; the factor at which it reaches threshold ------
    const j = heap[0];
    let spikeFactor = slotKeys[0] / wThreshold;
    if (spikeFactor <= factor) spikeFactor = factor;
    const phase = omega * (Math.log(spikeFactor) + logScale);
    factor = spikeFactor;
    const thresholdKey = wThreshold * factor;
    const kick = expShift * factor;

    // --- its K distinct targets ------------------------------------------------------
    drawInlinedTargets(net, j);

    // --- read every target's key first, so their cache misses overlap (the queue's touch) --
    for (let q = 0; q < k; q++) touched += slotKeys[position[targets[q]]];

    // --- W += expShift E for every target (clamped at threshold), then the spiker's reset ---
    for (let q = 0; q < k; q++) {
      const i = targets[q];
      let key = slotKeys[position[i]] + kick;
      if (key < thresholdKey) key = thresholdKey;
      updateKey(slotKeys, heap, position, n, i, key);
    }
    updateKey(slotKeys, heap, position, n, j, wReset * factor);

    // --- rescale every key by EXP_KEY_RESCALE when E exceeds its inverse (exact), restoring the tie rule ---
    if (factor > 1 / EXP_KEY_RESCALE) {
      for (let p = 0; p < n; p++) slotKeys[p] *= EXP_KEY_RESCALE;
      heapify(slotKeys, heap, position);
      factor *= EXP_KEY_RESCALE;
      logScale = ++rescalings * EXP_KEY_LOG_RESCALE;
    }

    // --- emit: checksum and time ---------------------------------------------------
    lastTime = (phase * tau) / omega;
    hash = (Math.imul(hash, 31) + j) >>> 0;
    sumidx += j;
  }
  net.factor = factor;
  net.rescalings = rescalings;
  net.touchSink = touched;
  return { spikes, hash, sumidx, endSeconds: (omega * (Math.log(factor) + logScale) * tau) / omega, lastTime };
}
