/** One WebAssembly module of the package: entry, output name, generated file and constant. */
export interface WasmModuleSpec {
  readonly entry: string;
  readonly outFile: string;
  readonly generated: string;
  readonly constant: string;
  readonly what: string;
}
/** The package's WebAssembly modules. */
export const MODULES: readonly WasmModuleSpec[];
/** Compile one AssemblyScript entry with the package's flags; resolves to the wasm bytes. */
export function compileModule(entry: string, outFile: string): Promise<Uint8Array>;
/** Compile assembly/kernel.ts with the package's AssemblyScript flags; resolves to the wasm bytes. */
export function compileKernel(): Promise<Uint8Array>;
/** Compile assembly/exp-key-gradients.ts with the same flags; resolves to the wasm bytes. */
export function compileExpKeyGradients(): Promise<Uint8Array>;
