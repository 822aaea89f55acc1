import { join } from 'node:path';
import { type AnchorBinaries } from './anchor-build.js';
import { runAnchor } from './anchor-run.js';
import type { BenchClock } from './bench-options.js';
import {
  type Brian2Series,
  brian2Series,
  isBrian2Series,
  type MemoryProbe,
  nsPerSpike,
  perSimSecond,
  type RateCheck,
  secondsPerSimSecond,
  type SeriesMedian,
  type SeriesName,
  type SizeResult,
} from './bench-results.js';
import { type Brian2Build, buildBrian2, runBrian2 } from './brian2-run.js';
import { compareSpikeHashes } from './hash-check.js';
import type { SizePlan, SweepConfiguration } from './size-plan.js';
import { median, ratio } from './statistics.js';
import { WorkerClient, type WorkerLaunch, type WorkerMemory } from './worker-client.js';
import type { RunSample } from './worker-protocol.js';

/** Callbacks of a measurement: one `step` per unit of progress. */
export interface MeasureEvents {
  /** A task is about to start (`label` says what). */
  onTask?(label: string): void;
  /** A task finished. */
  onStep?(): void;
  /** Optional plugin packages a child could not load. */
  onUnavailablePlugins?(packages: string[]): void;
}

/** Where the programs are. */
export interface MeasureTools {
  /** The C anchor, when built. */
  anchor: AnchorBinaries | undefined;
  /** How to start measurement children (default: bench-worker beside this file). */
  launch?: WorkerLaunch;
}

/** Medians of each series' repetitions at `n` neurons. */
export function mediansOf(runs: Partial<Record<SeriesName, RunSample[]>>, n: number): Partial<Record<SeriesName, SeriesMedian>> {
  const medians: Partial<Record<SeriesName, SeriesMedian>> = {};
  for (const [name, samples] of Object.entries(runs) as Array<[SeriesName, RunSample[]]>) {
    if (samples.length === 0) continue;
    medians[name] = {
      wallNsPerSpike: median(samples.map((s) => s.wallNsPerSpike)),
      cpuNsPerSpike: median(samples.map((s) => s.cpuNsPerSpike)),
      spikes: samples[0].spikes,
      rateHz: median(samples.map((s) => s.rateHz)),
      cpuSecondsPerSimSecond: median(samples.map((s) => perSimSecond(s.cpuNsPerSpike, n, s.rateHz))),
      wallSecondsPerSimSecond: median(samples.map((s) => perSimSecond(s.wallNsPerSpike, n, s.rateHz))),
    };
  }
  return medians;
}

/** Assemble a size's result from its raw repetitions. */
export function summarizeSize(
  plan: SizePlan,
  runs: Partial<Record<SeriesName, RunSample[]>>,
  memory: { engine: MemoryProbe | undefined; reference: MemoryProbe | undefined },
  clock: BenchClock,
  kinds: { simulatorKind?: string; inlinedKind?: string; targetsMemoised?: boolean } = {},
): SizeResult {
  const medians = mediansOf(runs, plan.n);
  const ours = nsPerSpike(medians.ours, clock);
  const anchorComparable = plan.seed === 1;
  const anchorCheck = (label: string, a: RunSample[] | undefined, b: RunSample[] | undefined) =>
    anchorComparable ? compareSpikeHashes(label, a, b) : { status: 'not compared' as const, detail: `${label}: the C anchor uses seed 1, this run seed ${plan.seed}` };
  const brian2OverOurs: Partial<Record<Brian2Series, number>> = {};
  const rateChecks: Partial<Record<Brian2Series, RateCheck>> = {};
  for (const name of Object.keys(runs).filter(isBrian2Series)) {
    const theirs = medians[name];
    if (theirs === undefined) continue;
    brian2OverOurs[name] = ratio(secondsPerSimSecond(theirs, clock), secondsPerSimSecond(medians.ours, clock));
    const oursHz = medians.ours?.rateHz ?? Number.NaN;
    rateChecks[name] = { oursHz, theirsHz: theirs.rateHz, relative: theirs.rateHz / oursHz - 1, seconds: runs[name]?.[0]?.lastTime ?? Number.NaN };
  }
  return {
    n: plan.n,
    ...kinds,
    k: plan.k,
    spikes: plan.spikes,
    linearSpikes: plan.linearSpikes,
    warmupSpikes: plan.warmupSpikes,
    runs,
    medians,
    ratios: {
      oursOverSp: ratio(ours, nsPerSpike(medians['c-sp'], clock)),
      oursOverSpBest: ratio(ours, nsPerSpike(medians['c-sp_best'], clock)),
      oursOverSpLazy: ratio(ours, nsPerSpike(medians['c-sp_lazy'], clock)),
      oursOverInlined: ratio(ours, nsPerSpike(medians.inlined, clock)),
    },
    brian2OverOurs,
    rateHz: median((runs.ours ?? []).map((s) => s.rateHz)),
    memory,
    checks: {
      oursVsSp: anchorCheck('ours vs C sp', runs.ours, runs['c-sp']),
      inlinedVsOurs: compareSpikeHashes('inlined vs ours', runs.inlined, runs.ours),
      referenceVsNaive: anchorCheck('our reference vs C naive', runs.reference, runs['c-naive']),
      spBestVsSp: compareSpikeHashes('C sp_best vs C sp', runs['c-sp_best'], runs['c-sp']),
      oursVsSpLazy: anchorCheck('ours vs C sp_lazy', runs.ours, runs['c-sp_lazy']),
    },
    rateChecks,
  };
}

