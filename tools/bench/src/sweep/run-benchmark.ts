import { arch, cpus, loadavg, platform, totalmem } from 'node:os';
import { join } from 'node:path';
import { ANCHOR_DIR_VARIABLE, type AnchorBinaries, AnchorUnavailableError, buildAnchor, locateAnchorSources } from './anchor-build.js';
import type { BenchOptions } from './bench-options.js';
import type { BenchReport, ConfigurationResult, SizeResult } from './bench-results.js';
import { type Brian2Toolchain, detectBrian2 } from './brian2-run.js';
import { type MeasureEvents, measureSizeGroup } from './measure-size.js';
import { findRepositoryRoot } from './repository-root.js';
import { brian2Shortfall, groupStepsOf, memoryShortfall, planSize, type SizePlan, type SweepConfiguration } from './size-plan.js';
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
  /** Directory the Brian2 programs are built in (default `<repo>/bench-results/brian2`). */
  brian2BuildDir?: string;
  /** The repository the default C anchor location is beside (default: the one holding this file). */
  repositoryRoot?: string;
  /** Environment variables (default `process.env`): `SPARSEPROP_ANCHOR_DIR` names the C anchor's sources. */
  variables?: Readonly<Record<string, string | undefined>>;
  /** How to start measurement children. */
  launch?: WorkerLaunch;
}

/** The WebAssembly kernel's configuration label for its built-in queue. */
export const WASM_QUEUE_LABEL = 'wasm kernel (default queue: calendar up to 1.5e8 neurons)';

/** The configuration label of the kernel with its 32-ary heap. */
export const WASM_HEAP32_LABEL = 'wasm kernel, 32-ary heap';

/** Shipped models the kernel runs (exponential keys); the others are swept on the JS engine only. */
const WASM_MODELS: ReadonlySet<string> = new Set(['lif']);

/** The kernel per model (when asked for), then every model × queue × key-kind combination on the JS engine. */
export function configurationsOf(options: BenchOptions): SweepConfiguration[] {
  return options.engines.flatMap((engine): SweepConfiguration[] =>
    engine === 'wasm'
      ? options.models.filter((model) => WASM_MODELS.has(model)).map((model) => ({ model, queue: WASM_QUEUE_LABEL, engine, frame: options.frame, expKeys: true }))
      : engine === 'wasm-heap32'
        ? options.models
            .filter((model) => WASM_MODELS.has(model))
            .map((model) => ({ model, queue: WASM_HEAP32_LABEL, engine: 'wasm' as const, kernelQueue: 'heap32' as const, frame: options.frame, expKeys: true }))
        : options.models.flatMap((model) =>
            options.queues.flatMap((queue) => options.expKeys.map((expKeys) => ({ model, queue, engine: 'js' as const, frame: options.frame, expKeys }))),
          ),
  );
}

/**
 * Find Brian2 and g++ when the sweep has a LIF configuration and `--brian2`
 * is not `off`; when missing, the Brian2 series are left out with a note.
 */
