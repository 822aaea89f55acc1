/**
 * SparseProp core: the plugin contracts, the O(K log N) engines, the O(N)
 * reference simulator and their composition by dependency injection.
 * @packageDocumentation
 */
export type { NeuronModel } from './contracts/neuron-model.js';
export type { EventQueue } from './contracts/event-queue.js';
export { type ExpSpaceModel, isExpSpaceModel } from './contracts/exp-space-model.js';
export { type Connectivity, type WeightSummary, MAX_DISTINCT_WEIGHTS } from './contracts/connectivity.js';
export type { ModelPlugin, QueuePlugin, EnginePlugin, Plugin, ParameterSpec, NetworkContext } from './contracts/plugins.js';

export { SparsePropError, InvalidParameterError, InputFormatError, UnknownPluginError, RunawayExcitationError, InsufficientMemoryError } from './errors/errors.js';
export { requireFinite, requireAbove, requireInRange, requireInteger } from './errors/validate.js';

export { Xoroshiro128Plus } from './rng/xoroshiro128plus.js';
export { FixedOutDegreeConnectivity, type FixedOutDegreeOptions } from './connectivity/fixed-out-degree.js';
export { SparseConnectivity } from './connectivity/sparse-connectivity.js';
export { summarizeWeights, weightSummaryOf } from './connectivity/weight-summary.js';

export { SpikeTrain } from './engine/spike-train.js';
export type { Simulator, RunOptions, RunSummary, SpikeListener } from './engine/simulator.js';
export type { EngineOptions } from './engine/engine-options.js';
export { PhaseFrameSimulator } from './engine/phase-frame-simulator.js';
export { TimeFrameSimulator } from './engine/time-frame-simulator.js';
export { ExpSpaceSimulator } from './engine/exp-space-simulator.js';
export { ReferenceSimulator } from './reference/reference-simulator.js';

export { REFERENCE_NETWORK, balancedDrive, resolveNetwork, heterogeneousDrive, type NetworkParameters, type ResolvedNetwork } from './network/reference-network.js';
export { randomInitialPhases } from './network/initial-phases.js';
export { estimateStateBytes } from './network/memory.js';

export { container, inject, injectable, injectAll, type DependencyContainer, type InjectionToken } from './di/tsyringe.js';
export { NEURON_MODEL, EVENT_QUEUE, CONNECTIVITY, ENGINE_OPTIONS, MODEL_PLUGIN, QUEUE_PLUGIN, ENGINE_PLUGIN } from './di/tokens.js';
export { createContainer, registerPlugins, registeredModels, registeredQueues, registeredEngines, findPlugin } from './di/registry.js';
export { composeSimulator, DEFAULT_TARGET_CACHE_BYTES, resolveModelParams, type SimulationConfig, type ComposedSimulation } from './di/compose.js';
export { RecentCache } from './util/recent-cache.js';
export { layOutDrives, type DriveLayout } from './network/drive-layout.js';
// building blocks for engines published as their own packages (e.g. @sparseprop/engine-wasm)
export { checkPhases } from './engine/check-phases.js';
export { runLimits, summarize, type RunLimits } from './engine/run-limits.js';
export { EXP_KEY_RESCALE, EXP_KEY_LOG_RESCALE, expKeyTimeSeconds } from './engine/exp-key-clock.js';
export { resolveEngineOptions, type ResolvedEngineOptions } from './engine/engine-options.js';
