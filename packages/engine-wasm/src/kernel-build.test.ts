import { describe, expect, it } from 'vitest';
import { compileExpKeyGradients, compileKernel } from '../scripts/compile-kernel.mjs';
import { EXP_KEY_GRADIENTS_WASM_BASE64 } from './generated/exp-key-gradients-wasm.js';
import { KERNEL_WASM_BASE64 } from './generated/kernel-wasm.js';

describe('the embedded WebAssembly modules', () => {
  it('the kernel is what assembly/kernel.ts compiles to today (run `pnpm --filter @sparseprop/engine-wasm build:kernel` after editing it)', async () => {
    const fresh = Buffer.from(await compileKernel()).toString('base64');
    expect(fresh === KERNEL_WASM_BASE64, 'src/generated/kernel-wasm.ts is stale').toBe(true);
  });

  it('the gradients module is what assembly/exp-key-gradients.ts compiles to today (same command)', async () => {
    const fresh = Buffer.from(await compileExpKeyGradients()).toString('base64');
    expect(fresh === EXP_KEY_GRADIENTS_WASM_BASE64, 'src/generated/exp-key-gradients-wasm.ts is stale').toBe(true);
  });
});