async function prepareBrian2(options: BenchOptions, configurations: readonly SweepConfiguration[], events: BenchmarkEvents): Promise<{ toolchain: Brian2Toolchain | undefined; note: string }> {
  if (options.brian2DtsMs.length === 0) return { toolchain: undefined, note: 'skipped (--brian2 off)' };
  if (!configurations.some((c) => c.model === 'lif')) return { toolchain: undefined, note: 'not run (LIF only)' };
  if (!options.sizes.some((n) => n <= options.brian2MaxN)) return { toolchain: undefined, note: `not run (no N ≤ --brian2-max-n ${options.brian2MaxN})` };
  const found = await detectBrian2(options.python);
  if ('missing' in found) {
    events.onNote?.(`${found.missing}. Measuring without the Brian2 series (--brian2 off skips this check).`);
    return { toolchain: undefined, note: `not available (${found.missing})` };
  }
  return { toolchain: found, note: `Brian2 ${found.version} C++ standalone (${found.compiler}), single thread` };
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
  const brian2 = await prepareBrian2(options, configurations, events);
  const tools = { anchorBuilt: anchor.binaries !== undefined, lazyBuilt: anchor.binaries?.spLazy !== undefined, brian2: brian2.toolchain !== undefined };
  const plans = configurations.map((config) => options.sizes.map((n) => planSize(options, config, n, tools)));
  // the configurations of one model are measured together at each size, sharing the C, reference and Brian2 series
  const models = [...new Set(configurations.map((c) => c.model))];
  const groups = models.flatMap((model) => {
    const members = configurations.flatMap((config, c) => (config.model === model ? [c] : []));
    return options.sizes.map((_n, s) => ({ members, plans: members.map((c) => plans[c][s]) }));
  });
  events.onPlanned?.(groups.reduce((sum, group) => sum + groupStepsOf(group.plans), 0));
  const unavailable = new Set<string>();
  const sizes: SizeResult[][] = configurations.map(() => []);
  const root = env.repositoryRoot ?? findRepositoryRoot();
  const brian2Tools = brian2.toolchain === undefined ? undefined : { python: brian2.toolchain.python, buildRoot: env.brian2BuildDir ?? join(root ?? process.cwd(), 'bench-results', 'brian2') };
  for (const group of groups) {
    let groupPlans: SizePlan[] = group.plans;
    const first = groupPlans[0];
    const label = `${configurations[group.members[0]].model} N=${first.n}`;
    const shortfall = memoryShortfall(first, undefined, groupPlans.length);
    if (shortfall !== undefined) {
      events.onNote?.(`${label} skipped: ${shortfall}`);
      for (let s = groupStepsOf(groupPlans); s > 0; s--) events.onStep?.();
      group.members.forEach((c, i) => sizes[c].push(skippedSize(groupPlans[i], shortfall)));
      continue;
    }
    const brian2Short = first.brian2.length > 0 ? brian2Shortfall(first, undefined, groupPlans.length) : undefined;
    if (brian2Short !== undefined) {
      events.onNote?.(`${label}: Brian2 series skipped: ${brian2Short}`);
      const without = groupPlans.map((plan) => ({ ...plan, brian2: [] }));
      for (let s = groupStepsOf(groupPlans) - groupStepsOf(without); s > 0; s--) events.onStep?.();
      groupPlans = without;
    }
    const results = await measureSizeGroup(
      group.members.map((c) => configurations[c]),
      groupPlans,
      options.clock,
      { anchor: anchor.binaries, launch: env.launch, brian2: brian2Tools },
      { ...events, onUnavailablePlugins: (packages) => packages.forEach((p) => unavailable.add(p)) },
    );
    group.members.forEach((c, i) => sizes[c].push(results[i]));
  }
  const results: ConfigurationResult[] = configurations.map((config, c) => ({
    ...config,
    simulatorKind: sizes[c].find((s) => s.simulatorKind !== undefined)?.simulatorKind,
    sizes: sizes[c],
  }));
  const cpuList = cpus();
  const { help: _help, ...resolvedOptions } = options;
  return {
    tool: 'pnpm bench',
    formatVersion: 1,
    startedAt,
    finishedAt: new Date().toISOString(),
    host: { node: process.version, platform: platform(), arch: arch(), cpuModel: cpuList[0]?.model ?? 'unknown', cpus: cpuList.length, totalMemoryBytes: totalmem(), loadAverage: loadavg() },
    clock: options.clock,
    options: resolvedOptions,
    unavailablePlugins: [...unavailable],
    anchor: { used: anchor.binaries !== undefined, note: anchor.note, lazy: anchor.binaries?.spLazy !== undefined },
    brian2: { used: brian2.toolchain !== undefined, note: brian2.note },
    configurations: results,
  };
}

function skippedSize(plan: SizePlan, why: string): SizeResult {
  const notRun = { status: 'not compared' as const, detail: 'size skipped' };
  const { n, k, spikes, linearSpikes, warmupSpikes } = plan;
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
