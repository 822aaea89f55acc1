/**
 * `pnpm bench` (from the repository root): the engine sweep against the C
 * anchor, the hand-inlined baselines and the O(N) methods. `pnpm bench --help`
 * lists the flags; BENCHMARKS.md explains the table.
 */
import { benchCommand } from './sweep/bench-command.js';

process.exitCode = await benchCommand(process.argv.slice(2));
