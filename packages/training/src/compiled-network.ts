import { type CompiledNetwork, InvalidParameterError, type ModelPlugin, type NeuronModel, type NetworkPopulation, resolveModelParams, SparseConnectivity, summarizeWeights, type WeightSummary } from '@sparseprop/core/plugin';
import type { InputEvents } from './input-events.js';
import type { TrainingNetwork } from './spike-time-gradients.js';

/**
 * What a weight gradient of a {@link CompiledTrainingNetwork} refers to: the
 * projection (index into `compiled.projections`, or −1 for a kick stream),
 * the presynaptic index (network neuron, source neuron numbered after the
 * network as in spike files, or −1) and the target network neuron (or −1
 * for a kick stream's shared weight).
 */
export interface WeightOrigins {
  readonly projection: Int32Array;
  readonly pre: Int32Array;
  readonly post: Int32Array;
}

/** A {@link CompiledNetwork} as the gradients see it: one phase model, one synapse list, input events with trainable weights. */
export interface CompiledTrainingNetwork {
  /**
   * The recurrent synapses (every projection between network neurons,
   * merged into one {@link SparseConnectivity}; per-synapse delays in its
   * CSR order), refractory periods, initial phases from the initial
   * voltages, and the input events up to the horizon.
   */
  readonly network: TrainingNetwork;
  /** Where each recurrent synapse (CSR order of `network.connectivity`) comes from. */
  readonly synapses: WeightOrigins;
  /**
   * Where each input weight (`network.inputs.weights`, the trainable weight
   * index of the events) comes from: a synapse of a projection leaving a
   * source population, or one shared weight of a kick stream (`projection`
   * −1, `pre` the stream's index in `compiled.inputs`, `post` −1).
   */
  readonly inputWeights: WeightOrigins;
  /** Delay of each input weight's synapse, seconds (0 for a kick stream). */
  readonly inputDelays: Float64Array;
  /** Names of `compiled.inputs` (for the kick-stream rows). */
  readonly inputNames: readonly string[];
}

/**
 * Builds the phase model of the whole network: one model for all neurons
 * with the drive of each (`drive`, length N), for kicks in the range of
 * `weights` (every recurrent and input weight). Throws
 * {@link InvalidParameterError} when the populations cannot share one model
 * (different models or model parameters).
 */
export type NetworkModelFactory = (populations: readonly NetworkPopulation[], drive: Float64Array, weights: WeightSummary) => NeuronModel;

/**
 * The {@link TrainingNetwork} of a compiled network description (populations,
 * projections, source populations and external streams of
 * `@sparseprop/network`'s `compileNetwork`), so that the gradients of
 * `spikeTimeGradients` cover every weight the description has:
 *
 * - every synapse between network neurons (all projections merged, each
 *   with its delay; per synapse in the result's CSR order);
 * - every synapse of a projection leaving a source population (a Poisson
 *   population, possibly following a rate signal, or spikes read from a
 *   file): each source spike becomes input events at `t + delay` on the
 *   projection's targets, one trainable weight per synapse;
 * - every kick stream (Poisson drive, event file): one trainable weight per
 *   distinct jump of the stream.
 *
 * The external events are drawn from forks of `compiled.inputs` up to
 * `horizonSeconds` (inclusive): the same events the network engine sees, so
 * run the forward first and give its last spike time (events after the
 * last spike cannot change any spike).
 *
 * Take the gradients with `{ path: 'delayed' }`: the network engine's rule
 * for kicks at one instant (they add up in voltage) even where every delay
 * is 0. The other paths clamp a neuron kicked over threshold at threshold,
 * which differs from the engine when an inhibitory kick arrives at the same
 * instant, as in the synchronous volleys of small excitatory networks.
 *
 * @param horizonSeconds last input time to include, seconds (≥ 0, finite)
 * @throws InvalidParameterError for step currents (drive changes have no gradient path), duplicate synapses between one pair of neurons or autapses (the gradients are per synapse), or a horizon out of range
 * @example
 * ```ts
 * const { network: compiled } = compileNetwork(config, { models: [lif] });
 * const train = new SpikeTrain();
 * composeSimulator({ network: compiled }, container).simulator.run({ maxSpikes: 500, record: train });
 * const built = trainingNetworkOfCompiled(compiled, (pops, drive) => new LifModel(drive.length, drive), train.times[train.length - 1]);
 * const g = spikeTimeGradients(built.network, train, squaredSpikeTimes(train, 500).dLossDTimes, { path: 'delayed' });
 * g.weights;      // recurrent synapses, origins in built.synapses
 * g.inputWeights; // input synapses and kick streams, origins in built.inputWeights
 * ```
 */
