// Cost of one training step, split into forward / replay / backward / optimizer,
// per recorded spike, on an explicit inhibitory LIF network (K = 100,
// per-synapse weights), all measured in this one run:
//   forward (fastest): the engine `engine: 'auto'` picks (the wasm kernel for LIF)
//   forward (JS time frame): the generic JS engine
//   set-up, replay, backward (wasm): spikeTimeGradients' default path for this network ('wasm-exp-key')
//   replay, backward (JS): the same with path 'exp-key' (same bits: checked here)
//   optimizer: one Adam step over all N K weights
//   forward taping, backward of the tape: tapedForward (the kernel writes the gradients' tape as it runs)
//     and its gradients (the backward sweep alone, in the kernel on its own memory: no replay, no copy
//     of the tape or the network; ∂L/∂t in and the N K gradients out are counted in it; same bits as
//     the paths above: checked here). Gradients cost (taping forward − forward) + backward of the tape.
// Times are CPU time of this process (process.cpuUsage: user + system), not
// wall time: the machine is shared, and wall time counts the time other
// processes held the CPU (it varied ±40 % between runs here; CPU time
// ±10 %). The gradients' phases use the same clock (GradientOptions.clock);
// the whole calls are also given in wall time. The repeats interleave the
// series (forward, wasm, JS, forward, ...) and every figure is the best
// (minimum) over the repeats. Per-call costs that do not grow with the
// spikes are reported apart: the forward's set-up (composeSimulator copies
// the network into the kernel with one key shift per synapse) and the
// gradients' copies (the same copy into their module, and the N K gradients
// out of it).
// usage (from the repository root):
//   pnpm --filter @sparseprop/tool-bench training-cost [N,N,...] [spikes per N,...] [repeats]   (defaults: 1e3,1e4,1e5; 1e5 spikes each; 5)
import { cpus, loadavg } from 'node:os';
import { composeSimulator, createContainer, registerPlugins, SpikeTrain } from '@sparseprop/core';
import { registerWasmEngine } from '@sparseprop/engine-wasm';
import { lif } from '@sparseprop/model-lif';
import { binaryHeap, thirtyTwoAryHeap } from '@sparseprop/queue-heap';
import { Optimizer, spikeTimeGradients, tapedForward, type TrainingNetwork, randomInhibitoryNetwork } from '@sparseprop/training';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log('usage: training-cost [N,N,...] [spikes per N,...] [repeats]   (defaults: 1000,10000,100000; 100000; 5)');
  process.exit(0);
}
const sizes = (process.argv[2] ?? '1000,10000,100000').split(',').map(Number);
const spikeCounts = (process.argv[3] ?? '100000,100000,100000').split(',').map(Number);
const repeats = Number(process.argv[4] ?? 5);
const K = 100, J0 = 1, TAU = 0.01;

/** The benchmark's network (explicit-network.ts), from seed `seed`. */
const explicitNetwork = (size: number, seed: number) => randomInhibitoryNetwork(size, K, J0, 0.5, seed);

