import { InputFormatError, InvalidParameterError, parseJsonText } from '@sparseprop/core';
import { z } from 'zod';
import { networkSpikeTimingDefinition } from './network-spike-timing.js';
import { ouTrackingDefinition } from './ou-tracking.js';
import { spikeTimingDefinition } from './spike-timing.js';
import type { TaskDefinition } from './task-contract.js';
import { teacherStudentDefinition } from './teacher-student.js';

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
    /** `armijo`: gradient descent with Armijo backtracking (learningRate = the first trial step), for deterministic tasks such as teacher–student. */
    optimizer: z.enum(['adam', 'sgd', 'armijo']).default('adam'),
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

/** The tasks `sparseprop train` knows, by the `task` value of a task file. */
export const TASKS: readonly TaskDefinition<any>[] = [teacherStudentDefinition, spikeTimingDefinition, ouTrackingDefinition, networkSpikeTimingDefinition]; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The definition of task `name`; throws {@link InvalidParameterError} listing the known names. */
export function taskDefinition(name: string): TaskDefinition<unknown> {
  const definition = TASKS.find((t) => t.name === name);
  if (definition === undefined) throw new InvalidParameterError('task', name, `one of ${TASKS.map((t) => `"${t.name}"`).join(', ')}`);
  return definition;
}

const fileKeys = {
  /** Registered neuron model (the tasks need one with a drive, e.g. LIF). */
  model: z.string().default('lif'),
  modelParams: z.record(z.string(), z.number().finite()).optional(),
  training: trainingSettingsSchema,
  /** Where results go, relative to the task file. */
  outDir: z.string().min(1).default('training-output'),
};

/** A task file for `sparseprop train`: `task` names a {@link TASKS} entry, `network` is that task's settings block. */
export const taskFileSchema = z.discriminatedUnion(
  'task',
  TASKS.map((definition) => z.object({ task: z.literal(definition.name), network: definition.schema.prefault({}), ...fileKeys }).strict()) as unknown as [
    z.ZodObject<{ task: z.ZodLiteral<string>; network: z.ZodType<unknown>; model: z.ZodDefault<z.ZodString>; modelParams: z.ZodOptional<z.ZodRecord<z.ZodString, z.ZodNumber>>; training: typeof trainingSettingsSchema; outDir: z.ZodDefault<z.ZodString> }>,
  ],
);

export type TaskFile = z.infer<typeof taskFileSchema>;
export type TrainingSettings = z.infer<typeof trainingSettingsSchema>;

/** Parse and validate a task file; errors name the JSON path (e.g. `training.learningRate`). */
export function parseTaskFile(text: string, source = 'task.json'): TaskFile {
  // strict JSON: a duplicate key is an error at its line, a byte-order mark is ignored (as for run configs)
  const json = parseJsonText(text, source);
  if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
    const name = (json as { task?: unknown }).task;
    if (!TASKS.some((t) => t.name === name)) throw new InputFormatError(source, 1, `task: expected one of ${TASKS.map((t) => `"${t.name}"`).join(', ')}, got ${JSON.stringify(name) ?? 'nothing'}`);
  }
  const result = taskFileSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue.path.join('.') || '(top level)';
    throw new InputFormatError(source, 1, `${path}: ${issue.message}`);
  }
  return result.data;
}
