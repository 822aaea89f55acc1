import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { renderSvg, svgToPng } from '@sparseprop/analysis';
import { type DependencyContainer, findPlugin, registeredModels, resolveModelParams } from '@sparseprop/core';
import {
  decodeCheckpoint,
  encodeCheckpoint,
  type EpochMetrics,
  OU_TRACKING_DEFAULTS,
  OuTrackingTask,
  parseTaskFile,
  type TaskFile,
  Trainer,
  type TrainedNetworkStatistics,
  trainedNetworkStatistics,
  trialSeed,
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
  metrics.csv, metrics.json   per epoch: train loss, test loss and error, gradient norm, ...;
                              network statistics every statsEvery epochs
  network.csv                 the trained recurrent network (pre,post,weight: sparseprop run --network)
  input-weights.csv, readout-weights.csv   channel,neuron,weight
  checkpoint.json             weights and optimizer state (--resume continues exactly)
  loss.png, weights.png, statistics.png    figures

Tasks: "ou-tracking" (a sparse inhibitory LIF network tracks S Ornstein-Uhlenbeck signals
given through Poisson input channels). See the @sparseprop/training README for the keys.

  --epochs N          override training.epochs (total, counting resumed epochs)
  --out-dir DIR       override outDir (relative to the working directory)
  --resume FILE       continue from a checkpoint.json of the same task
  --json              print the final summary as one JSON object
  -q, --quiet         no progress
`;
}

interface StatisticsRow {
  epoch: number;
  statistics: TrainedNetworkStatistics;
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
    const task = parseTaskFile(readInputText(taskPath, io.cwd, 'task file'), taskPath);
    const epochs = values.epochs === undefined ? task.training.epochs : parseNumberFlag('--epochs', values.epochs);
    if (!Number.isInteger(epochs) || epochs < 1) throw new CliUsageError(`--epochs expects an integer ≥ 1, got ${values.epochs}`);
    const outDir = values['out-dir'] !== undefined ? resolve(io.cwd, values['out-dir']) : resolve(dirname(resolve(io.cwd, taskPath)), task.outDir);
    const container = dependencies.container ?? createCliContainer();
    const ou = buildTask(task, container);
    const settings = task.training;
    const trainer = new Trainer(ou, {
      seed: settings.seed,
      batchSize: settings.batchSize,
      testBatchSize: settings.testBatchSize,
      optimizer: { kind: settings.optimizer, beta1: settings.beta1, beta2: settings.beta2 },
      schedule: scheduleOf(settings),
      clipNorm: settings.clipNorm,
      groupRates: settings.groupRates,
    });
    if (values.resume !== undefined) trainer.restore(decodeCheckpoint(readInputText(values.resume, io.cwd, '--resume file'), values.resume));
    else if (settings.readoutFitTrials > 0) {
      // the best linear readout of the untrained network, from trials of their own seeds (epoch −2): the baseline to beat
      ou.fitReadout(Array.from({ length: settings.readoutFitTrials }, (_, k) => trialSeed(settings.seed, -2, k)), settings.readoutRidge);
    }
    mkdirSync(outDir, { recursive: true });

    const statistics: StatisticsRow[] = [];
    const addStatistics = () =>
      statistics.push({
        epoch: trainer.epoch,
        statistics: trainedNetworkStatistics(ou.connectivity, ou.initialRecurrent, ou.parameters.input, ou.parameters.readoutWeights, ou.config.signals, settings.seed),
      });
    if (trainer.epoch === 0) trainer.evaluateInitial();
    addStatistics();
    const initial = trainer.metrics[0];
    const bar = !values.quiet && io.stderr.isTTY === true
      ? new cliProgress.SingleBar(
          {
            stream: io.stderr as NodeJS.WritableStream,
            format: 'training [{bar}] epoch {value}/{total} | loss {loss} | test nMSE {error}',
            hideCursor: false,
            gracefulExit: false,
            clearOnComplete: false,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
    bar?.start(epochs, trainer.epoch, { loss: '-', error: initial.testError.toFixed(4) });
    while (trainer.epoch < epochs) {
      const m = trainer.step();
      if (trainer.epoch % settings.statsEvery === 0 || trainer.epoch === epochs) addStatistics();
      if (bar !== undefined) bar.update(trainer.epoch, { loss: m.trainLoss.toExponential(3), error: m.testError.toFixed(4) });
      else if (!values.quiet && (trainer.epoch % settings.statsEvery === 0 || trainer.epoch === epochs)) {
        io.stderr.write(`epoch ${trainer.epoch}/${epochs}  train loss ${m.trainLoss.toExponential(3)}  test loss ${m.testLoss.toExponential(3)}  test nMSE ${m.testError.toFixed(4)}\n`);
      }
    }
    bar?.stop();

    const final = trainer.metrics[trainer.metrics.length - 1];
    writeFileSync(resolve(outDir, 'checkpoint.json'), encodeCheckpoint(trainer.checkpoint()));
    writeFileSync(resolve(outDir, 'network.csv'), formatNetworkCsv(ou.connectivity));
    writeFileSync(resolve(outDir, 'input-weights.csv'), channelCsv(ou.parameters.input, ou.config.n));
    writeFileSync(resolve(outDir, 'readout-weights.csv'), channelCsv(ou.parameters.readoutWeights, ou.config.n));
    writeFileSync(resolve(outDir, 'metrics.csv'), metricsCsv(trainer.metrics));
    const summary = {
      task: task.task,
      epochs: trainer.epoch,
      before: { testLoss: initial.testLoss, testNormalizedMse: initial.testError, statistics: statistics[0].statistics },
      after: { testLoss: final.testLoss, testNormalizedMse: final.testError, statistics: statistics[statistics.length - 1].statistics },
      meanSpikesPerTrial: final.spikesPerTrial,
      secondsPerEpoch: trainer.metrics.slice(1).reduce((a, m) => a + m.seconds, 0) / Math.max(1, trainer.metrics.length - 1),
    };
    writeFileSync(resolve(outDir, 'metrics.json'), `${JSON.stringify({ config: task, summary, metrics: trainer.metrics, statistics }, finite, 2)}\n`);
    await writeFigures(outDir, trainer.metrics, statistics, ou);
    if (values.json) io.stdout.write(`${JSON.stringify(summary, finite)}\n`);
    else if (!values.quiet) {
      io.stdout.write(
        `trained ${trainer.epoch} epochs: test nMSE ${initial.testError.toFixed(4)} -> ${final.testError.toFixed(4)}; ` +
          `balance index ${summary.after.statistics.balanceIndex.toFixed(3)}; results in ${outDir}\n`,
      );
    }
    return ExitCode.success;
  } catch (error) {
    return reportError(error, io.stderr);
  }
}

/** The task object of a task file, its model from the container. */
export function buildTask(task: TaskFile, container: DependencyContainer): OuTrackingTask {
  const config = { ...OU_TRACKING_DEFAULTS, ...task.network };
  const plugin = findPlugin('model', registeredModels(container), task.model);
  // the weight range a model may prepare for (LIF ignores it): recurrent weights stay in [−2 j0/√K, 0] under Dale, inputs are a few tenths
  const bound = (2 * Math.abs(config.j0)) / Math.sqrt(config.k) + 1;
  const model = plugin.create(
    { n: config.n, tau: config.tauSeconds, iext: config.iext, drive: undefined, weights: { min: -bound, max: bound, distinct: undefined } },
    resolveModelParams(plugin, task.modelParams),
  );
  return new OuTrackingTask(config, model);
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

function channelCsv(weights: Float64Array, n: number): string {
  const lines = ['channel,neuron,weight'];
  for (let q = 0; q < weights.length; q++) lines.push(`${Math.floor(q / n)},${q % n},${weights[q]}`);
  return `${lines.join('\n')}\n`;
}

function metricsCsv(metrics: readonly EpochMetrics[]): string {
  const keys = ['epoch', 'trainLoss', 'testLoss', 'testError', 'gradientNorm', 'learningRate', 'clamped', 'spikesPerTrial', 'seconds'] as const;
  return `${keys.join(',')}\n${metrics.map((m) => keys.map((k) => String(m[k])).join(',')).join('\n')}\n`;
}

async function writeFigures(outDir: string, metrics: readonly EpochMetrics[], statistics: readonly StatisticsRow[], task: OuTrackingTask): Promise<void> {
  const png = async (name: string, spec: object) => writeFileSync(resolve(outDir, name), svgToPng(await renderSvg(spec as Parameters<typeof renderSvg>[0])));
  const lossRows = metrics.flatMap((m) => [
    { epoch: m.epoch, series: 'train loss', value: m.trainLoss },
    { epoch: m.epoch, series: 'test loss', value: m.testLoss },
  ]).filter((r) => Number.isFinite(r.value));
  const errorRows = metrics.filter((m) => Number.isFinite(m.testError)).map((m) => ({ epoch: m.epoch, value: m.testError }));
  await png('loss.png', {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    hconcat: [
      {
        title: 'Loss (MSE of the readout)',
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
        title: 'Held-out normalised MSE',
        width: 320,
        height: 220,
        data: { values: errorRows },
        mark: { type: 'line', point: errorRows.length < 60 },
        encoding: { x: { field: 'epoch', type: 'quantitative' }, y: { field: 'value', type: 'quantitative', title: 'test nMSE', scale: { zero: false } } },
      },
    ],
  });

  // recurrent weights, neurons sorted by strongest input channel (then by that input weight), binned to ≤ 120 × 120
  const n = task.config.n, S = task.config.signals, input = task.parameters.input;
  const channel = (i: number) => {
    let best = 0;
    for (let c = 1; c < S; c++) if (input[c * n + i] > input[best * n + i]) best = c;
    return best;
  };
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => channel(a) - channel(b) || input[channel(b) * n + b] - input[channel(a) * n + a]);
  const rank = new Int32Array(n);
  order.forEach((i, r) => (rank[i] = r));
  const bins = n <= 200 ? n : 100, size = n / bins; // one cell per neuron up to 200, else means over blocks
  const sum = new Float64Array(bins * bins), count = new Float64Array(bins * bins);
  const { rowStart, post, weight } = task.connectivity;
  for (let j = 0; j < n; j++) {
    for (let e = rowStart[j]; e < rowStart[j + 1]; e++) {
      const cell = Math.floor(rank[post[e]] / size) * bins + Math.floor(rank[j] / size);
      sum[cell] += weight[e];
    }
  }
  for (let r = 0; r < bins; r++) for (let c = 0; c < bins; c++) count[r * bins + c] = size * size;
  const cells = [];
  for (let r = 0; r < bins; r++) for (let c = 0; c < bins; c++) cells.push({ post: r, post2: r + 1, pre: c, pre2: c + 1, weight: sum[r * bins + c] / count[r * bins + c] });
  const boundaries = [];
  for (let c = 1; c < S; c++) boundaries.push({ at: order.findIndex((i) => channel(i) === c) / size });
  await png('weights.png', {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: `Recurrent weights J[post, pre], neurons sorted by strongest input channel (epoch ${metrics[metrics.length - 1].epoch})`, fontSize: 12 },
    width: 420,
    height: 420,
    layer: [
      {
        data: { values: cells },
        mark: { type: 'rect' },
        encoding: {
          x: { field: 'pre', type: 'quantitative', title: `presynaptic (sorted${bins < n ? `, ${size.toFixed(1)} neurons per cell` : ''})`, scale: { domain: [0, bins], nice: false } },
          x2: { field: 'pre2' },
          y: { field: 'post', type: 'quantitative', title: 'postsynaptic (sorted)', scale: { domain: [0, bins], nice: false, reverse: true } },
          y2: { field: 'post2' },
          color: { field: 'weight', type: 'quantitative', scale: { scheme: 'blues', reverse: true }, title: 'mean J' },
        },
      },
      ...(boundaries.length > 0
        ? [
            { data: { values: boundaries }, mark: { type: 'rule', color: 'red' }, encoding: { x: { field: 'at', type: 'quantitative' } } },
            { data: { values: boundaries }, mark: { type: 'rule', color: 'red' }, encoding: { y: { field: 'at', type: 'quantitative' } } },
          ]
        : []),
    ],
  });

  const statRows = statistics.flatMap(({ epoch, statistics: s }) => [
    { epoch, measure: 'balance index |J̄|/|J̄₀|', value: s.balanceIndex },
    { epoch, measure: 'Q by input channel', value: s.channelGroups.q },
    { epoch, measure: 'Q by k-means', value: s.kmeansGroups.q },
    ...s.inputReadoutCorrelation.map((r, c) => ({ epoch, measure: `corr(w_in, w_out), channel ${c}`, value: r })),
  ]).filter((r) => Number.isFinite(r.value));
  await png('statistics.png', {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    data: { values: statRows },
    facet: { field: 'measure', type: 'nominal', title: null },
    columns: 3,
    spec: { width: 200, height: 140, mark: { type: 'line', point: true }, encoding: { x: { field: 'epoch', type: 'quantitative' }, y: { field: 'value', type: 'quantitative', scale: { zero: false } } } },
    resolve: { scale: { y: 'independent' } },
  });
}

