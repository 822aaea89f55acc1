/**
 * Conformance helpers for SparseProp plugins: random network cases
 * (fast-check arbitraries), running a case with any algorithm, comparing
 * spike trains, and checking a model against its own definitions.
 * @packageDocumentation
 */
export { compareSpikeTrains, type SpikeTrainComparison } from './compare-spike-trains.js';
export { EquivalenceTally } from './equivalence-tally.js';
export { networkCase, explicitConnectivity, type NetworkCase, type NetworkCaseRanges } from './network-case.js';
export { runCase } from './run-case.js';
export { PHASE_ERROR_DIRECTIONS, type PhaseErrorDirection, phaseNoisePlugins, withPhaseNoise } from './sensitivity/with-phase-noise.js';
export { modelIdentities, type ModelIdentityReport } from './model-identities.js';
export { checkQueueScenario, queueConformanceProperty, queueScenario, type QueueFactory, type QueueOperation, type QueueScenario, type QueueScenarioRanges } from './queue-conformance.js';
export {
  checkSpikeFormatAtomicity,
  checkSpikeFormatRoundTrip,
  compareSpikeData,
  spikeFileCase,
  spikeFormatConformanceProperty,
  type SpikeFileCase,
  type SpikeFileCaseRanges,
  type SpikeFormatOptions,
} from './spike-format-conformance.js';
export { modelConformance, type ModelConformanceOptions } from './conformance/model-conformance.js';
export { queueConformance, type QueueConformanceOptions } from './conformance/queue-conformance-suite.js';
export { nanKeyConformance, type NanKeyConformanceOptions } from './conformance/nan-key-conformance.js';
export { engineConformance, type EngineConformanceOptions } from './conformance/engine-conformance.js';
export { LinearScanQueue, linearScanQueue } from './conformance/linear-scan-queue.js';
export { inputSourceConformance, type InputSourceConformanceOptions } from './conformance/input-source-conformance.js';
