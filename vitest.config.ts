import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { configDefaults, defineConfig } from 'vitest/config';

// one inline project per workspace package (glob projects would not inherit this config),
// found relative to this file so any working directory works
const here = import.meta.dirname;
// cross-checks against the C anchor (`*.anchors.test.ts`) run only under `pnpm test:anchors`,
// which sets SPARSEPROP_TEST_ANCHORS=1; the default suite needs nothing outside the repository
const anchorsOnly = process.env.SPARSEPROP_TEST_ANCHORS === '1';
const include = anchorsOnly ? ['src/**/*.anchors.test.ts'] : ['src/**/*.test.ts'];
const exclude = anchorsOnly ? configDefaults.exclude : [...configDefaults.exclude, '**/*.anchors.test.ts'];
const roots = ['packages', 'apps', 'tools', 'examples'].filter((root) => existsSync(join(here, root)));
const projects = roots.flatMap((root) =>
  readdirSync(join(here, root), { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(here, root, d.name, 'src')))
    .map((d) => ({
      extends: true as const,
      test: { name: `${root}/${d.name}`, root: join(here, root, d.name), include, exclude },
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
