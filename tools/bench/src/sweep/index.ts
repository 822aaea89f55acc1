/**
 * `pnpm bench`: cost per spike of the composed engine against the C
 * anchor, the hand-inlined loop and the O(N) methods, swept over N.
 * @packageDocumentation
 */
export { benchCommand, BENCH_EXIT } from './bench-command.js';
export { parseBenchOptions, BENCH_USAGE, BenchUsageError, type BenchOptions, type BenchClock } from './bench-options.js';
export { runBenchmark, type BenchmarkEvents, type BenchmarkEnvironment } from './run-benchmark.js';
export type { BenchReport, ConfigurationResult, SizeResult, SeriesName, HashCheck } from './bench-results.js';
export { formatReport } from './bench-table.js';
export { renderPlotSvg, writePlot } from './bench-plot.js';
export { prepareInlinedNetwork, type InlinedNetwork, type InlinedKeys } from './inlined-network.js';
export { runInlinedPhaseLoop } from './inlined-baseline.js';
export { runInlinedExpLoop } from './inlined-exp-baseline.js';
