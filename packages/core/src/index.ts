/**
 * SparseProp core: compose a simulation from plugins and run it.
 *
 * This entry point holds what users call. Plugin authors (models, queues,
 * engines, connectivity) import the contracts and building blocks from
 * `@sparseprop/core/plugin`, which re-exports everything here too.
 *
 * @example
 * ```ts
 * import { composeSimulator, createContainer, registerPlugins, SpikeTrain } from '@sparseprop/core';
 * import { lif } from '@sparseprop/model-lif';
 * import { binaryHeap } from '@sparseprop/queue-heap';
 *
 * const container = registerPlugins(createContainer(), lif, binaryHeap);
 * const { simulator } = composeSimulator({ n: 10_000, k: 100, seed: 1 }, container);
 * const spikes = new SpikeTrain();
 * simulator.run({ maxSpikes: 10_000, record: spikes });
 * ```
 * @packageDocumentation
 */
export { composeSimulator, composeModelSimulator, type ModelSimulationConfig, DEFAULT_TARGET_CACHE_BYTES, resolveModelParams, type SimulationConfig, type ComposedSimulation, type NetworkSimulationConfig, type ComposedNetworkSimulation } from './registry/compose.js';
export { BUILT_IN_PLUGINS, createContainer, registerPlugins, registeredModels, registeredQueues, registeredEngines, registeredConnectivities, findPlugin } from './registry/registry.js';
export type { DependencyContainer } from './registry/tsyringe.js';

export { SpikeTrain } from './engines/spike-train.js';
export type { Simulator, VoltageSimulator, RunOptions, RunSummary, SpikeListener, SpikeRecorder, EngineState } from './contracts/simulator.js';
export type { EngineOptions, KickEvents, PhaseSource } from './contracts/engine-options.js';
export type { NeuronModel } from './contracts/neuron-model.js';
export type { EventQueue } from './contracts/event-queue.js';
export type { Connectivity, WeightSummary, ProceduralNetwork, CompressedRows } from './contracts/connectivity.js';
export type { ModelPlugin, QueuePlugin, EnginePlugin, EnginePluginBase, PlainEnginePlugin, NetworkEnginePlugin, EngineRequest, PlainEngineRequest, NetworkEngineRequest, ConnectivityPlugin, Plugin, ParameterSpec, NetworkContext } from './contracts/plugins.js';
export { runsNetworks } from './contracts/plugins.js';

export { SparsePropError, InvalidParameterError, InputFormatError, UnknownPluginError, RunawayExcitationError, InsufficientMemoryError, NonFiniteStateError } from './errors/errors.js';
export type { MemoryLimit } from './errors/errors.js';
export { quoteInput, escapeUnsafe, MAX_ECHOED_CHARS } from './errors/quote-input.js';
export { DECIMAL_NUMBER, parseDecimal } from './util/decimal.js';
export { parseJsonText } from './util/json-text.js';

export { FixedOutDegreeConnectivity, type FixedOutDegreeOptions } from './connectivity/fixed-out-degree.js';
export { SparseConnectivity } from './connectivity/sparse-connectivity.js';

export { REFERENCE_NETWORK, balancedDrive, resolveNetwork, type NetworkParameters, type ResolvedNetwork } from './network/reference-network.js';
export { estimateStateBytes, estimateConnectivityBytes } from './network/memory.js';
export type { VoltageDynamics, VoltageDynamicsProvider } from './contracts/voltage-dynamics.js';
export type { CompiledNetwork, NetworkPopulation, SourcePopulation, NetworkProjection, InputSource, StepCurrent } from './contracts/compiled-network.js';
