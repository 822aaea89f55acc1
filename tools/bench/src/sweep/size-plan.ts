import { freemem } from 'node:os';
import { ANCHOR_MODELS } from './anchor-run.js';
import type { BenchOptions } from './bench-options.js';
import { defaultLinearSpikes, defaultTimedSpikes, defaultWarmupSpikes } from './spike-budget.js';

/** One configuration of the sweep. */
export interface SweepConfiguration {
  model: string;
  /** Queue plugin (JS engine), or a description of the engine's own queue. */
  queue: string;
  /** `js`: the built-in engines with `queue`; `wasm`: the WebAssembly kernel. */
  engine: 'js' | 'wasm';
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
  /** C `naive`. */
  naive: boolean;
  /** Our O(N) reference simulator. */
  reference: boolean;
  /** The hand-inlined loop beside the engine. */
  inlined: boolean;
}

/** Decide what runs at size `n` (`anchorBuilt`: the C programs are available). */
export function planSize(options: BenchOptions, config: SweepConfiguration, n: number, anchorBuilt: boolean): SizePlan {
  const spikes = options.spikes ?? defaultTimedSpikes(n);
  const anchor = anchorBuilt && ANCHOR_MODELS.has(config.model);
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
    anchorBest: anchor && config.model === 'lif',
    naive: anchor && n <= options.naiveMaxN,
    reference: n <= options.referenceMaxN,
    // the child decides by the simulator it gets (phase or exp keys); LIF on the binary heap only
    inlined: options.inlined && config.model === 'lif' && (config.engine === 'wasm' || config.queue === 'binary') && config.frame !== 'time',
  };
}

/** Progress steps of a size: worker start-ups and warm-ups, then every timed task of every repetition. */
export function stepsOf(plan: SizePlan): number {
  const perRep = 1 + (plan.anchor ? 1 : 0) + (plan.anchorBest ? 1 : 0) + (plan.naive ? 1 : 0) + (plan.reference ? 1 : 0);
  return 1 + (plan.reference ? 1 : 0) + plan.reps * perRep;
}

/**
 * Rough peak bytes a size needs at once: the engine child (queue 16 B,
 * initial phases 8 B and the build's keys 8 B per neuron, plus the inlined
 * loop's 16 B when its turn comes before the engine's arrays are collected),
 * a C program (16 B per neuron) and the O(N) reference (32 B per neuron).
 */
export function estimatePeakBytes(plan: SizePlan): number {
  const engine = 32 + (plan.inlined ? 16 : 0);
  const reference = plan.reference ? 32 : 0;
  const anchor = plan.anchor ? 16 : 0;
  return plan.n * (engine + reference + anchor) + 256 * 2 ** 20;
}

/** Why a size cannot run on this machine now (not enough free memory), or undefined when it can. */
export function memoryShortfall(plan: SizePlan, freeBytes: number = freemem()): string | undefined {
  const need = estimatePeakBytes(plan);
  if (need <= 0.85 * freeBytes) return undefined;
  return `needs about ${(need / 2 ** 30).toFixed(1)} GiB, ${(freeBytes / 2 ** 30).toFixed(1)} GiB free`;
}
