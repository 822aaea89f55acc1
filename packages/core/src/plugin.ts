/**
 * `@sparseprop/core/plugin`: the contracts and building blocks for people
 * who write models, queues, engines or connectivity. Everything of the main
 * entry point is here too, so a plugin imports from one place.
 * @packageDocumentation
 */
export * from './index.js';

export { type ExpKeyModel, isExpKeyModel } from './contracts/exp-key-model.js';
export { hasVoltageDynamics } from './contracts/voltage-dynamics.js';
export { MAX_DISTINCT_WEIGHTS } from './contracts/connectivity.js';
export { requireFinite, requireAbove, requireInRange, requireInteger } from './errors/validate.js';
export { Xoroshiro128Plus } from './rng/xoroshiro128plus.js';
export { summarizeWeights, weightSummaryOf } from './connectivity/weight-summary.js';
export { fixedOutDegree } from './connectivity/fixed-out-degree.js';
export { checkEngineState, queueKeys } from './engines/engine-state.js';

export { PhaseFrameSimulator, phaseFrameEngine } from './engines/phase-frame-simulator.js';
export { TimeFrameSimulator, timeFrameEngine } from './engines/time-frame-simulator.js';
export { ExpKeySimulator, expKeyEngine, EXP_KEY_MAX_SHIFT, expKeyHeadroomRefusal } from './engines/exp-key-simulator.js';
export { ReferenceSimulator, referenceEngine } from './reference/reference-simulator.js';
export { NetworkSimulator } from './engines/network/network-simulator.js';
export { NetworkReferenceSimulator } from './reference/network-reference-simulator.js';
export { networkEngine, networkReferenceEngine } from './engines/network/plugin.js';
export { checkCompiledNetwork } from './engines/network/check-network.js';
export { checkPhases, checkPhaseChunk } from './engines/check-phases.js';
export { checkKickEvents } from './engines/check-kick-events.js';
export { runLimits, summarize, pastTimeLimit, type RunLimits } from './engines/run-limits.js';
export { EXP_KEY_RESCALE, EXP_KEY_LOG_RESCALE, expKeyTimeSeconds } from './engines/exp-key-clock.js';
export { resolveEngineOptions, type ResolvedEngineOptions } from './engines/engine-options.js';

export { heterogeneousDrive } from './network/reference-network.js';
export { randomInitialPhases, RandomPhaseSource, arrayPhaseSource, constantPhaseSource, materializePhases, PHASE_CHUNK } from './network/initial-phases.js';
export { layOutDrives, type DriveLayout } from './network/drive-layout.js';
export { RecentCache } from './util/recent-cache.js';

export { container, inject, injectable, injectAll, type InjectionToken } from './registry/tsyringe.js';
export { MODEL_PLUGIN, QUEUE_PLUGIN, ENGINE_PLUGIN, CONNECTIVITY_PLUGIN } from './registry/tokens.js';
