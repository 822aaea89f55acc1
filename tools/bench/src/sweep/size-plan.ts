import { freemem } from 'node:os';
import { ANCHOR_MODELS } from './anchor-run.js';
import type { BenchOptions } from './bench-options.js';
import { defaultBrian2Seconds } from './brian2-run.js';
import { defaultLinearSpikes, defaultTimedSpikes, defaultWarmupSpikes } from './spike-budget.js';

/** One configuration of the sweep. */
export interface SweepConfiguration {
  model: string;
  /** Queue plugin (JS engine), or a description of the engine's own queue. */
  queue: string;
  /** `js`: the built-in engines with `queue`; `wasm`: the WebAssembly kernel. */
  engine: 'js' | 'wasm';
  /** The kernel's queue when named (`heap32`); undefined: the one the engine picks. */
  kernelQueue?: 'heap32' | 'calendar';
  frame: 'phase' | 'time' | 'auto';
  /** Exponential keys where the model supports them. */
  expKeys: boolean;
}

/** What runs at one network size. */
export interface SizePlan {
  n: number;
  k: number;
  seed: number;
  targetCacheBytes: number | undefined;
  reps: number;
  spikes: number;
  warmupSpikes: number;
  linearSpikes: number;
  /** C `sp`. */
  anchor: boolean;
  /** C `sp_best` (LIF only: its exponential keys exist for LIF). */
  anchorBest: boolean;
  /** C `sp_lazy` (LIF only; built when its source is there). */
  anchorLazy: boolean;
  /** C `naive`. */
  naive: boolean;
  /** Brian2 runs (LIF only, when installed, up to `--brian2-max-n`): step in ms and simulated seconds each. */
  brian2: Array<{ dtMs: number; seconds: number }>;
  /** Our O(N) reference simulator. */
  reference: boolean;
  /** The hand-inlined loop beside the engine. */
  inlined: boolean;
}

/** What is available to the plan besides our engines. */
export interface PlanTools {
  /** The C programs `sp`, `sp_best`, `naive` are built. */
  anchorBuilt: boolean;
  /** C `sp_lazy` is built too. */
  lazyBuilt?: boolean;
  /** Brian2 and g++ were found. */
  brian2?: boolean;
}

/** Decide what runs at size `n`. */
export function planSize(options: BenchOptions, config: SweepConfiguration, n: number, tools: PlanTools): SizePlan {
  const spikes = options.spikes ?? defaultTimedSpikes(n);
  const anchor = tools.anchorBuilt && ANCHOR_MODELS.has(config.model);
  const lif = config.model === 'lif';
  const brian2Seconds = options.brian2Seconds ?? defaultBrian2Seconds(n, spikes);
  return {
    n,
    k: options.k,
    seed: options.seed,
    targetCacheBytes: options.targetCacheBytes,
    reps: options.reps,
    spikes,
    warmupSpikes: options.warmup ?? defaultWarmupSpikes(spikes),
    linearSpikes: options.linearSpikes ?? defaultLinearSpikes(n, spikes),
    anchor,
    anchorBest: anchor && lif,
    anchorLazy: anchor && lif && tools.lazyBuilt === true,
    naive: anchor && n <= options.naiveMaxN,
    brian2: tools.brian2 === true && lif && n <= options.brian2MaxN ? options.brian2DtsMs.map((dtMs) => ({ dtMs, seconds: brian2Seconds })) : [],
    reference: n <= options.referenceMaxN,
    // the child decides by the simulator it gets (phase or exp keys); LIF on the binary heap only
    inlined: options.inlined && config.model === 'lif' && (config.engine === 'wasm' || config.queue === 'binary') && config.frame !== 'time',
  };
}

/** Timed tasks per repetition besides our engines (C programs, our reference, Brian2), shared by the configurations of a group. */
function sharedTasks(plan: SizePlan): number {
  return (plan.anchor ? 1 : 0) + (plan.anchorBest ? 1 : 0) + (plan.anchorLazy ? 1 : 0) + (plan.naive ? 1 : 0) + (plan.reference ? 1 : 0) + plan.brian2.length;
}

/** Progress steps of one configuration at a size measured alone (see {@link groupStepsOf}). */
export function stepsOf(plan: SizePlan): number {
  return groupStepsOf([plan]);
}

/**
 * Progress steps of a size group (the configurations of one model at one N,
 * measured together): each engine's start-up and warm-up, the reference's,
 * each Brian2 build, then every timed task of every repetition.
 */
export function groupStepsOf(plans: readonly SizePlan[]): number {
  if (plans.length === 0) return 0;
  const first = plans[0];
  return plans.length + (first.reference ? 1 : 0) + first.brian2.length + first.reps * (plans.length + sharedTasks(first));
}

/**
 * Rough peak bytes a size needs at once: the engine child (queue 16 B,
 * initial phases 8 B and the build's keys 8 B per neuron, plus the inlined
 * loop's 16 B when its turn comes before the engine's arrays are collected),
 * a C program (16 B per neuron) and the O(N) reference (32 B per neuron).
 */
export function estimatePeakBytes(plan: SizePlan, engines = 1): number {
  const engine = (32 + (plan.inlined ? 16 : 0)) * engines;
  const reference = plan.reference ? 32 : 0;
  const anchor = plan.anchor ? 16 : 0;
  return plan.n * (engine + reference + anchor) + 256 * 2 ** 20;
}

/**
 * Rough peak bytes of a Brian2 run: its synapses' pre and post indices (8 B
 * each) and its spike queue's per-source lists (4 B), with room for the
 * vectors' growth (×1.5), plus its per-neuron state.
 */
export function estimateBrian2Bytes(n: number, k: number): number {
  return n * (18 * k + 64) + 256 * 2 ** 20;
}

/** Why the Brian2 series cannot run at this size (not enough free memory beside our engines), or undefined. */
export function brian2Shortfall(plan: SizePlan, freeBytes: number = freemem(), engines = 1): string | undefined {
  const need = estimateBrian2Bytes(plan.n, plan.k) + estimatePeakBytes(plan, engines);
  if (need <= 0.85 * freeBytes) return undefined;
  return `Brian2 needs about ${(estimateBrian2Bytes(plan.n, plan.k) / 2 ** 30).toFixed(1)} GiB (${18 * plan.k + 64} B per neuron at K = ${plan.k}) beside our engines, ${(freeBytes / 2 ** 30).toFixed(1)} GiB free`;
}

/** Why a size cannot run on this machine now (not enough free memory), or undefined when it can. */
export function memoryShortfall(plan: SizePlan, freeBytes: number = freemem(), engines = 1): string | undefined {
  const need = estimatePeakBytes(plan, engines);
  if (need <= 0.85 * freeBytes) return undefined;
  return `needs about ${(need / 2 ** 30).toFixed(1)} GiB, ${(freeBytes / 2 ** 30).toFixed(1)} GiB free`;
}
