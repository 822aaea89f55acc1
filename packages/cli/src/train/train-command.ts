import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderSvg, svgToPng } from '@sparseprop/analysis';
import { type DependencyContainer, findPlugin, registeredModels, resolveModelParams } from '@sparseprop/core';
import { hasVoltageDynamics } from '@sparseprop/core/plugin';
import {
  type BuiltTask,
  decodeCheckpoint,
  encodeCheckpoint,
  engineForward,
  type EpochMetrics,
  type ModelFactory,
  parseTaskFile,
  type TaskContext,
  type TaskEvaluation,
  type TaskFile,
  TASKS,
  taskDefinition,
  Trainer,
  type TrainingForward,
} from '@sparseprop/training';
import cliProgress from 'cli-progress';
import { CliUsageError } from '../cli-errors.js';
import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { formatNetworkCsv } from '../io/network-file.js';
import { readInputText } from '../io/read-input-file.js';
import { createCliContainer } from '../plugins.js';
import { reportError } from '../report-error.js';
import { parseNumberFlag } from '../run/run-args.js';

export function trainUsage(): string {
  return `Usage: sparseprop train TASK.json [--epochs N] [--out-dir DIR] [--resume CHECKPOINT] [--json] [-q]

Trains a spiking network on the task a JSON file describes, with exact event-based
gradients (docs/algorithm.md §7), and writes to the task's outDir (relative to the file):
  metrics.csv, metrics.json   per epoch: train loss, test loss and error, gradient norm, ...,
                              and the task's own measures every statsEvery epochs
  network.csv                 the trained recurrent network (pre,post,weight[,delay_s]: sparseprop run --network,
                              with --refractory S when the task has a refractory period)
  checkpoint.json             weights and optimizer state (--resume continues exactly)
  loss.png and task figures   (weights.png, statistics.png, first-spikes.png, weight-error.png)
  task files                  input-weights.csv, readout-weights.csv, initial-phases.txt (run --init), initial-voltages.txt (--init-voltage), ...

Tasks ("task" in the file; its settings go in "network"):
${TASKS.map((t) => `  ${t.name.padEnd(18)}${t.summary}`).join('\n')}
Optimizers (training.optimizer): adam, sgd, armijo (gradient descent with backtracking).
See the @sparseprop/training README for every key.

  --epochs N          override training.epochs (total, counting resumed epochs)
  --out-dir DIR       override outDir (relative to the working directory)
  --resume FILE       continue from a checkpoint.json of the same task
  --json              print the final summary as one JSON object
  -q, --quiet         no progress
`;
}

interface EvaluationRow {
  readonly epoch: number;
  readonly evaluation: TaskEvaluation;
}

