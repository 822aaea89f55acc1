import { describe, expect, it } from 'vitest';
import { compileKernel } from '../scripts/compile-kernel.mjs';
import { KERNEL_WASM_BASE64 } from './generated/kernel-wasm.js';

describe('the embedded kernel', () => {
  it('is what assembly/kernel.ts compiles to today (run `pnpm --filter @sparseprop/engine-wasm build:kernel` after editing it)', async () => {
    const fresh = Buffer.from(await compileKernel()).toString('base64');
    expect(fresh === KERNEL_WASM_BASE64, 'src/generated/kernel-wasm.ts is stale').toBe(true);
  });
});
