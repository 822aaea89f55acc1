// Long-run firing rate of SparseProp versus the O(N) reference on the QIF
// reference network, with batch-means standard errors.
// usage (from the repository root): pnpm --filter @sparseprop/tool-bench tsx src/qif/rate.ts N K SPIKES BATCHES [eta=0] [seed=1]
import { composeSimulator, createContainer, SpikeTrain } from '@sparseprop/core';
import { registerHeapQueues } from '@sparseprop/queue-heap';
import { registerQif } from '@sparseprop/model-qif';

const [n, k, spikes, batches] = process.argv.slice(2, 6).map(Number);
const eta = Number(process.argv[6] ?? 0), seed = Number(process.argv[7] ?? 1);
const container = registerHeapQueues(registerQif(createContainer()));
for (const reference of [false, true]) {
  const { simulator } = composeSimulator({ model: 'qif', n, k, seed, eta, reference }, container);
  const train = new SpikeTrain(spikes);
  const summary = simulator.run({ maxSpikes: spikes, record: train });
  const per = spikes / batches, rates: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t0 = b === 0 ? 0 : train.times[b * per - 1], t1 = train.times[(b + 1) * per - 1];
    rates.push(per / (t1 - t0) / n);
  }
  const mean = rates.reduce((x, y) => x + y, 0) / batches;
  const sd = Math.sqrt(rates.reduce((x, y) => x + (y - mean) ** 2, 0) / (batches - 1));
  console.log(JSON.stringify({ reference, rateHz: summary.rateHz, batchMean: mean, batchSd: sd, standardError: sd / Math.sqrt(batches), wallSeconds: summary.wallSeconds }));
}
