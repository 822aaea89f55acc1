import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// one inline project per workspace package (glob projects would not inherit this config),
// found relative to this file so any working directory works
const here = import.meta.dirname;
const roots = ['packages', 'apps', 'tools', 'examples'].filter((root) => existsSync(join(here, root)));
const projects = roots.flatMap((root) =>
  readdirSync(join(here, root), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(here, root, d.name, 'src')))
    .map((d) => ({
      extends: true as const,
      test: { name: `${root}/${d.name}`, root: join(here, root, d.name), include: ['src/**/*.test.ts'] },
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