export function trainingNetworkOfCompiled(compiled: CompiledNetwork, modelOf: NetworkModelFactory, horizonSeconds: number): CompiledTrainingNetwork {
  if (!(horizonSeconds >= 0) || !Number.isFinite(horizonSeconds)) throw new InvalidParameterError('horizonSeconds', horizonSeconds, 'a finite time in seconds ≥ 0');
  if (compiled.stepCurrents.length > 0) {
    throw new InvalidParameterError('stepCurrents', compiled.stepCurrents.length, 'none: spike-time gradients assume constant drives (step currents have no gradient path)');
  }
  const n = compiled.size;

  const maxDegree = Math.max(1, ...compiled.projections.map((p) => p.maxOutDegree));
  const targets = new Int32Array(maxDegree), weights = new Float64Array(maxDegree), delays = new Float64Array(maxDegree);
  const recurrent = compiled.projections.map((p, q) => ({ p, q })).filter(({ p }) => p.sourceStart < n);
  const fromSources = compiled.projections.map((p, q) => ({ p, q })).filter(({ p }) => p.sourceStart >= n);

  // recurrent synapses, emitted by presynaptic neuron: CSR order (fromEdges keeps the order within a row)
  const pre: number[] = [], post: number[] = [], weight: number[] = [], delay: number[] = [], origin: number[] = [];
  const seen = new Int32Array(n).fill(-1), seenFrom = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    for (const { p, q } of recurrent) {
      if (j < p.sourceStart || j >= p.sourceEnd) continue;
      const count = p.targetsOf(j, targets, weights, delays);
      for (let s = 0; s < count; s++) {
        const i = targets[s];
        if (i === j) throw new InvalidParameterError(`projections.${p.name}`, `${j} -> ${i}`, 'no autapse: the gradients are per synapse of distinct neurons');
        if (seen[i] === j) {
          throw new InvalidParameterError(`projections.${p.name}`, `${j} -> ${i}`, `one synapse per pair of neurons (also made by projection ${compiled.projections[seenFrom[i]].name}): the gradients are per synapse`);
        }
        seen[i] = j;
        seenFrom[i] = q;
        pre.push(j);
        post.push(i);
        weight.push(weights[s]);
        delay.push(p.delay ?? delays[s]);
        origin.push(q);
      }
    }
  }
  const connectivity = SparseConnectivity.fromEdges(n, pre, post, weight);

  // input weights: one per synapse of a projection from a source population, then one per distinct jump of each kick stream
  const channelProjection: number[] = [], channelPre: number[] = [], channelPost: number[] = [], channelWeight: number[] = [], channelDelay: number[] = [];
  /** First input weight of source neuron `s` in projection `fromSources[k]`: firstChannel[k][s - sourceStart]. */
  const firstChannel = fromSources.map(({ p, q }) => {
    const first = new Int32Array(p.sourceEnd - p.sourceStart);
    for (let s = p.sourceStart; s < p.sourceEnd; s++) {
      first[s - p.sourceStart] = channelWeight.length;
      const count = p.targetsOf(s, targets, weights, delays);
      for (let e = 0; e < count; e++) {
        channelProjection.push(q);
        channelPre.push(s);
        channelPost.push(targets[e]);
        channelWeight.push(weights[e]);
        channelDelay.push(p.delay ?? delays[e]);
      }
    }
    return first;
  });
  const times: number[] = [], eventTargets: number[] = [], channels: number[] = [];
  compiled.inputs.forEach((source, k) => {
    const stream = source.fork();
    const jumpChannel = new Map<number, number>();
    for (let t = stream.peekTime(); t <= horizonSeconds; t = stream.peekTime()) {
      const target = stream.peekTarget();
      if (source.kind === 'kick') {
        const jump = stream.peekWeight();
        let c = jumpChannel.get(jump);
        if (c === undefined) {
          c = channelWeight.length;
          jumpChannel.set(jump, c);
          channelProjection.push(-1);
          channelPre.push(k);
          channelPost.push(-1);
          channelWeight.push(jump);
          channelDelay.push(0);
        }
        times.push(t);
        eventTargets.push(target);
        channels.push(c);
      } else {
        fromSources.forEach(({ p }, m) => {
          if (target < p.sourceStart || target >= p.sourceEnd) return;
          const count = p.targetsOf(target, targets, weights, delays);
          const first = firstChannel[m][target - p.sourceStart];
          for (let e = 0; e < count; e++) {
            const arrival = t + (p.delay ?? delays[e]);
            if (arrival > horizonSeconds) continue;
            times.push(arrival);
            eventTargets.push(targets[e]);
            channels.push(first + e);
          }
        });
      }
      stream.pop();
    }
  });
  // by arrival time; ties keep the order above (kicks at one instant add up, so their order does not matter)
  const order = Array.from(times.keys()).sort((a, b) => times[a] - times[b] || a - b);
  const inputs: InputEvents | undefined =
    channelWeight.length === 0
      ? undefined
      : {
          times: Float64Array.from(order, (e) => times[e]),
          targets: Int32Array.from(order, (e) => eventTargets[e]),
          channels: Int32Array.from(order, (e) => channels[e]),
          weights: Float64Array.from(channelWeight),
        };
  const model = modelOf(compiled.populations, compiled.drive, summarizeWeights([...weight, ...channelWeight]));
  if (model.size !== n) throw new InvalidParameterError('model.size', model.size, `equal to the network size ${n}`);
  const initialPhases = Float64Array.from(compiled.initialVoltage, (v, i) => model.phase(v, i));
  const network: TrainingNetwork = {
    model,
    connectivity,
    initialPhases,
    tau: compiled.tau,
    inputs,
    delays: Float64Array.from(delay),
    refractory: compiled.refractory,
  };
  return {
    network,
    synapses: { projection: Int32Array.from(origin), pre: Int32Array.from(pre), post: Int32Array.from(post) },
    inputWeights: { projection: Int32Array.from(channelProjection), pre: Int32Array.from(channelPre), post: Int32Array.from(channelPost) },
    inputDelays: Float64Array.from(channelDelay),
    inputNames: compiled.inputs.map((s) => s.name),
  };
}

