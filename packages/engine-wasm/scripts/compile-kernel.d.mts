/** Compile assembly/kernel.ts with the package's AssemblyScript flags; resolves to the wasm bytes. */
export function compileKernel(): Promise<Uint8Array>;
