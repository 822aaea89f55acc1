// TypeDoc plugin: name each entry-point module after its package
// ("@sparseprop/core" rather than the path "core/src"), read from the
// package.json of packages/<folder>; a second entry point of a package
// (packages/core/src/plugin.ts) becomes "@sparseprop/core/plugin". Loaded by typedoc.json ("plugin").
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Converter, ReflectionKind } from 'typedoc';

const packagesDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'packages');

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.getChildrenByKind(ReflectionKind.Module)) {
      // "core/src" (src/index.ts) -> "@sparseprop/core"; "core/src/plugin" -> "@sparseprop/core/plugin"
      const match = /^([^/]+)\/src(?:\/(.+))?$/.exec(module.name);
      if (match === null) continue;
      const manifest = join(packagesDir, match[1], 'package.json');
      if (!existsSync(manifest)) continue;
      const name = JSON.parse(readFileSync(manifest, 'utf8')).name;
      module.name = match[2] === undefined || match[2] === 'index' ? name : `${name}/${match[2]}`;
    }
  });
}
