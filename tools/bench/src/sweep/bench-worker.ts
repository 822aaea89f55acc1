/**
 * Child-process entry of `pnpm bench`: measures ONE configuration at
 * ONE network size, so every call site of the engine stays monomorphic.
 *
 * Started by {@link startWorker} with its {@link WorkerConfig} as JSON in
 * `argv[2]` and an IPC channel; answers `warmup` and `rep` requests (see
 * worker-protocol.ts). Every repetition starts from a freshly composed
 * network, so each one simulates the same spikes as the C anchor's run with
 * the same spike count, and their hashes can be compared.
 */
import { composeSimulator, type DependencyContainer, type Simulator } from '@sparseprop/core';
import { WasmExpKeySimulator } from '@sparseprop/engine-wasm';
import { runInlinedPhaseLoop } from './inlined-baseline.js';
import { runInlinedExpLoop } from './inlined-exp-baseline.js';
import { prepareInlinedKernel, runInlinedKernelLoop } from './inlined-kernel-baseline.js';
import { type InlinedKeys, inlinedKeysFor, prepareInlinedNetwork } from './inlined-network.js';
import { loadPluginContainer } from './load-plugins.js';
import { SpikeHasher } from './spike-hasher.js';
import type { RunSample, WorkerConfig, WorkerReply, WorkerRequest } from './worker-protocol.js';

const collectGarbage: () => void = (globalThis as { gc?: () => void }).gc ?? (() => {});

function send(reply: WorkerReply): void {
  process.send?.(reply);
}

/** Peak resident set size of this process so far, bytes. */
function maxRssBytes(): number {
  return process.resourceUsage().maxRSS * 1024;
}

/** Current resident set size and typed-array bytes. */
function memoryNow(): { rss: number; arrays: number } {
  const usage = process.memoryUsage();
  return { rss: usage.rss, arrays: usage.arrayBuffers };
}

/** Times `run` (which returns checksums) on both clocks. */
function timed(run: () => Omit<RunSample, 'wallNsPerSpike' | 'cpuNsPerSpike'>): RunSample {
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const result = run();
  const wallMs = performance.now() - wallStart;
  const cpu = process.cpuUsage(cpuStart);
  const done = Math.max(1, result.spikes);
  return { ...result, wallNsPerSpike: (wallMs * 1e6) / done, cpuNsPerSpike: ((cpu.user + cpu.system) * 1e3) / done };
}

/** The measurements of one configuration, on plugins from `container`. */
class Measurement {
  private readonly hasher = new SpikeHasher();

  constructor(
    private readonly config: WorkerConfig,
    private readonly container: DependencyContainer,
  ) {}

  /** The simulator the composition chooses for this configuration. */
  simulatorKind = '';
  /** Whether its connectivity memoises targets. */
  targetsMemoised: boolean | undefined;
  /** Bytes of WebAssembly linear memory the simulator holds (0 for JS engines). */
  kernelBytes = 0;

  /**
   * Compose a fresh simulator (not timed), then time `spikes` spikes of it.
   * `afterRun` is awaited while the simulator is still alive (memory probes).
   */
  engine(spikes: number): RunSample;
  engine(spikes: number, afterRun: () => Promise<void>): Promise<RunSample>;
  engine(spikes: number, afterRun?: () => Promise<void>): RunSample | Promise<RunSample> {
    const c = this.config;
    // a named kernel queue: the network is composed as usual (the cheap O(N) reference engine
    // holds it), then the kernel is built on it with that queue, as the engine plugin would
    const kernelQueue = c.kind === 'engine' && c.engine === 'wasm' ? c.kernelQueue : undefined;
    const composed = composeSimulator(
      {
        model: c.model, queue: c.engine === 'js' ? c.queue : undefined, engine: c.kind === 'reference' || kernelQueue !== undefined ? 'reference' : c.engine, frame: c.frame, n: c.n, k: c.k, seed: c.seed,
        reference: c.kind === 'reference', expKeys: c.expKeys, targetCacheBytes: c.targetCacheBytes,
      },
      this.container,
    );
    const { connectivity } = composed;
    const simulator: Simulator =
      kernelQueue === undefined
        ? composed.simulator
        : new WasmExpKeySimulator(composed.model, connectivity, { tau: composed.network.tau, initialPhases: composed.initialPhases }, kernelQueue);
    this.simulatorKind = simulator.kind;
    const memoryBytes = (simulator as { memoryBytes?: unknown }).memoryBytes;
    this.kernelBytes = typeof memoryBytes === 'number' ? memoryBytes : 0;
    const caching = (connectivity as { caching?: unknown }).caching;
    this.targetsMemoised = typeof caching === 'boolean' ? caching : undefined;
    const hasher = this.hasher;
    hasher.reset();
    const sample = timed(() => {
      const summary = simulator.run({ maxSpikes: spikes, onSpike: hasher.listener });
      return { spikes: summary.spikes, hash: hasher.hash, sumidx: hasher.sumidx, rateHz: summary.rateHz, lastTime: hasher.lastTime };
    });
    if (afterRun === undefined) return sample;
    return afterRun().then(() => {
      void simulator.kind; // the simulator stays reachable until the probe is done
      return sample;
    });
  }

