/**
 * SparseProp's exponential-key engine as a WebAssembly kernel.
 * @packageDocumentation
 */
export { WasmExpSpaceSimulator, wasmUnsupportedReason, BATCH_SPIKES } from './wasm-exp-space-simulator.js';
export { wasmEngine, registerWasmEngine } from './plugin.js';
// the kernel itself, for benchmarks that drive it without the Simulator wrapper (see packages/cli/src/bench)
export { instantiateKernel, type KernelExports, STOP_SPIKES, STOP_TIME, STOP_RUNAWAY } from './kernel-instance.js';
