/**
 * SparseProp's exponential-key engine as a WebAssembly kernel.
 * @packageDocumentation
 */
export { WasmExpSpaceSimulator, wasmUnsupportedReason, BATCH_SPIKES } from './wasm-exp-space-simulator.js';
export { wasmEngine, registerWasmEngine } from './plugin.js';
