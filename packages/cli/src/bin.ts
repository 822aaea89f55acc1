#!/usr/bin/env node
import { processIo } from './cli-io.js';
import { main } from './main.js';

// `sparseprop models | head -1` closes stdout early: that is not an error
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2), processIo());