function memoryProbe(memory: WorkerMemory, n: number): MemoryProbe {
  return {
    ...memory,
    rssBytesPerNeuron: Math.max(memory.peakRssDeltaBytes, memory.rssDeltaBytes) / n,
    arrayBytesPerNeuron: memory.arrayBytesDelta / n,
  };
}

/** Where a size group's Brian2 programs are built. */
export interface Brian2Tools {
  python: string;
  /** Build directory root; each N and step gets a folder inside. */
  buildRoot: string;
}

/**
 * Measure the configurations of one model at one size together (`plans[c]`
 * belongs to `configs[c]`; all plans share N, the C programs, the reference
 * and Brian2): start every engine child (and the reference child), warm
 * them up, build the Brian2 programs, then run `reps` rounds of every task —
 * each configuration's engine (with its inlined loop), C `sp`, `sp_best`,
 * `sp_lazy`, `naive`, our reference, Brian2 at each step — rotating their
 * order each round so slow phases of a noisy machine spread over all of
 * them. The shared series are measured once and reported in every
 * configuration's result, so every ratio comes from the same rounds.
 */
export async function measureSizeGroup(
  configs: readonly SweepConfiguration[],
  plans: readonly SizePlan[],
  clock: BenchClock,
  tools: MeasureTools & { brian2?: Brian2Tools },
  events: MeasureEvents = {},
): Promise<SizeResult[]> {
  const plan = plans[0];
  const { n, k } = plan;
  const step = () => events.onStep?.();
  const workers: WorkerClient[] = [];
  const own = configs.map(() => ({}) as Partial<Record<SeriesName, RunSample[]>>);
  const shared: Partial<Record<SeriesName, RunSample[]>> = {};
  const add = (runs: Partial<Record<SeriesName, RunSample[]>>, name: SeriesName, sample: RunSample): void => {
    (runs[name] ??= []).push(sample);
  };
  try {
    const engines: WorkerClient[] = [];
    const warmed: Array<Awaited<ReturnType<WorkerClient['warmUp']>>> = [];
    for (let c = 0; c < configs.length; c++) {
      const config = configs[c], own = plans[c];
      events.onTask?.(`N=${n}: starting and warming up ${configs.length > 1 ? `engine ${c + 1}/${configs.length}` : 'the engine'}`);
      const engine = await WorkerClient.start(
        {
          kind: 'engine', model: config.model, queue: config.queue, engine: config.engine, frame: config.frame, expKeys: config.expKeys,
          ...(config.kernelQueue === undefined ? {} : { kernelQueue: config.kernelQueue }),
          n, k, seed: own.seed, targetCacheBytes: own.targetCacheBytes, spikes: own.spikes, warmupSpikes: own.warmupSpikes, inlined: own.inlined,
        },
        tools.launch,
      );
      workers.push(engine);
      engines.push(engine);
      if (engine.unavailablePlugins.length > 0) events.onUnavailablePlugins?.(engine.unavailablePlugins);
      warmed.push(await engine.warmUp());
      step();
    }
    let reference: WorkerClient | undefined;
    let referenceMemory: WorkerMemory | undefined;
    if (plan.reference) {
      const config = configs[0];
      events.onTask?.(`N=${n}: starting and warming up the O(N) reference`);
      const referenceWarmup = Math.min(plan.warmupSpikes, plan.linearSpikes);
      reference = await WorkerClient.start(
        {
          kind: 'reference', model: config.model, queue: config.queue, engine: config.engine, frame: config.frame, expKeys: config.expKeys,
          n, k, seed: plan.seed, targetCacheBytes: plan.targetCacheBytes, spikes: plan.linearSpikes, warmupSpikes: referenceWarmup, inlined: false,
        },
        tools.launch,
      );
      workers.push(reference);
      const { simulatorKind: _kind, inlined: _inlined, targetsMemoised: _memo, ...probe } = await reference.warmUp();
      referenceMemory = probe;
      step();
    }
    const brian2Builds: Brian2Build[] = [];
    for (const run of plan.brian2) {
      const brian2 = tools.brian2;
      if (brian2 === undefined) break;
      events.onTask?.(`N=${n}: building Brian2 (dt = ${run.dtMs} ms, ${run.seconds} s simulated; compile not timed)`);
      brian2Builds.push(
        await buildBrian2(brian2.python, { n, k, dtMs: run.dtMs, seconds: run.seconds, seed: plan.seed }, join(brian2.buildRoot, `n${n}-k${k}-dt${run.dtMs}`)),
      );
      step();
    }

    const anchor = tools.anchor;
    const model = configs[0].model;
    for (let rep = 0; rep < plan.reps; rep++) {
      const round = `N=${n} rep ${rep + 1}/${plan.reps}`;
      const tasks: Array<[label: string, run: () => Promise<void>]> = engines.map((engine, c) => [
        configs.length > 1 ? `ours (${configs[c].queue})` : 'ours',
        async () => {
          const result = await engine.rep(rep);
          add(own[c], 'ours', result.engine);
          if (result.inlined !== undefined) add(own[c], 'inlined', result.inlined);
        },
      ]);
      if (plan.anchor && anchor !== undefined) {
        tasks.push(['C sp', async () => add(shared, 'c-sp', await runAnchor(anchor.sp, model, n, k, plan.spikes))]);
        if (plan.anchorBest) tasks.push(['C sp_best', async () => add(shared, 'c-sp_best', await runAnchor(anchor.spBest, model, n, k, plan.spikes))]);
        const lazy = anchor.spLazy;
        if (plan.anchorLazy && lazy !== undefined) tasks.push(['C sp_lazy', async () => add(shared, 'c-sp_lazy', await runAnchor(lazy, model, n, k, plan.spikes))]);
        if (plan.naive) tasks.push(['C naive', async () => add(shared, 'c-naive', await runAnchor(anchor.naive, model, n, k, plan.linearSpikes))]);
      }
      if (reference !== undefined) {
        const child = reference;
        tasks.push(['our O(N) reference', async () => add(shared, 'reference', (await child.rep(rep)).engine)]);
      }
      for (const build of brian2Builds) {
        tasks.push([`Brian2 dt = ${build.dtMs} ms`, async () => add(shared, brian2Series(build.dtMs), await runBrian2(build, n))]);
      }
      for (let t = 0; t < tasks.length; t++) {
        const [label, run] = tasks[(t + rep) % tasks.length];
        events.onTask?.(`${round}: ${label}`);
        await run();
        step();
      }
    }
    const referenceProbe = referenceMemory === undefined ? undefined : memoryProbe(referenceMemory, n);
    return configs.map((_config, c) => {
      const { simulatorKind, inlined: inlinedKind, targetsMemoised, ...engineMemoryProbe } = warmed[c];
      return summarizeSize(plans[c], { ...own[c], ...shared }, { engine: memoryProbe(engineMemoryProbe, n), reference: referenceProbe }, clock, {
        simulatorKind,
        inlinedKind,
        targetsMemoised,
      });
    });
  } finally {
    await Promise.all(workers.map((w) => w.close()));
  }
}

/** Measure one configuration at one size (see {@link measureSizeGroup}). */
export async function measureSize(config: SweepConfiguration, plan: SizePlan, clock: BenchClock, tools: MeasureTools & { brian2?: Brian2Tools }, events: MeasureEvents = {}): Promise<SizeResult> {
  const [result] = await measureSizeGroup([config], [plan], clock, tools, events);
  return result;
}
