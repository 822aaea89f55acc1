// The one place the WebAssembly modules' compiler flags live (used by
// build-kernel.mjs and the staleness test).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** The modules: AssemblyScript entry, output name, generated TypeScript file and its base64 constant. */
export const MODULES = [
  { entry: 'assembly/kernel.ts', outFile: 'kernel.wasm', generated: 'kernel-wasm.ts', constant: 'KERNEL_WASM_BASE64', what: 'The compiled kernel' },
  {
    entry: 'assembly/exp-key-gradients.ts',
    outFile: 'exp-key-gradients.wasm',
    generated: 'exp-key-gradients-wasm.ts',
    constant: 'EXP_KEY_GRADIENTS_WASM_BASE64',
    what: 'The compiled exponential-key replay and backward sweep',
  },
];

/** Compile one AssemblyScript entry (a path under the package) with the package's flags; resolves to the wasm bytes. */
export async function compileModule(entry, outFile) {
  let binary;
  const { error, stderr } = await asc.main(
    [entry, '--outFile', outFile, '-O3', '--runtime', 'stub', '--noAssert', '--use', 'abort=', '--initialMemory', '1', '--maximumMemory', '65536', '--baseDir', root],
    {
      writeFile(name, contents) {
        if (name.endsWith('.wasm')) binary = contents;
      },
    },
  );
  if (error) throw new Error(`asc failed: ${error.message}\n${stderr.toString()}`);
  return binary;
}

/** Compile assembly/kernel.ts; resolves to the wasm bytes. */
export function compileKernel() {
  return compileModule('assembly/kernel.ts', 'kernel.wasm');
}

/** Compile assembly/exp-key-gradients.ts; resolves to the wasm bytes. */
export function compileExpKeyGradients() {
  return compileModule('assembly/exp-key-gradients.ts', 'exp-key-gradients.wasm');
}
