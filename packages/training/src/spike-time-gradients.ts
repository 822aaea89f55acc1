import { checkPhases, type ComposedSimulation, type Connectivity, InvalidParameterError, type NeuronModel, requireAbove, SparseConnectivity, type SpikeTrain } from '@sparseprop/core';

/** The network a recorded spike train came from: what the gradients are taken with respect to. */
export interface TrainingNetwork {
  /** Any neuron model (homogeneous or not): the replay runs in the time frame (docs/algorithm.md §4). */
  readonly model: NeuronModel;
  /** The synapses; per-synapse gradients for a {@link SparseConnectivity}. */
  readonly connectivity: Connectivity;
  /** Phases at time 0, one per neuron, in `[phiMin, phiThreshold]`. */
  readonly initialPhases: Float64Array;
  /** Membrane time constant in seconds (> 0): spike times in seconds are dimensionless times × tau. */
  readonly tau: number;
}

/** The {@link TrainingNetwork} of a composed simulation (before its first run). */
export function trainingNetworkOf(composed: ComposedSimulation): TrainingNetwork {
  return { model: composed.model, connectivity: composed.connectivity, initialPhases: composed.initialPhases, tau: composed.network.tau };
}

/** Exact derivatives of a loss of the recorded spike times (docs/algorithm.md §7). */
export interface SpikeTimeGradients {
  /**
   * ∂L/∂J for every synapse of a {@link SparseConnectivity}, in its CSR order
   * (`post[rowStart[j] .. rowStart[j+1])`), per unit of voltage jump;
   * undefined for other connectivity (procedural networks store no synapse).
   */
  readonly weights: Float64Array | undefined;
  /**
   * ∂L/∂J for every weight moved together: the sum of the per-synapse
   * derivatives. For a network with one uniform weight (the procedural
   * network of docs/algorithm.md §5) this is the derivative with respect to that weight.
   */
  readonly uniformWeight: number;
  /** ∂L/∂phi_k(0) for every neuron's initial phase. */
  readonly initialPhases: Float64Array;
  /** Spikes replayed (the length of the train). */
  readonly spikes: number;
  /**
   * Largest |replayed − recorded| spike time, seconds: the replay recomputes
   * the times from the network; a large value means the train did not come
   * from this network (different weights, phases or tau).
   */
  readonly maxReplayDeviation: number;
}

/**
 * Event-based backpropagation through time (docs/algorithm.md §7).
 *
 * The forward pass is the recorded train: its order of spikes is taken as
 * given (the gradient of a piecewise-smooth map, valid while no two spikes
 * swap). The replay walks it once in the time frame, where neuron `j`'s
 * spike at `T_j` changes only its targets' next spike times:
 * `T_i' = T_j + (phiThreshold − ptc(phi_i, J_ij)) / omega_i` with
 * `phi_i = phiThreshold − omega_i (T_i − T_j)`, so `∂T_i'/∂T_i = g'`,
 * `∂T_i'/∂T_j = 1 − g'`, `∂T_i'/∂J_ij = −(∂ptc/∂J)/omega_i` and
 * `∂T_j'/∂T_j = 1` (`g' = ∂ptc/∂phi`). The backward sweep applies the
 * transposes in reverse order: O(K) per spike, no queue.
 *
 * Memory: 24 bytes per synaptic event of the train (K per spike), plus O(N).
 *
 * @param network the network the train was recorded from
 * @param train the recorded spikes (seconds, neuron), as any engine of the same network produced them
 * @param dLossDTimes ∂L/∂t_s for every spike s of the train, per second (length = train length)
 */
