/**
 * Stand-alone entry of `sparseprop bench` (same as `sparseprop bench ...`):
 *   tsx --tsconfig tsconfig.base.json --conditions=@sparseprop/source packages/cli/src/bench/run-bench.ts [options]
 */
import { benchCommand } from './bench-command.js';

process.exitCode = await benchCommand(process.argv.slice(2));
