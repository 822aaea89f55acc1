/**
 * Paired timing of builds of the gradients module (assembly/exp-key-gradients.ts
 * of @sparseprop/engine-wasm) in one process: the same explicit LIF network
 * (K = 100, the training-cost benchmark's), the same train from the wasm
 * engine, ∂L/∂t = 1/spikes, builds alternating, best and median CPU time of
 * the replay and the backward sweep per spike. From the repository root:
 *
 *   node -e "import('./packages/engine-wasm/scripts/compile-kernel.mjs').then(async (m) => require('node:fs').writeFileSync('/tmp/a.wasm', await m.compileExpKeyGradients()))"
 *   (edit packages/engine-wasm/assembly/exp-key-gradients.ts, compile again to /tmp/b.wasm)
 *   pnpm --filter @sparseprop/tool-bench tsx src/training/compare-gradient-modules.ts N SPIKES REPEATS /tmp/a.wasm /tmp/b.wasm
 *
 * Every build must keep the module's exports (`ExpKeyGradientsExports`); the
 * uniform-weight gradient printed per build shows whether they agree.
 */
import { readFileSync } from 'node:fs';
import { composeSimulator, createContainer, registerPlugins, SpikeTrain } from '@sparseprop/core';
import { EXP_KEY_LOG_RESCALE, EXP_KEY_RESCALE, type ExpKeyModel } from '@sparseprop/core/plugin';
import { registerWasmEngine } from '@sparseprop/engine-wasm';
import type { ExpKeyGradientsExports } from '@sparseprop/engine-wasm/gradients';
import { lif } from '@sparseprop/model-lif';
import { binaryHeap, thirtyTwoAryHeap } from '@sparseprop/queue-heap';
import { randomInhibitoryNetwork } from '@sparseprop/training';

/** The part of the WebAssembly JS API used here (typed locally: the ES2022 lib has none). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

const usage = 'usage: compare-gradient-modules N SPIKES REPEATS A.wasm [B.wasm ...]';
if (process.argv.includes('--help') || process.argv.includes('-h')) {
  console.log(usage);
  process.exit(0);
}
const [nArg, spikesArg, repeatsArg, ...files] = process.argv.slice(2);
const n = Number(nArg), spikes = Number(spikesArg), repeats = Number(repeatsArg);
if (!Number.isInteger(n) || n < 102 || !Number.isInteger(spikes) || spikes < 1 || !Number.isInteger(repeats) || repeats < 1 || files.length === 0) {
  console.error(usage);
  process.exit(2);
}
const K = 100, J0 = 1, TAU = 0.01;

/** The benchmark's network (explicit-network.ts), from seed `seed`. */
const explicitNetwork = (size: number, seed: number) => randomInhibitoryNetwork(size, K, J0, 0.5, seed);

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const container = registerWasmEngine(registerPlugins(createContainer(), lif, binaryHeap, thirtyTwoAryHeap));
const connectivity = explicitNetwork(n, 17);
const forward = composeSimulator({ model: 'lif', n, k: K, j0: J0, tau: TAU, seed: 5, connectivity, engine: 'auto' }, container);
const train = new SpikeTrain(spikes);
forward.simulator.run({ maxSpikes: spikes, record: train });
const model = forward.model as ExpKeyModel;
const omega = model.omega(0);
const builds = files.map((file) => new wasmApi.Instance(new wasmApi.Module(readFileSync(file)), { host: { log: Math.log, exp: Math.exp } }).exports as ExpKeyGradientsExports);
const nnz = connectivity.post.length;
const results = files.map(() => ({ replay: [] as number[], backward: [] as number[], uniform: 0 }));
for (let r = 0; r < repeats; r++) {
  builds.forEach((wasm, b) => {
    wasm.configure(n, nnz, spikes, 0, 0, Math.exp(-model.phiThreshold / omega), Math.exp(-model.phiReset / omega), TAU, EXP_KEY_RESCALE, EXP_KEY_LOG_RESCALE, model.expShift(1), K);
    let buffer = wasm.memory.buffer;
    new Int32Array(buffer, wasm.startPointer(), n + 1).set(connectivity.rowStart);
    new Int32Array(buffer, wasm.postPointer(), nnz).set(connectivity.post);
    const shifts = new Float64Array(buffer, wasm.shiftPointer(), nnz);
    for (let e = 0; e < nnz; e++) shifts[e] = model.expShift(connectivity.weight[e]);
    new Int32Array(buffer, wasm.neuronsPointer(), spikes).set(train.neurons.subarray(0, spikes));
    new Float64Array(buffer, wasm.timesPointer(), spikes).set(train.times.subarray(0, spikes));
    new Float64Array(buffer, wasm.dLossPointer(), spikes).fill(1 / spikes);
    wasm.reserveTape(spikes * K, spikes);
    buffer = wasm.memory.buffer;
    const y = new Float64Array(buffer, wasm.yPointer(), n);
    for (let k = 0; k < n; k++) y[k] = Math.exp(-forward.initialPhases[k] / omega);
    const start = cpuMs();
    wasm.replay(0, spikes, 1);
    const replayed = cpuMs();
    wasm.backward(0, spikes);
    const done = cpuMs();
    results[b].replay.push(((replayed - start) * 1000) / spikes);
    results[b].backward.push(((done - replayed) * 1000) / spikes);
    results[b].uniform = wasm.uniformWeightGradient();
  });
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log(`N = ${n}, ${spikes} spikes, ${repeats} repeats; CPU µs per spike, best (median)`);
results.forEach((x, b) =>
  console.log(
    `${files[b]}: replay ${Math.min(...x.replay).toFixed(3)} (${median(x.replay).toFixed(3)}), backward ${Math.min(...x.backward).toFixed(3)} (${median(x.backward).toFixed(3)}); dL/dJ uniform ${x.uniform}`,
  ),
);