export function spikeTimeGradients(network: TrainingNetwork, train: SpikeTrain, dLossDTimes: Float64Array): SpikeTimeGradients {
  const { model, connectivity, initialPhases } = network;
  const tau = requireAbove('tau', network.tau, 0);
  const n = model.size;
  if (connectivity.size !== n) throw new InvalidParameterError('connectivity.size', connectivity.size, `equal to the model size ${n}`);
  checkPhases(model, initialPhases);
  const spikes = train.length;
  if (dLossDTimes.length !== spikes) throw new InvalidParameterError('dLossDTimes.length', dLossDTimes.length, `equal to the number of recorded spikes (${spikes})`);
  const neurons = train.neurons, times = train.times;
  const csr = connectivity instanceof SparseConnectivity ? connectivity : undefined;

  // --- replay: next spike times T (dimensionless), the tape of local derivatives
  const phiThreshold = model.phiThreshold, phiReset = model.phiReset;
  const next = new Float64Array(n);
  for (let k = 0; k < n; k++) next[k] = (phiThreshold - initialPhases[k]) / model.omega(k);
  const kMax = connectivity.maxOutDegree;
  const targets = new Int32Array(kMax), weights = new Float64Array(kMax);
  const eventStart = new Int32Array(spikes + 1);
  let capacity = Math.max(16, spikes * Math.min(kMax, 64));
  let tapeTarget = new Int32Array(capacity), tapeSynapse = new Int32Array(csr ? capacity : 0);
  let tapeSlope = new Float64Array(capacity), tapeWeightSlope = new Float64Array(capacity);
  let events = 0, clock = -Infinity, maxReplayDeviation = 0;
  for (let s = 0; s < spikes; s++) {
    const j = neurons[s];
    if (!(j >= 0 && j < n)) throw new InvalidParameterError(`train neuron ${s}`, j, `an index in [0, ${n - 1}]`);
    const t = next[j] > clock ? next[j] : clock; // a kick to threshold spikes now (as the engines)
    clock = t;
    maxReplayDeviation = Math.max(maxReplayDeviation, Math.abs(t * tau - times[s]));
    const count = connectivity.targetsOf(j, targets, weights);
    if (events + count > capacity) {
      capacity = Math.max(2 * capacity, events + count);
      tapeTarget = grow(tapeTarget, capacity);
      if (csr) tapeSynapse = grow(tapeSynapse, capacity);
      tapeSlope = grow(tapeSlope, capacity);
      tapeWeightSlope = grow(tapeWeightSlope, capacity);
    }
    const firstSynapse = csr ? csr.rowStart[j] : 0;
    for (let e = 0; e < count; e++) {
      const i = targets[e], w = weights[e];
      const omega = model.omega(i);
      const phi = phiThreshold - omega * (next[i] - t);
      next[i] = t + (phiThreshold - model.ptc(phi, w, i)) / omega;
      tapeTarget[events] = i;
      if (csr) tapeSynapse[events] = firstSynapse + e;
      tapeSlope[events] = model.dPtcDPhi(phi, w, i);
      tapeWeightSlope[events] = -model.dPtcDJ(phi, w, i) / omega;
      events++;
    }
    next[j] = t + (phiThreshold - phiReset) / model.omega(j);
    eventStart[s + 1] = events;
  }

  // --- backward: adjoint a_k = ∂L/∂T_k of the current next-spike times
  const adjoint = new Float64Array(n);
  const weightGradient = csr ? new Float64Array(csr.post.length) : undefined;
  let uniformWeight = 0;
  for (let s = spikes - 1; s >= 0; s--) {
    const j = neurons[s];
    let aj = adjoint[j] + dLossDTimes[s] * tau; // T_j' = T_j + const, and t_s = tau T_j
    for (let e = eventStart[s]; e < eventStart[s + 1]; e++) {
      const i = tapeTarget[e];
      const ai = adjoint[i];
      const slope = tapeSlope[e];
      aj += ai * (1 - slope);
      adjoint[i] = ai * slope;
      const contribution = ai * tapeWeightSlope[e];
      uniformWeight += contribution;
      if (weightGradient !== undefined) weightGradient[tapeSynapse[e]] += contribution;
    }
    adjoint[j] = aj;
  }
  const phaseGradient = new Float64Array(n);
  for (let k = 0; k < n; k++) phaseGradient[k] = -adjoint[k] / model.omega(k); // T_k(0) = (phiThreshold − phi_k(0)) / omega_k
  return { weights: weightGradient, uniformWeight, initialPhases: phaseGradient, spikes, maxReplayDeviation };
}

function grow<T extends Int32Array | Float64Array>(array: T, capacity: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(capacity);
  bigger.set(array);
  return bigger;
}
