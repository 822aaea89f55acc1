import { readdirSync, existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

// one inline project per workspace package (glob projects would not inherit this config)
const roots = ['packages', 'examples'];
const projects = roots.flatMap((root) =>
  readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(`${root}/${d.name}/src`))
    .map((d) => ({
      extends: true as const,
      test: { name: `${root}/${d.name}`, root: `${root}/${d.name}`, include: ['src/**/*.test.ts'] },
    })),
);

export default defineConfig({
  ssr: { resolve: { conditions: ['@sparseprop/source'] } },
  test: {
    projects,
    testTimeout: 60_000,
    pool: 'forks',
  },
});
