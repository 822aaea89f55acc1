import { heapify, type InlinedNetwork, type InlinedRunResult, updateKey } from './inlined-network.js';
import { drawInlinedTargets } from './inlined-targets.js';

/**
 * The "DI engine vs hand-inlined loop" baseline, phase frame: the same
 * algorithm as `PhaseFrameSimulator` + `IndexedDaryHeap(2)` + `LifModel` +
 * the procedural fixed out-degree connectivity — indexed binary min-heap on
 * `key = -psi`, LIF phase transition curve, targets re-drawn per spike
 * (xoroshiro128+, {@link drawInlinedTargets}), the targets' keys read once
 * before their updates (the queue's `touch`), rebasing every N spikes —
 * written as one loop on typed arrays and numbers, with no object, interface
 * call or closure in it (only plain functions shared with the exponential-key
 * baseline). It performs the same floating-point operations in the same order,
 * so it emits the identical spike train; the ratio of the two costs is the
 * price of the plugin architecture. (The exponential-key engine has its own
 * baseline in inlined-exp-baseline.ts.)
 */

/**
 * Advance the network by `spikes` spikes: the whole SparseProp step
 * (peek, shift, K procedural targets, K PTCs and heap updates, reset,
 * checksum, rebase) in one loop, calling only the shared target generator and
 * heap update, `Math.exp`/`Math.log`, and the O(N) rebase every N spikes.
 */
export function runInlinedPhaseLoop(net: InlinedNetwork, spikes: number): InlinedRunResult {
  const n = net.n, k = net.k, tau = net.tau, omega = net.omega, minusInvOmega = net.minusInvOmega;
  const weightOverCurrent = net.weightOverCurrent, thresholdArg = net.thresholdArg;
  const slotKeys = net.slotKeys, heap = net.heap, position = net.position, targets = net.targets;
  const startSeconds = ((net.shiftOffset + net.shift) * tau) / omega;
  let shift = net.shift, shiftOffset = net.shiftOffset, spikesSinceRebase = net.spikesSinceRebase;
  let hash = 0, sumidx = 0, lastTime = startSeconds, touched = 0;
  for (let s = 0; s < spikes; s++) {
    // --- next spiker: the heap's minimum key (-psi) ----------------------------------
    const j = heap[0];
    let dShift = 1 + slotKeys[0] - shift; // phiThreshold + key - shift
    if (dShift <= 0) dShift = 0;
    shift += dShift;

    // --- its K distinct targets ------------------------------------------------------
    drawInlinedTargets(net, j);

    // --- read every target's key first, so their cache misses overlap (the queue's touch) --
    for (let q = 0; q < k; q++) touched += slotKeys[position[targets[q]]];

    // --- PTC of every target, key update in the heap, then the spiker's reset ------------
    for (let q = 0; q < k; q++) {
      const i = targets[q];
      const arg = Math.exp((shift - slotKeys[position[i]]) * minusInvOmega) - weightOverCurrent;
      updateKey(slotKeys, heap, position, n, i, shift - (arg <= thresholdArg ? 1 : -omega * Math.log(arg)));
    }
    updateKey(slotKeys, heap, position, n, j, shift - 0); // shift - phiReset

    // --- emit: checksum and time ---------------------------------------------------
    lastTime = ((shiftOffset + shift) * tau) / omega;
    hash = (Math.imul(hash, 31) + j) >>> 0;
    sumidx += j;

    // --- rebase every N spikes (uniform shift, then restore the tie order) ----------------
    if (++spikesSinceRebase >= n) {
      const delta = -shift;
      for (let p = 0; p < n; p++) slotKeys[p] += delta;
      heapify(slotKeys, heap, position);
      shiftOffset += shift;
      shift = 0;
      spikesSinceRebase = 0;
    }
  }
  net.shift = shift;
  net.shiftOffset = shiftOffset;
  net.spikesSinceRebase = spikesSinceRebase;
  net.touchSink = touched;
  return { spikes, hash, sumidx, endSeconds: ((shiftOffset + shift) * tau) / omega, lastTime };
}
