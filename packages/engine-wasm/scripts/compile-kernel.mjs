// The one place the kernel's compiler flags live (used by build-kernel.mjs and the staleness test).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import asc from 'assemblyscript/asc';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Compile assembly/kernel.ts; resolves to the wasm bytes. */
export async function compileKernel() {
  let binary;
  const { error, stderr } = await asc.main(
    ['assembly/kernel.ts', '--outFile', 'kernel.wasm', '-O3', '--runtime', 'stub', '--noAssert', '--use', 'abort=', '--initialMemory', '1', '--maximumMemory', '65536', '--baseDir', root],
    {
      writeFile(name, contents) {
        if (name.endsWith('.wasm')) binary = contents;
      },
    },
  );
  if (error) throw new Error(`asc failed: ${error.message}\n${stderr.toString()}`);
  return binary;
}
