/**
 * The `sparseprop` command line (`run`, `models`) and its parts,
 * usable in-process: every command takes its arguments and a {@link CliIo}
 * and resolves to an exit code.
 * @packageDocumentation
 */
export { main } from './main.js';
export { type CliIo, type CapturedIo, type OutputStream, processIo, capturedIo } from './cli-io.js';
export { CliUsageError, CliFileError, CliOutputError } from './cli-errors.js';
export { ExitCode, type ExitCodeValue } from './exit-codes.js';
export { reportError, ERROR_PREFIX } from './report-error.js';
export { createCliContainer } from './plugins.js';

export { runCommand, type RunCommandDependencies } from './run/run-command.js';
export { type RunConfig, type FrameChoice, type ConfigField, CONFIG_FIELDS, parseRunConfigJson, checkRunConfig } from './run/run-config.js';
export { type RunArgs, parseRunArgs, parseNumberFlag, parseModelParams } from './run/run-args.js';
export { mergeRunConfig } from './run/merge-config.js';
export { type StopCondition, DEFAULT_SPIKES, resolveStopCondition } from './run/stop-condition.js';
export { type MemoryProbe, MEMORY_FRACTION, systemMemory, memoryBudget, requireMemory, estimateEdgeListBytes } from './run/memory-budget.js';
export { type PreparedRun, type PrepareEnvironment, prepareRun } from './run/prepare-run.js';
export { type ExecuteOptions, executeRun, defaultSliceSpikes } from './run/execute-run.js';
export { type ProgressReporter, createProgress } from './run/progress.js';
export { type CliRunSummary, type RunDescription, toCliSummary, formatSummaryJson, formatSummaryText } from './run/run-summary.js';

export { modelsCommand, formatModelsText, formatModelsJson, NETWORK_PARAMETERS } from './models/models-command.js';

export { readConfigFile } from './io/config-file.js';
export { readNetworkFile, formatNetworkCsv } from './io/network-file.js';
export { type InitialPhases, parseInitialPhases, readInitialPhasesFile, requirePhaseCount, formatInitialPhases } from './io/initial-phases-file.js';
export { SpikeCsvWriter, SPIKE_CSV_HEADER, openSpikeCsv, parseSpikeCsv } from './io/spike-csv-writer.js';
export { type OutputKind, type OutputTarget, type NamedInput, OutputFile, resolveOutputTarget, removePendingOutputs } from './io/output-file.js';
