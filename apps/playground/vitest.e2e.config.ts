import { defineConfig } from 'vitest/config';

// The browser tests (`pnpm test:e2e`): Chromium against the built site. Kept
// out of the default suite (which takes only src/**/*.test.ts).
export default defineConfig({
  ssr: { resolve: { conditions: ['@sparseprop/source'] } },
  test: {
    root: import.meta.dirname,
    include: ['e2e/**/*.e2e.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
