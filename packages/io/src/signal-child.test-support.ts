// Child process of atomic-output.test.ts: opens one writer of each format in
// the directory given as argument, writes spikes, says "ready" and waits to be killed.
import { openSpikeWriter } from './registry.js';

const dir = process.argv[2];
const writers = await Promise.all(['out.npz', 'out.h5', 'out.csv'].map((path) => openSpikeWriter({ path, cwd: dir }, { neurons: 10 })));
for (let i = 0; i < 100_000; i++) for (const w of writers) w.write(i, i % 10);
process.stdout.write('ready\n');
setInterval(() => {}, 1000);
