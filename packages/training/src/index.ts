/**
 * Event-based backpropagation through time for SparseProp networks (docs/algorithm.md §7):
 * exact gradients of spike-time losses with respect to synaptic weights and
 * initial phases, O(K) per recorded spike.
 * @packageDocumentation
 */
export { spikeTimeGradients, trainingNetworkOf, type GradientOptions, type SpikeTimeGradients, type TrainingNetwork } from './spike-time-gradients.js';
export { squaredSpikeTimeError, squaredSpikeTimes, sumLosses, type SpikeTimeLoss } from './losses.js';
export { Readout, type ReadoutGradients, type ReadoutGrid, type ReadoutKernel, type ReadoutOptions } from './readout.js';
export { readoutMse, type ReadoutLoss } from './readout-mse.js';
export { rateRegularizer, type RateRegularizerOptions } from './rate-regularizer.js';
export { checkInputEvents, type InputEvents } from './input-events.js';
export { simulateWithInputs, type InputRunLimits } from './input-forward.js';
export { trainingNetworkOfCompiled, sharedPhaseModel, type CompiledTrainingNetwork, type NetworkModelFactory, type PopulationModelKeys, type WeightOrigins } from './compiled-network.js';
export { simulateOnNetworkEngine, taskForward, engineTiming, type EngineTiming } from './network-forward.js';
export { engineForward, TIME_FRAME_FORWARD, type TrainingForward } from './engine-forward.js';
export { tapedForward, type TapedForward, type TapedForwardOptions } from './taped-gradients.js';
export { Optimizer, clipGradientNorm, applySignConstraints, signsOf, learningRateAt, type OptimizerOptions, type OptimizerState, type LearningRateSchedule } from './optimizers.js';
export { Trainer, trialSeed, encodeCheckpoint, decodeCheckpoint, type TrainingTask, type TrialResult, type TrainerOptions, type EpochMetrics, type TrainingCheckpoint } from './trainer.js';
export { OuTrackingTask, OU_TRACKING_DEFAULTS, randomInhibitoryNetwork, ouTrackingDefinition, ouTrackingSchema, type OuTrackingConfig } from './tasks/ou-tracking.js';
export { ouSignals, signalDrivenInputs } from './tasks/signal-inputs.js';
export { trainedNetworkStatistics, groupStatistics, kmeansOfIncomingRows, pearson, type TrainedNetworkStatistics, type GroupStatistics } from './tasks/network-statistics.js';
export { parseTaskFile, taskFileSchema, trainingSettingsSchema, TASKS, taskDefinition, type TaskFile, type TrainingSettings } from './tasks/task-config.js';
export { channelWeightsCsv, perNeuronCsv, type BuiltTask, type DynamicsFactory, type ModelFactory, type TaskContext, type TaskDefinition, type TaskEvaluation } from './tasks/task-contract.js';
export { NetworkSpikeTimingTask, networkSpikeTimingDefinition, networkSpikeTimingSchema, type NetworkSpikeTimingConfig } from './tasks/network-spike-timing.js';
export { TeacherStudentTask, matchedSpikeTimeLoss, teacherStudentDefinition, teacherStudentSchema, edgeCsv, type TeacherStudentConfig } from './tasks/teacher-student.js';
export { SpikeTimingTask, spikeTimingDefinition, spikeTimingSchema, type SpikeTimingConfig } from './tasks/spike-timing.js';
