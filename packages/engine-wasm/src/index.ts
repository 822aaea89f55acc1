/**
 * SparseProp's exponential-key engine as a WebAssembly kernel.
 * @packageDocumentation
 */
export { WasmExpKeySimulator, wasmUnsupportedReason, BATCH_SPIKES, defaultKernelQueue, kernelResidentBytes, type KernelQueue, type KernelTape, type TapeCapacity, type TapeGradients } from './wasm-exp-key-simulator.js';
export { wasmEngine, registerWasmEngine } from './plugin.js';
