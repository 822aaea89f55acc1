import { readFileSync } from 'node:fs';
import { composeSimulator, createContainer, SpikeTrain } from '@sparseprop/core';
import { registerHeapQueues } from '@sparseprop/queue-binary';
import { registerQif } from '../src/index.js';
const M = Number(process.argv[2] ?? 10000);
const container = registerHeapQueues(registerQif(createContainer()));
function rd(f: string) { const b = readFileSync(f); const F = b.length / 12; const idx = new Int32Array(b.buffer.slice(b.byteOffset, b.byteOffset + 4 * M)); const t = new Float64Array(b.buffer.slice(b.byteOffset + 4 * F, b.byteOffset + 4 * F + 8 * M)); return { idx, t }; }
const c = rd(process.env.DUMP ?? '/tmp/qifanchor/sp.bin');
const { simulator } = composeSimulator({ model: 'qif', n: 1000, k: 100, seed: 1, rebaseEvery: 1e12, reference: !!process.env.REF }, container);
const tr = new SpikeTrain(M); simulator.run({ maxSpikes: M, record: tr });
let firstDiff = -1;
for (let s = 0; s < M; s++) {
  if (tr.neurons[s] !== c.idx[s]) { console.log('part', s); break; }
  const d = Math.abs(tr.times[s] - c.t[s]);
  if (d > 0 && firstDiff < 0) { firstDiff = s; console.log('first time diff at', s, d); }
  if (s % 100 === 0 || (s > 1700 && s % 10 === 0)) console.log(s, tr.times[s], d.toExponential(2));
}
