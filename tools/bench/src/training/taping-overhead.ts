// What writing the gradients' tape adds to the WebAssembly kernel's forward run,
// paired on warm memory. The kernel runs the same explicit inhibitory LIF
// network (K = 100 distinct targets, weights −1/√K (1 ± 0.5)) from the same
// keys three ways, interleaved in every repeat:
//   plain, pool:   a simulator without a tape, on the instance the engine's pool gives (what
//                  composeSimulator gives: a kept one up to 64 MiB of memory, e.g. N = 1e4 here;
//                  a fresh one, whose pages are first touched in the run, above, e.g. N = 1e5)
//   plain, warm:   the plain loops on a kept instance whose pages are mapped (a zero-capacity
//                  tape: the first event stops taping, the run continues in `run`)
//   taping, warm:  `runTaped` writing the whole tape, on the kept instance
// CPU time per spike (process.cpuUsage), medians over the repeats (the first is warm-up).
// usage (from the repository root):
//   pnpm --filter @sparseprop/tool-bench taping-overhead [N,N,...] [spikes] [repeats]   (defaults: 10000,100000; 100000; 7)
import { loadavg } from 'node:os';
import { SpikeTrain } from '@sparseprop/core';
import { Xoroshiro128Plus } from '@sparseprop/core/plugin';
import { WasmExpKeySimulator } from '@sparseprop/engine-wasm';
import { LifModel } from '@sparseprop/model-lif';
import { randomInhibitoryNetwork } from '@sparseprop/training';

if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log('usage: taping-overhead [N,N,...] [spikes] [repeats]   (defaults: 10000,100000; 100000; 7)');
  process.exit(0);
}
const sizes = (process.argv[2] ?? '10000,100000').split(',').map(Number);
const spikes = Number(process.argv[3] ?? 100000);
const repeats = Number(process.argv[4] ?? 7);
const K = 100;
const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const modes = ['plain, pool', 'plain, warm', 'taping, warm'] as const;
console.log(`load average at the start: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
console.log('\n| N | plain, pool instance | plain, warm | taping, warm | taping − plain (warm) | pool − warm (plain) |');
console.log('|---|---|---|---|---|---|');
for (const n of sizes) {
  const rng = new Xoroshiro128Plus(17);
  const connectivity = randomInhibitoryNetwork(n, K, 1, 0.5, rng);
  const model = new LifModel(n, 1.5);
  const initialPhases = Float64Array.from({ length: n }, () => rng.nextDouble() * model.phiThreshold);
  const times = Object.fromEntries(modes.map((m) => [m, [] as number[]])) as Record<(typeof modes)[number], number[]>;
  let reference: SpikeTrain | undefined;
  for (let r = 0; r < repeats + 1; r++) {
    for (const mode of modes) {
      const tape = mode === 'plain, pool' ? undefined : mode === 'plain, warm' ? { events: 0, spikes: 0 } : { events: spikes * K, spikes };
      const simulator = new WasmExpKeySimulator(model, connectivity, { tau: 0.01, initialPhases }, undefined, undefined, tape);
      const train = new SpikeTrain(spikes);
      const start = cpuMs();
      simulator.run({ maxSpikes: spikes, record: train });
      const used = cpuMs() - start;
      if (mode === 'taping, warm' && !simulator.tape()!.complete) throw new Error('the tape did not hold the run');
      simulator.dispose();
      reference ??= train;
      for (let s = 0; s < spikes; s++) if (train.neurons[s] !== reference.neurons[s] || !Object.is(train.times[s], reference.times[s])) throw new Error(`${mode}: another train (spike ${s})`);
      if (r > 0) times[mode].push((used * 1000) / spikes);
    }
  }
  const m = Object.fromEntries(modes.map((mode) => [mode, median(times[mode])])) as Record<(typeof modes)[number], number>;
  const f = (x: number) => x.toFixed(3);
  console.log(`| ${n} | ${f(m['plain, pool'])} | ${f(m['plain, warm'])} | ${f(m['taping, warm'])} | ${f(m['taping, warm'] - m['plain, warm'])} | ${f(m['plain, pool'] - m['plain, warm'])} |`);
}
console.log(`\nCPU µs per spike, median of ${repeats} repeats after one warm-up, K = ${K}, ${spikes} spikes; load average at the end: ${loadavg().map((x) => x.toFixed(1)).join(' ')}`);
