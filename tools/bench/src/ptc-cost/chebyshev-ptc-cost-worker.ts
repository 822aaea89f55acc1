/**
 * One process, one model (so the ptc call site stays monomorphic): time
 * `ptc(phi, J)` over realistic network phases and print JSON.
 * Usage: chebyshev-ptc-cost-worker.ts <case>
 */
import { CASES, type CaseName, J, modelOf, networkPhases } from './chebyshev-cases.js';

const name = process.argv[2] as CaseName;
if (!CASES.includes(name)) throw new Error(`case must be one of ${CASES.join(', ')}, got ${name}`);
const model = modelOf(name);
const phases = networkPhases(name);
const count = phases.length;
let sink = 0;
const pass = () => {
  for (let k = 0; k < count; k++) sink += model.ptc(phases[k], J, 0);
};
for (let w = 0; w < 100; w++) pass(); // warm up: optimised code, caches
const rounds: number[] = [];
for (let r = 0; r < 25; r++) {
  const passes = 20;
  const start = process.hrtime.bigint();
  for (let p = 0; p < passes; p++) pass();
  rounds.push(Number(process.hrtime.bigint() - start) / (passes * count));
}
rounds.sort((a, b) => a - b);
console.log(JSON.stringify({ name, minNs: rounds[0], medianNs: rounds[rounds.length >> 1], sink: Number.isFinite(sink) }));
