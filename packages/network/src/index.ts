/**
 * Networks as neuroscientists build them, for SparseProp's exact event
 * engine: populations (sub- or suprathreshold, refractory), projections
 * (out-degree, in-degree, probability, edge files; weights and delays as
 * numbers or distributions; Dale's law), inputs (Poisson drive, Poisson or
 * file-driven source populations, step currents, event files), a JSON config
 * validated by a zod schema, and presets (`reference`, `brunel`).
 *
 * @example
 * ```ts
 * import { NetworkSimulator } from '@sparseprop/core/plugin';
 * import { SpikeTrain } from '@sparseprop/core';
 * import { lif } from '@sparseprop/model-lif';
 * import { thirtyTwoAryHeap } from '@sparseprop/queue-heap';
 * import { brunelPreset, compileNetwork } from '@sparseprop/network';
 *
 * const { network } = compileNetwork(brunelPreset({ n: 2000, g: 5, eta: 2 }), { models: [lif] });
 * const simulator = new NetworkSimulator(network, thirtyTwoAryHeap.create(network.size));
 * const spikes = new SpikeTrain();
 * simulator.run({ maxTimeSeconds: 0.5, record: spikes });
 * ```
 * @packageDocumentation
 */
export { networkConfigSchema, parseNetworkConfig, type NetworkConfig, type NetworkConfigInput, type PopulationConfig, type ProjectionConfig } from './schema.js';
export { compileNetwork, checkRunLength, expectedExternalEvents, BYTES_PER_NEURON, type BuiltNetwork, type CompileOptions, type PopulationLayout } from './compile.js';
export { brunelPreset, referencePreset, plainNetworkOf, BRUNEL_STATES, type BrunelParameters, type ReferencePresetParameters } from './presets.js';
export { ExplicitProjection, ProceduralOutDegreeProjection, buildInDegree, buildOutDegree, buildProbability, type ProjectionSpec } from './projections.js';
export { PoissonDriveSource, PoissonPopulationSource, EventListSource, piecewiseLinearRate, type NeuronRanges } from './inputs.js';
export { parseEdgeCsv, parseInputEvents, parseSpikeCsv, parseRateSignal, parseVoltages } from './files.js';
export { type Distribution, sample, sampleDelay } from './distributions.js';
export { RandomStream } from './random.js';
export { populationRates, sampleVoltages, FilteredRecorder, type VoltageSampler } from './recording.js';
