// Compare our default QIF engine with a dump of the C anchor
// (`sp qif N K SPIKES dumpfile`, or `naive ...`): where the spike indices
// part, and the largest spike-time difference before that.
// usage (from the repository root): pnpm --filter @sparseprop/tool-bench tsx src/qif/versus-anchor.ts DUMPFILE N K [rebaseEvery]
import { readFileSync } from 'node:fs';
import { composeSimulator, createContainer, SpikeTrain } from '@sparseprop/core';
import { registerHeapQueues } from '@sparseprop/queue-heap';
import { registerQif } from '@sparseprop/model-qif';

const file = process.argv[2];
const [n, k] = process.argv.slice(3, 5).map(Number);
const rebaseEvery = process.argv[5] ? Number(process.argv[5]) : undefined;
const bytes = readFileSync(file);
const spikes = bytes.length / 12;
const anchorNeurons = new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + 4 * spikes));
const anchorTimes = new Float64Array(bytes.buffer.slice(bytes.byteOffset + 4 * spikes, bytes.byteOffset + 12 * spikes));
const container = registerHeapQueues(registerQif(createContainer()));
const { simulator } = composeSimulator({ model: 'qif', n, k, seed: 1, rebaseEvery }, container);
const train = new SpikeTrain(spikes);
simulator.run({ maxSpikes: spikes, record: train });
let parting = spikes, firstTimeDifference = -1, hash = 0, sumidx = 0;
for (let s = 0; s < spikes; s++) {
  if (train.neurons[s] !== anchorNeurons[s]) { parting = s; break; }
  if (firstTimeDifference < 0 && train.times[s] !== anchorTimes[s]) firstTimeDifference = s;
}
const worstBefore = (m: number) => { let e = 0; for (let s = 0; s < Math.min(m, parting); s++) e = Math.max(e, Math.abs(train.times[s] - anchorTimes[s])); return e; };
for (let s = 0; s < spikes; s++) { hash = (Math.imul(hash, 31) + train.neurons[s]) >>> 0; sumidx += train.neurons[s]; }
console.log(JSON.stringify({ spikes, parting, firstTimeDifference, worstDtFirst1000: worstBefore(1000), worstDtBeforeParting: worstBefore(spikes), hash, sumidx }));
