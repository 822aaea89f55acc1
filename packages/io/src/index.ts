/**
 * SparseProp spike files: CSV, NumPy `.npz` and SONATA HDF5 readers and
 * streaming, atomic writers behind one {@link SpikeFormat} contract, chosen
 * by extension from a {@link SpikeFormatRegistry}.
 * @packageDocumentation
 */
export type { PopulationRange, SpikeData, SpikeFileInfo, SpikeFormat, SpikeTarget, SpikeWriter } from './spike-format.js';
export { SpikeFileError, describeSystemError } from './spike-file-error.js';
export { AtomicOutput, type OutputKind, type OutputTarget, type OutputTargetKind, type NamedInput, resolveOutputTarget, registerTemporaryFile, releaseTemporaryFile, removeTemporaryFiles, pendingTemporaryFiles, temporaryPathBeside, writeFully } from './atomic-output.js';
export { DEFAULT_POPULATION, allPopulation, populationsOf, populationIndexOf } from './populations.js';
export { SPIKE_CSV_HEADER, SpikeCsvWriter, readSpikeCsv, csvFormat, type TextSink } from './csv-format.js';
export { SpikeNpzWriter, readSpikeNpz, npzFormat } from './npz-format.js';
export { npyHeader, npyString, parseNpyHeader, npyNumbers, npyText, type NpyHeader } from './npy.js';
export { SpikeSonataWriter, readSpikeSonata, sonataFormat, loadH5wasm } from './sonata-format.js';
export { SpikeFormatRegistry, defaultSpikeFormats, openSpikeWriter, readSpikeFile } from './registry.js';
export { CHECKPOINT_FORMAT_VERSION, writeCheckpoint, readCheckpoint, type Checkpoint, type CheckpointMeta } from './checkpoint.js';
export { readNumpyArray, writeNumpyArrays } from './npy-file.js';
