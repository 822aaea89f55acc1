#!/usr/bin/env node
import { processIo } from './cli-io.js';
import { removePendingOutputs } from './io/output-file.js';
import { main } from './main.js';

// Ctrl-C / kill during a run: delete the temporary output (the previous --out file is kept, it is only
// ever replaced by a rename), then die of the same signal as an unhandled one would (exit status 128 + n).
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    removePendingOutputs();
    process.kill(process.pid, signal);
  });
}

// `sparseprop models | head -1` closes stdout early: that is not an error
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2), processIo());