/** The population keys {@link sharedPhaseModel} reads from a validated network config (`parseNetworkConfig`). */
export interface PopulationModelKeys {
  readonly model?: string;
  readonly modelParams?: Readonly<Record<string, number>>;
  readonly source?: unknown;
}

/**
 * The {@link NetworkModelFactory} of a network config: the model plugin the
 * network populations name (by `model`, with their `modelParams`), created
 * once for all network neurons with each neuron's drive. Throws
 * {@link InvalidParameterError} naming `file: populations.NAME.model` when
 * two populations name different models or parameters (the gradients use
 * one phase model), or the model is not registered.
 *
 * @param populations the config's `populations` (validated: defaults filled in)
 * @param plugins the registered model plugins
 * @param tau the network's membrane time constant, seconds
 * @param file the config's name, for messages
 */
export function sharedPhaseModel(populations: Readonly<Record<string, PopulationModelKeys>>, plugins: readonly ModelPlugin[], tau: number, file: string): NetworkModelFactory {
  const neurons = Object.entries(populations).filter(([, p]) => p.source === undefined);
  const describe = (p: PopulationModelKeys) => `${p.model ?? 'lif'} ${JSON.stringify(p.modelParams ?? {})}`;
  return (compiled, drive, weights) => {
    const [firstName, first] = neurons[0];
    for (const [name, p] of neurons) {
      if (describe(p) !== describe(first)) {
        throw new InvalidParameterError(`${file}: populations.${name}.model`, describe(p), `the model and modelParams of populations.${firstName} (${describe(first)}): the gradients use one phase model for all network neurons`);
      }
    }
    const name = first.model ?? 'lif';
    const plugin = plugins.find((m) => m.name === name);
    if (plugin === undefined) throw new InvalidParameterError(`${file}: populations.${firstName}.model`, name, `a registered model (${plugins.map((m) => m.name).join(', ')})`);
    const n = compiled.at(-1)!.end;
    const homogeneous = drive.every((x) => x === drive[0]);
    return plugin.create({ n, tau, iext: drive[0], drive: homogeneous ? undefined : drive, weights }, resolveModelParams(plugin, first.modelParams));
  };
}