/** `sparseprop train TASK.json`. */
export async function trainCommand(argv: readonly string[], io: CliIo, dependencies: { container?: DependencyContainer } = {}): Promise<number> {
  try {
    let parsed;
    try {
      parsed = parseArgs({
        args: [...argv],
        options: { epochs: { type: 'string' }, 'out-dir': { type: 'string' }, resume: { type: 'string' }, json: { type: 'boolean' }, quiet: { type: 'boolean', short: 'q' }, help: { type: 'boolean', short: 'h' } },
        allowPositionals: true,
        strict: true,
      });
    } catch (error) {
      throw new CliUsageError((error as Error).message);
    }
    const { values, positionals } = parsed;
    if (values.help) {
      io.stdout.write(trainUsage());
      return ExitCode.success;
    }
    if (positionals.length !== 1) throw new CliUsageError(`expected one task file (sparseprop train TASK.json), got ${positionals.length}`);
    const taskPath = positionals[0];
    const file = parseTaskFile(readInputText(taskPath, io.cwd, 'task file'), taskPath);
    const epochs = values.epochs === undefined ? file.training.epochs : parseNumberFlag('--epochs', values.epochs);
    if (!Number.isInteger(epochs) || epochs < 1) throw new CliUsageError(`--epochs expects an integer ≥ 1, got ${values.epochs}`);
    const outDir = values['out-dir'] !== undefined ? resolve(io.cwd, values['out-dir']) : resolve(dirname(resolve(io.cwd, taskPath)), file.outDir);
    const container = dependencies.container ?? createCliContainer();
    const forward = engineForward(container); // the fastest registered engine that runs the network (wasm for LIF)
    // files a task names (a network config and its data) resolve against the task file's directory
    const taskDirectory = dirname(resolve(io.cwd, taskPath));
    const context: TaskContext = { readFile: (path) => readInputText(resolve(taskDirectory, path), io.cwd, 'task data file'), modelPlugins: registeredModels(container) };
    const task = buildTask(file, container, forward, context);
    const settings = file.training;
    const trainer = new Trainer(task, {
      seed: settings.seed,
      batchSize: settings.batchSize,
      testBatchSize: settings.testBatchSize,
      optimizer: settings.optimizer === 'armijo' ? { kind: 'armijo' } : { kind: settings.optimizer, beta1: settings.beta1, beta2: settings.beta2 },
      schedule: scheduleOf(settings),
      clipNorm: settings.clipNorm,
      groupRates: settings.groupRates,
    });
    if (values.resume !== undefined) trainer.restore(decodeCheckpoint(readInputText(values.resume, io.cwd, '--resume file'), values.resume));
    else task.prepare(settings);
    mkdirSync(outDir, { recursive: true });

    const evaluations: EvaluationRow[] = [];
    const addEvaluation = () => evaluations.push({ epoch: trainer.epoch, evaluation: task.evaluate() });
    if (trainer.epoch === 0) trainer.evaluateInitial();
    addEvaluation();
    const initial = trainer.metrics[0];
    const errorName = task.error.name;
    const bar = !values.quiet && io.stderr.isTTY === true
      ? new cliProgress.SingleBar(
          {
            stream: io.stderr as NodeJS.WritableStream,
            format: `training [{bar}] epoch {value}/{total} | loss {loss} | ${errorName} {error} | forward {engine}`,
            hideCursor: false,
            gracefulExit: false,
            clearOnComplete: false,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
    bar?.start(epochs, trainer.epoch, { loss: '-', error: formatError(initial.testError), engine: enginesOf(forward) });
    while (trainer.epoch < epochs) {
      const m = trainer.step();
      const report = trainer.epoch % settings.statsEvery === 0 || trainer.epoch === epochs;
      if (report) addEvaluation();
      if (bar !== undefined) bar.update(trainer.epoch, { loss: m.trainLoss.toExponential(3), error: formatError(m.testError), engine: enginesOf(forward) });
      else if (!values.quiet && report) {
        io.stderr.write(`epoch ${trainer.epoch}/${epochs}  train loss ${m.trainLoss.toExponential(3)}  test loss ${m.testLoss.toExponential(3)}  ${errorName} ${formatError(m.testError)}  forward ${enginesOf(forward)}\n`);
      }
    }
    bar?.stop();

    const final = trainer.metrics[trainer.metrics.length - 1];
    writeFileSync(resolve(outDir, 'checkpoint.json'), encodeCheckpoint(trainer.checkpoint()));
    writeFileSync(resolve(outDir, 'network.csv'), formatNetworkCsv(task.connectivity, task.runFlags.delaySeconds));
    for (const [name, text] of Object.entries(task.files())) writeFileSync(resolve(outDir, name), text);
    writeFileSync(resolve(outDir, 'metrics.csv'), metricsCsv(trainer.metrics, evaluations));
    const summary = {
      task: file.task,
      loss: task.loss,
      error: task.error,
      epochs: trainer.epoch,
      runFlags: task.runFlags,
      before: { testLoss: initial.testLoss, testError: initial.testError, evaluation: evaluations[0].evaluation.scalars },
      after: { testLoss: final.testLoss, testError: final.testError, evaluation: evaluations[evaluations.length - 1].evaluation.scalars },
      meanSpikesPerTrial: final.spikesPerTrial,
      /** Forward runs per engine (`wasm`: the WebAssembly kernel; `time-frame-inputs`: the JS loop; `network`: delays/refractoriness). */
      forwardEngines: Object.fromEntries(forward.runs),
      secondsPerEpoch: trainer.metrics.slice(1).reduce((a, m) => a + m.seconds, 0) / Math.max(1, trainer.metrics.length - 1),
    };
    writeFileSync(resolve(outDir, 'metrics.json'), `${JSON.stringify({ config: file, summary, metrics: trainer.metrics, evaluations }, finite, 2)}\n`);
    await writeFigures(outDir, trainer.metrics, task, evaluations);
    if (values.json) io.stdout.write(`${JSON.stringify(summary, finite)}\n`);
    else if (!values.quiet) {
      io.stdout.write(`trained ${trainer.epoch} epochs of ${file.task}: test loss ${initial.testLoss.toExponential(3)} -> ${final.testLoss.toExponential(3)}, ${errorName} ${formatError(initial.testError)} -> ${formatError(final.testError)}; results in ${outDir}\n`);
    }
    return ExitCode.success;
  } catch (error) {
    return reportError(error, io.stderr);
  }
}

/**
 * The task of a task file, its model a registered model plugin (by the file's `model` and `modelParams`),
 * its forward `forward` (default: the fastest engine registered in `container`).
 */
export function buildTask(file: TaskFile, container: DependencyContainer, forward: TrainingForward = engineForward(container), context?: TaskContext): BuiltTask {
  const plugin = findPlugin('model', registeredModels(container), file.model);
  const params = resolveModelParams(plugin, file.modelParams);
  const models: ModelFactory = ({ n, tauSeconds, iext, weightBound }) =>
    plugin.create({ n, tau: tauSeconds, iext, drive: undefined, weights: { min: -weightBound, max: weightBound, distinct: undefined } }, params);
  // the model's voltage dynamics, for networks with delays or refractoriness (their forward runs on the network engine)
  const dynamics = () => (hasVoltageDynamics(plugin) ? plugin.voltageDynamics(params) : undefined);
  const definition = taskDefinition(file.task);
  return definition.build(file.network, models, dynamics, forward, context);
}

/** The engines that ran the forward so far, e.g. `wasm` (comma-separated when several). */
function enginesOf(forward: TrainingForward): string {
  return forward.runs.size === 0 ? '-' : [...forward.runs.keys()].join(',');
}

function formatError(value: number): string {
  return !Number.isFinite(value) ? 'n/a' : Math.abs(value) < 1e-3 ? value.toExponential(3) : value.toFixed(4);
}

function scheduleOf(settings: TaskFile['training']) {
  const rate = settings.learningRate, s = settings.schedule;
  switch (s.kind) {
    case 'constant':
      return { kind: 'constant' as const, rate };
    case 'exponential':
      return { kind: 'exponential' as const, rate, factor: s.factor };
    case 'step':
      return { kind: 'step' as const, rate, factor: s.factor, every: s.every };
    case 'cosine':
      return { kind: 'cosine' as const, rate, minRate: s.minRate, epochs: settings.epochs };
  }
}

function finite(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

function metricsCsv(metrics: readonly EpochMetrics[], evaluations: readonly EvaluationRow[]): string {
  const keys = ['epoch', 'trainLoss', 'testLoss', 'testError', 'gradientNorm', 'learningRate', 'clamped', 'spikesPerTrial', 'seconds'] as const;
  const extra = [...new Set(evaluations.flatMap((row) => Object.keys(row.evaluation.scalars)))];
  const byEpoch = new Map(evaluations.map((row) => [row.epoch, row.evaluation.scalars]));
  const lines = metrics.map((m) => {
    const scalars = byEpoch.get(m.epoch);
    return [...keys.map((k) => String(m[k])), ...extra.map((k) => (scalars === undefined || scalars[k] === undefined ? '' : String(scalars[k])))].join(',');
  });
  return `${[...keys, ...extra].join(',')}\n${lines.join('\n')}\n`;
}

async function writeFigures(outDir: string, metrics: readonly EpochMetrics[], task: BuiltTask, evaluations: readonly EvaluationRow[]): Promise<void> {
  const png = async (name: string, spec: object) => writeFileSync(resolve(outDir, name), svgToPng(await renderSvg(spec as Parameters<typeof renderSvg>[0])));
  const lossRows = metrics.flatMap((m) => [
    { epoch: m.epoch, series: 'train loss', value: m.trainLoss },
    { epoch: m.epoch, series: 'test loss', value: m.testLoss },
  ]).filter((r) => Number.isFinite(r.value) && r.value > 0); // log scale: a loss of exactly 0 cannot be drawn
  const errorRows = metrics.filter((m) => Number.isFinite(m.testError)).map((m) => ({ epoch: m.epoch, value: m.testError }));
  const errors = errorRows.map((r) => r.value);
  // an error that falls over decades (teacher-student: 1e-5 s to 1e-14 s) is drawn on a log scale
  const logError = errors.length > 1 && Math.min(...errors) > 0 && Math.max(...errors) > 100 * Math.min(...errors);
  await png('loss.png', {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    hconcat: [
      {
        title: `Loss: ${task.loss.name}`,
        width: 320,
        height: 220,
        data: { values: lossRows },
        mark: { type: 'line', point: lossRows.length < 60 },
        encoding: {
          x: { field: 'epoch', type: 'quantitative' },
          y: { field: 'value', type: 'quantitative', scale: { type: 'log' }, title: 'loss' },
          color: { field: 'series', type: 'nominal', title: null },
        },
      },
      {
        title: `Held-out ${task.error.name}`,
        width: 320,
        height: 220,
        data: { values: errorRows },
        mark: { type: 'line', point: errorRows.length < 60 },
        encoding: { x: { field: 'epoch', type: 'quantitative' }, y: { field: 'value', type: 'quantitative', title: task.error.name, scale: logError ? { type: 'log' } : { zero: false } } },
      },
    ],
  });
  for (const [name, spec] of Object.entries(task.figures(evaluations))) await png(name, spec);
}
