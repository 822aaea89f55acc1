import { arch, cpus, platform, totalmem } from 'node:os';
import { join } from 'node:path';
import { ANCHOR_DIR_VARIABLE, type AnchorBinaries, AnchorUnavailableError, buildAnchor, locateAnchorSources } from './anchor-build.js';
import type { BenchOptions } from './bench-options.js';
import type { BenchReport, ConfigurationResult, SizeResult } from './bench-results.js';
import { type MeasureEvents, measureSize } from './measure-size.js';
import { findRepositoryRoot } from './repository-root.js';
import { memoryShortfall, planSize, stepsOf, type SweepConfiguration } from './size-plan.js';
import type { WorkerLaunch } from './worker-client.js';

/** Callbacks of a whole benchmark run. */
export interface BenchmarkEvents extends MeasureEvents {
  /** The total number of progress steps, once known. */
  onPlanned?(totalSteps: number): void;
  /** Something the user should know (skipped sizes, missing anchor). */
  onNote?(message: string): void;
}

/** Overrides for tests and embedding. */
export interface BenchmarkEnvironment {
  /** Directory the C anchor is built in (default `<repo>/bench-results/anchor`). */
  anchorBuildDir?: string;
  /** The repository the default C anchor location is beside (default: the one holding this file). */
  repositoryRoot?: string;
  /** Environment variables (default `process.env`): `SPARSEPROP_ANCHOR_DIR` names the C anchor's sources. */
  variables?: Readonly<Record<string, string | undefined>>;
  /** How to start measurement children. */
  launch?: WorkerLaunch;
}

/** The WebAssembly kernel's configuration label for its built-in queue. */
export const WASM_QUEUE_LABEL = 'wasm kernel (default queue: calendar up to 1.5e8 neurons)';

/** Shipped models the kernel runs (exponential keys); the others are swept on the JS engine only. */
const WASM_MODELS: ReadonlySet<string> = new Set(['lif']);

/** The kernel per model (when asked for), then every model × queue × key-kind combination on the JS engine. */
export function configurationsOf(options: BenchOptions): SweepConfiguration[] {
  return options.engines.flatMap((engine): SweepConfiguration[] =>
    engine === 'wasm'
      ? options.models.filter((model) => WASM_MODELS.has(model)).map((model) => ({ model, queue: WASM_QUEUE_LABEL, engine, frame: options.frame, expKeys: true }))
      : options.models.flatMap((model) =>
          options.queues.flatMap((queue) => options.expKeys.map((expKeys) => ({ model, queue, engine, frame: options.frame, expKeys }))),
        ),
  );
}

/**
 * Find and build the C anchor. A folder named by `--anchor-source` or
 * `SPARSEPROP_ANCHOR_DIR` must work (else {@link AnchorUnavailableError});
 * when the default place beside the repository has no anchor, or it does not
 * build, the sweep goes on without the C series and says why (`onNote`).
 */
async function prepareAnchor(
  options: BenchOptions,
  env: BenchmarkEnvironment,
  events: BenchmarkEvents,
): Promise<{ binaries: AnchorBinaries | undefined; note: string }> {
  if (!options.anchor) return { binaries: undefined, note: 'skipped (--no-anchor)' };
  const root = env.repositoryRoot ?? findRepositoryRoot();
  const named = options.anchorSource ?? (env.variables ?? process.env)[ANCHOR_DIR_VARIABLE];
  try {
    const sources = locateAnchorSources(root, named);
    const buildDir = env.anchorBuildDir ?? join(root ?? process.cwd(), 'bench-results', 'anchor');
    const binaries = await buildAnchor(sources, buildDir);
    return { binaries, note: `built from ${sources} in ${buildDir}` };
  } catch (error) {
    if (named !== undefined || !(error instanceof AnchorUnavailableError)) throw error;
    events.onNote?.(`${error.message}. Measuring without the C series (--no-anchor skips this check).`);
    return { binaries: undefined, note: `not available, C series not measured (${error.message})` };
  }
}

/**
 * Run the whole sweep: build the C anchor (unless `--no-anchor`; without it
 * where it is looked for by default, the C series are left out with a note),
 * then measure every configuration at every size (see {@link measureSize}).
 * Throws {@link AnchorUnavailableError} when an anchor folder was named
 * (`--anchor-source`, `SPARSEPROP_ANCHOR_DIR`) but cannot be used.
 */
export async function runBenchmark(options: BenchOptions, events: BenchmarkEvents = {}, env: BenchmarkEnvironment = {}): Promise<BenchReport> {
  const startedAt = new Date().toISOString();
  const anchor = await prepareAnchor(options, env, events);
  const configurations = configurationsOf(options);
  const plans = configurations.map((config) => options.sizes.map((n) => planSize(options, config, n, anchor.binaries !== undefined)));
  events.onPlanned?.(plans.flat().reduce((sum, plan) => sum + stepsOf(plan), 0));
  const unavailable = new Set<string>();
  const results: ConfigurationResult[] = [];
  for (let c = 0; c < configurations.length; c++) {
    const config = configurations[c];
    const sizes: SizeResult[] = [];
    for (const plan of plans[c]) {
      const shortfall = memoryShortfall(plan);
      if (shortfall !== undefined) {
        events.onNote?.(`${config.model}/${config.queue} N=${plan.n} skipped: ${shortfall}`);
        for (let s = stepsOf(plan); s > 0; s--) events.onStep?.();
        sizes.push(skippedSize(plan.n, plan.k, plan.spikes, plan.linearSpikes, plan.warmupSpikes, shortfall));
        continue;
      }
      sizes.push(
        await measureSize(config, plan, options.clock, { anchor: anchor.binaries, launch: env.launch }, {
          ...events,
          onUnavailablePlugins: (packages) => packages.forEach((p) => unavailable.add(p)),
        }),
      );
    }
    results.push({ ...config, simulatorKind: sizes.find((s) => s.simulatorKind !== undefined)?.simulatorKind, sizes });
  }
  const cpuList = cpus();
  const { help: _help, ...resolvedOptions } = options;
  return {
    tool: 'pnpm bench',
    formatVersion: 1,
    startedAt,
    finishedAt: new Date().toISOString(),
    host: { node: process.version, platform: platform(), arch: arch(), cpuModel: cpuList[0]?.model ?? 'unknown', cpus: cpuList.length, totalMemoryBytes: totalmem() },
    clock: options.clock,
    options: resolvedOptions,
    unavailablePlugins: [...unavailable],
    anchor: { used: anchor.binaries !== undefined, note: anchor.note },
    configurations: results,
  };
}

function skippedSize(n: number, k: number, spikes: number, linearSpikes: number, warmupSpikes: number, why: string): SizeResult {
  const notRun = { status: 'not compared' as const, detail: 'size skipped' };
  return {
    n, k, spikes, linearSpikes, warmupSpikes,
    runs: {}, medians: {},
    ratios: { oursOverSp: Number.NaN, oursOverSpBest: Number.NaN, oursOverInlined: Number.NaN },
    rateHz: Number.NaN,
    memory: { engine: undefined, reference: undefined },
    checks: { oursVsSp: notRun, inlinedVsOurs: notRun, referenceVsNaive: notRun, spBestVsSp: notRun },
    skipped: why,
  };
}

export { AnchorUnavailableError };