const container = registerWasmEngine(registerPlugins(createContainer(), lif, binaryHeap, thirtyTwoAryHeap));
const best = (xs: number[]) => Math.min(...xs);
/** CPU time of this process (user + system), ms: unlike wall time it does not count the time other processes held the CPU. */
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const loadAtStart = loadavg().map((x) => x.toFixed(1)).join(' ');
const rows: Record<string, number | string>[] = [];
for (let index = 0; index < sizes.length; index++) {
  const n = sizes[index], spikes = spikeCounts[index] ?? spikeCounts.at(-1)!;
  const connectivity = explicitNetwork(n, 17);
  const config = { model: 'lif', n, k: K, j0: J0, tau: TAU, seed: 5, connectivity };
  const names = ['forward', 'forwardSetup', 'timeFrame', 'copies', 'replay', 'backward', 'work', 'replayJs', 'backwardJs', 'optimizer', 'forwardWall', 'gradientsWall', 'forwardTaped', 'tapeBackward', 'tapeSetUp'] as const;
  const series = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<(typeof names)[number], number[]>;
  let engine = '', deviation = 0, rateHz = 0, path = '', segments = 0;
  const perSpike = (ms: number) => (ms * 1000) / spikes; // µs per spike
  for (let r = 0; r < repeats; r++) {
    let wall = performance.now(), start = cpuMs();
    const auto = composeSimulator({ ...config, engine: 'auto' }, container);
    engine = auto.engine;
    const autoTrain = new SpikeTrain(spikes);
    const ran = cpuMs();
    const summary = auto.simulator.run({ maxSpikes: spikes, record: autoTrain });
    series.forward.push(perSpike(cpuMs() - ran));
    series.forwardSetup.push(perSpike(ran - start));
    series.forwardWall.push(perSpike(performance.now() - wall));
    rateHz = summary.rateHz;
    if (autoTrain.length !== spikes) throw new Error(`the ${engine} engine stopped after ${autoTrain.length} of ${spikes} spikes (N = ${n})`);
    // the train must be sound (a NaN time was seen from the wasm engine at N = 1e5 before aaaaaec; now a bug, not a benchmark)
    const bad = autoTrain.times.findIndex((t) => !Number.isFinite(t));
    if (bad >= 0) throw new Error(`the ${engine} engine recorded a non-finite spike time at spike ${bad} (N = ${n})`);

    const timeEngine = composeSimulator({ ...config, engine: 'time', frame: 'time', initialPhases: auto.initialPhases }, container);
    start = cpuMs();
    timeEngine.simulator.run({ maxSpikes: spikes, record: new SpikeTrain(spikes) });
    series.timeFrame.push(perSpike(cpuMs() - start));

    const network: TrainingNetwork = { model: auto.model, connectivity, initialPhases: auto.initialPhases, tau: TAU };
    const dL = new Float64Array(spikes).fill(1 / spikes);
    wall = performance.now();
    const gradients = spikeTimeGradients(network, autoTrain, dL, { clock: cpuMs }); // 'auto': the WebAssembly path for this explicit LIF network
    series.gradientsWall.push(perSpike(performance.now() - wall));
    path = gradients.path;
    segments = gradients.segments;
    series.replay.push(perSpike(gradients.replaySeconds * 1000));
    series.backward.push(perSpike(gradients.backwardSeconds * 1000));
    series.copies.push(perSpike(gradients.overheadSeconds * 1000));
    // the work that grows with the spikes: replay and backward without the per-call copies in and out
    series.work.push(perSpike((gradients.replaySeconds + gradients.backwardSeconds - gradients.overheadSeconds) * 1000));
    deviation = Math.max(deviation, gradients.maxReplayDeviation);
    const js = spikeTimeGradients(network, autoTrain, dL, { path: 'exp-key', clock: cpuMs });
    series.replayJs.push(perSpike(js.replaySeconds * 1000));
    series.backwardJs.push(perSpike(js.backwardSeconds * 1000));
    for (let e = 0; e < js.weights!.length; e++) {
      if (!Object.is(js.weights![e], gradients.weights![e])) throw new Error(`the ${path} and exp-key paths differ at synapse ${e} (N = ${n})`);
    }
    for (let k = 0; k < n; k++) {
      if (!Object.is(js.initialPhases[k], gradients.initialPhases[k])) throw new Error(`the ${path} and exp-key paths differ at phase ${k} (N = ${n})`);
    }

    // the taped forward (same kernel and queue, same initial keys: the same train) and the backward sweep of its tape
    const taped = tapedForward(network, { maxSpikes: spikes }, { clock: cpuMs });
    try {
      if (!taped.taped) throw new Error(`the taped forward kept no whole tape (N = ${n}): ${taped.reason}`);
      series.forwardTaped.push(perSpike(taped.forwardSeconds * 1000));
      for (let s = 0; s < spikes; s++) {
        if (!Object.is(taped.train.times[s], autoTrain.times[s]) || taped.train.neurons[s] !== autoTrain.neurons[s]) throw new Error(`the taped forward's train differs at spike ${s} (N = ${n})`);
      }
      const fromTape = taped.gradients(dL, { clock: cpuMs });
      if (fromTape.path !== 'wasm-exp-key-taped') throw new Error(`the taped gradients took path ${fromTape.path} (N = ${n})`);
      series.tapeBackward.push(perSpike(fromTape.backwardSeconds * 1000)); // the gradients' copy out included
      series.tapeSetUp.push(perSpike(fromTape.overheadSeconds * 1000)); // of which: zeroing, ∂L/∂t in, the gradients out
      for (let e = 0; e < js.weights!.length; e++) {
        if (!Object.is(js.weights![e], fromTape.weights![e])) throw new Error(`the taped and exp-key paths differ at synapse ${e} (N = ${n})`);
      }
    } finally {
      taped.dispose();
    }

    const adam = new Optimizer(connectivity.weight.length);
    start = cpuMs();
    adam.step(connectivity.weight, gradients.weights!, 1e-12); // a negligible step: same network next repeat to rounding
    series.optimizer.push(cpuMs() - start);
  }
  const b = Object.fromEntries(Object.entries(series).map(([key, xs]) => [key, best(xs)])) as Record<(typeof names)[number], number>;
  const row = {
    n,
    k: K,
    spikes,
    repeats,
    rateHz: Number(rateHz.toFixed(1)),
    engine,
    path,
    segments,
    forwardUs: b.forward,
    forwardSetupUs: b.forwardSetup,
    forwardJsTimeUs: b.timeFrame,
    replayUs: b.replay,
    backwardUs: b.backward,
    copiesUs: b.copies,
    workUs: b.work,
    replayJsUs: b.replayJs,
    backwardJsUs: b.backwardJs,
    optimizerMsPerStep: b.optimizer,
    optimizerUsPerSpike: (b.optimizer * 1e3) / spikes,
    // the work per spike: replay + backward without the per-call copies, over the forward run without its set-up
    workOverForward: b.work / b.forward,
    // whole calls: spikeTimeGradients' replay + backward (copies included) over composeSimulator + run
    wholeOverWhole: (b.replay + b.backward) / (b.forwardSetup + b.forward),
    wholeWallOverWholeWall: b.gradientsWall / b.forwardWall,
    jsOverForward: (b.replayJs + b.backwardJs) / b.forward,
    workOverJsTime: b.work / b.timeFrame,
    forwardTapedUs: b.forwardTaped,
    tapeBackwardUs: b.tapeBackward,
    // the measure: what the gradients add to a forward that tapes, over the plain forward run
    tapeSetUpUs: b.tapeSetUp,
    tapedOverForward: (b.forwardTaped - b.forward + b.tapeBackward) / b.forward,
    // as the replaying path's work: without the per-call zeroing and copies (they grow with N K, not with the spikes)
    tapedWorkOverForward: (b.forwardTaped - b.forward + b.tapeBackward - b.tapeSetUp) / b.forward,
    tapeBytesPerEvent: 8,
    maxReplayDeviationS: deviation,
  };
  rows.push(row);
  console.log(JSON.stringify(row, (_k, v) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(3)) : v)));
}
console.log(`\nload average (1, 5, 15 min) at the start: ${loadAtStart}; at the end: ${loadavg().map((x) => x.toFixed(1)).join(' ')}; ${cpus().length} CPUs`);
console.log(`CPU time, best of ${repeats} repeats, µs per recorded spike (Adam: ms per step)`);
console.log('\nTaped forward (the kernel writes the tape; gradients = the backward sweep alone):');
console.log('\n| N | forward run | forward run, taping | backward of the tape (whole call) | of which per-call zeroing and copies | **(taping − plain + backward − per-call copies) / forward run** | whole calls / forward run |');
console.log('|---|---|---|---|---|---|---|');
for (const r of rows) {
  const f = (x: unknown, d = 2) => (x as number).toFixed(d);
  console.log(
    `| ${r.n} | ${f(r.forwardUs)} | ${f(r.forwardTapedUs)} | ${f(r.tapeBackwardUs)} | ${f(r.tapeSetUpUs)} | **${f(r.tapedWorkOverForward)}** | ${f(r.tapedOverForward)} |`,
  );
}
console.log('\nReplaying gradients:');
console.log('\n| N | forward run (engine) | forward set-up | JS time frame | replay | backward | of which copies in and out | replay (JS) | backward (JS) | Adam step | (replay + backward − copies) / forward run | whole calls | whole calls, wall time | JS path / forward run |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  const f = (x: unknown, d = 2) => (x as number).toFixed(d);
  console.log(
    `| ${r.n} | ${f(r.forwardUs)} (${r.engine}) | ${f(r.forwardSetupUs)} | ${f(r.forwardJsTimeUs)} | ${f(r.replayUs)} | ${f(r.backwardUs)} | ${f(r.copiesUs)} | ${f(r.replayJsUs)} | ${f(r.backwardJsUs)} | ${f(r.optimizerMsPerStep, 0)} | **${f(r.workOverForward)}** | ${f(r.wholeOverWhole)} | ${f(r.wholeWallOverWholeWall)} | ${f(r.jsOverForward)} |`,
  );
}
