/**
 * NOT PUBLIC API. The raw kernel, for the repository's measurement tools
 * (`tools/bench` drives it directly as the "no engine wrapper" baseline).
 * This entry point exists only in the workspace (`@sparseprop/engine-wasm/internal`
 * is not in the published package's exports) and may change without notice.
 * @internal
 * @packageDocumentation
 */
export { instantiateKernel, type KernelExports, STOP_SPIKES, STOP_TIME, STOP_RUNAWAY } from './kernel-instance.js';
