import { type AnchorBinaries } from './anchor-build.js';
import { runAnchor } from './anchor-run.js';
import type { BenchClock } from './bench-options.js';
import { type MemoryProbe, nsPerSpike, type SeriesMedian, type SeriesName, type SizeResult } from './bench-results.js';
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

/** Medians of each series' repetitions. */
export function mediansOf(runs: Partial<Record<SeriesName, RunSample[]>>): Partial<Record<SeriesName, SeriesMedian>> {
  const medians: Partial<Record<SeriesName, SeriesMedian>> = {};
  for (const [name, samples] of Object.entries(runs) as Array<[SeriesName, RunSample[]]>) {
    if (samples.length === 0) continue;
    medians[name] = {
      wallNsPerSpike: median(samples.map((s) => s.wallNsPerSpike)),
      cpuNsPerSpike: median(samples.map((s) => s.cpuNsPerSpike)),
      spikes: samples[0].spikes,
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
  const medians = mediansOf(runs);
  const ours = nsPerSpike(medians.ours, clock);
  const anchorComparable = plan.seed === 1;
  const anchorCheck = (label: string, a: RunSample[] | undefined, b: RunSample[] | undefined) =>
    anchorComparable ? compareSpikeHashes(label, a, b) : { status: 'not compared' as const, detail: `${label}: the C anchor uses seed 1, this run seed ${plan.seed}` };
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
      oursOverInlined: ratio(ours, nsPerSpike(medians.inlined, clock)),
    },
    rateHz: median((runs.ours ?? []).map((s) => s.rateHz)),
    memory,
    checks: {
      oursVsSp: anchorCheck('ours vs C sp', runs.ours, runs['c-sp']),
      inlinedVsOurs: compareSpikeHashes('inlined vs ours', runs.inlined, runs.ours),
      referenceVsNaive: anchorCheck('our reference vs C naive', runs.reference, runs['c-naive']),
      spBestVsSp: compareSpikeHashes('C sp_best vs C sp', runs['c-sp_best'], runs['c-sp']),
    },
  };
}

function memoryProbe(memory: WorkerMemory, n: number): MemoryProbe {
  return {
    ...memory,
    rssBytesPerNeuron: Math.max(memory.peakRssDeltaBytes, memory.rssDeltaBytes) / n,
    arrayBytesPerNeuron: memory.arrayBytesDelta / n,
  };
}

/**
 * Measure one configuration at one size: start the engine child (and the
 * reference child), warm them up, then run `reps` rounds of every task —
 * our engine (with the inlined loop), C `sp`, `sp_best`, `naive`, our
 * reference — rotating their order each round so slow phases of a noisy
 * machine spread over all of them.
 */
export async function measureSize(config: SweepConfiguration, plan: SizePlan, clock: BenchClock, tools: MeasureTools, events: MeasureEvents = {}): Promise<SizeResult> {
  const { n, k } = plan;
  const step = () => events.onStep?.();
  const workers: WorkerClient[] = [];
  const runs: Partial<Record<SeriesName, RunSample[]>> = {};
  const add = (name: SeriesName, sample: RunSample): void => {
    (runs[name] ??= []).push(sample);
  };
  try {
    events.onTask?.(`N=${n}: starting and warming up the engine`);
    const engine = await WorkerClient.start(
      {
        kind: 'engine', ...config, n, k, seed: plan.seed, targetCacheBytes: plan.targetCacheBytes,
        spikes: plan.spikes, warmupSpikes: plan.warmupSpikes, inlined: plan.inlined,
      },
      tools.launch,
    );
    workers.push(engine);
    if (engine.unavailablePlugins.length > 0) events.onUnavailablePlugins?.(engine.unavailablePlugins);
    const engineMemory = await engine.warmUp();
    const { simulatorKind, inlined: inlinedKind, targetsMemoised, ...engineMemoryProbe } = engineMemory;
    step();
    let reference: WorkerClient | undefined;
    let referenceMemory: WorkerMemory | undefined;
    if (plan.reference) {
      events.onTask?.(`N=${n}: starting and warming up the O(N) reference`);
      const referenceWarmup = Math.min(plan.warmupSpikes, plan.linearSpikes);
      reference = await WorkerClient.start(
        {
          kind: 'reference', ...config, n, k, seed: plan.seed, targetCacheBytes: plan.targetCacheBytes,
          spikes: plan.linearSpikes, warmupSpikes: referenceWarmup, inlined: false,
        },
        tools.launch,
      );
      workers.push(reference);
      const { simulatorKind: _kind, inlined: _inlined, targetsMemoised: _memo, ...probe } = await reference.warmUp();
      referenceMemory = probe;
      step();
    }

    const anchor = tools.anchor;
    for (let rep = 0; rep < plan.reps; rep++) {
      const round = `N=${n} rep ${rep + 1}/${plan.reps}`;
      const tasks: Array<[label: string, run: () => Promise<void>]> = [
        [
          'ours',
          async () => {
            const result = await engine.rep(rep);
            add('ours', result.engine);
            if (result.inlined !== undefined) add('inlined', result.inlined);
          },
        ],
      ];
      if (plan.anchor && anchor !== undefined) {
        tasks.push(['C sp', async () => add('c-sp', await runAnchor(anchor.sp, config.model, n, k, plan.spikes))]);
        if (plan.anchorBest) tasks.push(['C sp_best', async () => add('c-sp_best', await runAnchor(anchor.spBest, config.model, n, k, plan.spikes))]);
        if (plan.naive) tasks.push(['C naive', async () => add('c-naive', await runAnchor(anchor.naive, config.model, n, k, plan.linearSpikes))]);
      }
      if (reference !== undefined) {
        const child = reference;
        tasks.push(['our O(N) reference', async () => add('reference', (await child.rep(rep)).engine)]);
      }
      for (let t = 0; t < tasks.length; t++) {
        const [label, run] = tasks[(t + rep) % tasks.length];
        events.onTask?.(`${round}: ${label}`);
        await run();
        step();
      }
    }
    return summarizeSize(
      plan,
      runs,
      { engine: memoryProbe(engineMemoryProbe, n), reference: referenceMemory === undefined ? undefined : memoryProbe(referenceMemory, n) },
      clock,
      { simulatorKind, inlinedKind, targetsMemoised },
    );
  } finally {
    await Promise.all(workers.map((w) => w.close()));
  }
}
