import { InputFormatError, parseJsonText } from '@sparseprop/core';
import { z } from 'zod';

const positive = z.number().finite().positive();
const scheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('constant') }).strict(),
  z.object({ kind: z.literal('exponential'), factor: positive }).strict(),
  z.object({ kind: z.literal('step'), factor: positive, every: z.number().int().min(1) }).strict(),
  z.object({ kind: z.literal('cosine'), minRate: z.number().finite().min(0) }).strict(),
]);

/** The `training` block of a task file: how to optimise. */
export const trainingSettingsSchema = z
  .object({
    /** Optimizer steps (each on a fresh batch). */
    epochs: z.number().int().min(1).max(1_000_000),
    batchSize: z.number().int().min(1).max(100_000).default(8),
    testBatchSize: z.number().int().min(0).max(100_000).default(8),
    seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
    optimizer: z.enum(['adam', 'sgd']).default('adam'),
    /** Adam β1 or SGD momentum, Adam β2. */
    beta1: z.number().min(0).lt(1).optional(),
    beta2: z.number().min(0).lt(1).optional(),
    learningRate: positive,
    schedule: scheduleSchema.default({ kind: 'constant' }),
    clipNorm: positive.optional(),
    /** Learning-rate multiplier per parameter group (0 freezes it). */
    groupRates: z.record(z.string(), z.number().finite().min(0)).optional(),
    /** Before training, fit the readout by ridge regression on this many trials (0: readout starts at 0). */
    readoutFitTrials: z.number().int().min(0).max(10_000).default(0),
    /** The ridge penalty of that fit (on the weights, not the bias). */
    readoutRidge: z.number().finite().positive().default(0.1),
    /** Network statistics every this many epochs (and at the first and last). */
    statsEvery: z.number().int().min(1).default(10),
  })
  .strict();

/** The OU-tracking task's `network` block (every key optional: defaults of {@link OU_TRACKING_DEFAULTS}). */
export const ouTrackingSchema = z
  .object({
    n: z.number().int().min(2).max(1_000_000),
    k: z.number().int().min(1),
    j0: z.number().finite(),
    weightJitter: z.number().min(0).lt(1),
    iext: z.number().finite(),
    tauSeconds: positive,
    signals: z.number().int().min(1).max(64),
    signalStd: z.number().finite().min(0),
    correlationSeconds: positive,
    inputRateHz: positive,
    inputWeightMean: z.number().finite(),
    inputWeightStd: z.number().finite().min(0),
    trialSeconds: positive,
    burnInSeconds: z.number().finite().min(0),
    stepSeconds: positive,
    readoutKernel: z.enum(['exponential', 'alpha']),
    readoutTauSeconds: positive,
    networkSeed: z.number().int().min(0).max(2 ** 32 - 1),
  })
  .partial()
  .strict();

/** A task file for `sparseprop train`. */
export const taskFileSchema = z
  .object({
    task: z.literal('ou-tracking'),
    /** Registered neuron model (the OU task needs one with a drive, e.g. LIF). */
    model: z.string().default('lif'),
    modelParams: z.record(z.string(), z.number().finite()).optional(),
    network: ouTrackingSchema.default({}),
    training: trainingSettingsSchema,
    /** Where results go, relative to the task file. */
    outDir: z.string().min(1).default('training-output'),
  })
  .strict();

export type TaskFile = z.infer<typeof taskFileSchema>;
export type TrainingSettings = z.infer<typeof trainingSettingsSchema>;

/** Parse and validate a task file; errors name the JSON path (e.g. `training.learningRate`). */
export function parseTaskFile(text: string, source = 'task.json'): TaskFile {
  // strict JSON: a duplicate key is an error at its line, a byte-order mark is ignored (as for run configs)
  const json = parseJsonText(text, source);
  const result = taskFileSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue.path.join('.') || '(top level)';
    throw new InputFormatError(source, 1, `${path}: ${issue.message}`);
  }
  return result.data;
}