  /** Build the inlined network (not timed), then time `spikes` spikes of it. */
  inlined(keys: InlinedKeys, spikes: number): RunSample {
    const c = this.config;
    const network = prepareInlinedNetwork({ n: c.n, k: c.k, seed: c.seed, targetCacheBytes: c.targetCacheBytes }, keys === 'wasm' ? 'exp' : keys);
    const kernel = keys === 'wasm' ? prepareInlinedKernel(network, undefined, c.kernelQueue) : undefined;
    return timed(() => {
      const result =
        kernel !== undefined ? runInlinedKernelLoop(kernel, spikes) : keys === 'phase' ? runInlinedPhaseLoop(network, spikes) : runInlinedExpLoop(network, spikes);
      const rateHz = result.endSeconds > 0 ? result.spikes / result.endSeconds / c.n : 0;
      return { spikes: result.spikes, hash: result.hash, sumidx: result.sumidx, rateHz, lastTime: result.lastTime };
    });
  }
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig;
  const { container, unavailable } = await loadPluginContainer();
  const measurement = new Measurement(config, container);
  let withInlined: InlinedKeys | undefined;
  collectGarbage();
  const baselineMaxRss = maxRssBytes();
  let baseline = memoryNow();
  send({ type: 'ready', baselineMaxRssBytes: baselineMaxRss, unavailablePlugins: unavailable });

  process.on('message', async (request: WorkerRequest) => {
    try {
      if (request.type === 'warmup') {
        // engine first and alone, so the peak memory is the engine's
        let peakRssDeltaBytes = 0, rssDeltaBytes = 0, arrayBytesDelta = 0;
        // the baseline as the probe below sees memory: collected, swept, collected (else buffers of the
        // start-up freed only now make the delta of a small engine negative)
        collectGarbage();
        await new Promise((resolve) => setTimeout(resolve, 50));
        collectGarbage();
        baseline = memoryNow();
        await measurement.engine(config.warmupSpikes, async () => {
          peakRssDeltaBytes = maxRssBytes() - baselineMaxRss;
          // count what the simulator holds, not set-up garbage: collect, let the
          // background sweeper free the array buffers, collect again
          collectGarbage();
          await new Promise((resolve) => setTimeout(resolve, 50));
          collectGarbage();
          const now = memoryNow();
          rssDeltaBytes = now.rss - baseline.rss;
          // a WebAssembly engine's linear memory is not an ArrayBuffer the process counts
          arrayBytesDelta = now.arrays - baseline.arrays + measurement.kernelBytes;
        });
        const simulatorKind = measurement.simulatorKind;
        withInlined = config.inlined && config.kind === 'engine' ? inlinedKeysFor(config, simulatorKind) : undefined;
        if (withInlined !== undefined) {
          collectGarbage();
          measurement.inlined(withInlined, config.warmupSpikes);
        }
        collectGarbage();
        send({ type: 'warmed', peakRssDeltaBytes, rssDeltaBytes, arrayBytesDelta, inlined: withInlined, simulatorKind, targetsMemoised: measurement.targetsMemoised });
      } else if (request.type === 'rep') {
        // alternate the order so neither side always runs on a warmer cache or a quieter machine
        let engine: RunSample, inlined: RunSample | undefined;
        collectGarbage();
        if (withInlined !== undefined && request.index % 2 === 1) {
          inlined = measurement.inlined(withInlined, config.spikes);
          collectGarbage();
          engine = measurement.engine(config.spikes);
        } else {
          engine = measurement.engine(config.spikes);
          if (withInlined !== undefined) {
            collectGarbage();
            inlined = measurement.inlined(withInlined, config.spikes);
          }
        }
        collectGarbage(); // leave nothing big behind while the C anchor runs
        send({ type: 'rep', index: request.index, engine, inlined });
      } else {
        process.disconnect?.();
        process.exit(0);
      }
    } catch (error) {
      send({ type: 'failed', message: (error as Error).stack ?? String(error) });
    }
  });
}

main().catch((error: unknown) => {
  send({ type: 'failed', message: (error as Error).stack ?? String(error) });
  process.exitCode = 1;
});
