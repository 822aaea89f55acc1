/**
 * One benchmark measurement in this process: ns per spike of one queue on the
 * LIF reference network (wall and CPU time). Run by queue-bench.ts, one process per queue, so the
 * engine's queue call sites see a single class and stay monomorphic.
 *
 * Arguments: queue name, N, K, warm-up spikes, measured spikes, engine
 * (`exp`: phase frame with exponential keys, the default; `phase`: phase keys;
 * `time`: time frame), and optionally the model (`lif`, the default, or
 * `qif`). Prints one JSON line.
 */
import { composeSimulator, createContainer, type QueuePlugin, registerPlugins, type SimulationConfig, SpikeTrain } from '@sparseprop/core';
import { registerLif } from '@sparseprop/model-lif';
import { registerQif } from '@sparseprop/model-qif';
import { registerCalendarQueue } from '@sparseprop/queue-calendar';
import { registerHeapQueues } from '@sparseprop/queue-heap';
import { IndexedPairingHeap, registerPairingQueue } from '@sparseprop/queue-pairing';

const pairingMultipass: QueuePlugin = {
  kind: 'queue',
  name: 'pairing-multipass',
  description: 'pairing heap, multipass pairing',
  create: (n) => new IndexedPairingHeap(n, 'multipass'),
};

const [queue, nText, kText, warmText, spikesText, engine, model = 'lif'] = process.argv.slice(2);
const n = Number(nText), k = Number(kText), warmup = Number(warmText), spikes = Number(spikesText);
const engineConfig: Record<string, Partial<SimulationConfig>> = {
  exp: { frame: 'phase' },
  phase: { frame: 'phase', expKeys: false },
  time: { frame: 'time' },
};
const container = registerPlugins(registerCalendarQueue(registerPairingQueue(registerHeapQueues(registerQif(registerLif(createContainer()))))), pairingMultipass);
const { simulator } = composeSimulator({ model, n, k, seed: 1, queue, ...engineConfig[engine] }, container);

simulator.run({ maxSpikes: warmup });
const train = new SpikeTrain(spikes);
const cpuStart = process.cpuUsage();
const start = process.hrtime.bigint();
simulator.run({ maxSpikes: spikes, record: train });
const ns = Number(process.hrtime.bigint() - start);
// CPU time too: on a loaded machine it is far steadier than wall time
const cpu = process.cpuUsage(cpuStart);
const cpuNs = (cpu.user + cpu.system) * 1000;
// a checksum of the measured train shows every queue simulated the same spikes
let checksum = 0;
for (const j of train.neurons) checksum = (checksum * 31 + j) % 1_000_000_007;
console.log(JSON.stringify({ queue, model, n, k, engine, spikes: train.length, nsPerSpike: ns / train.length, cpuNsPerSpike: cpuNs / train.length, checksum }));
