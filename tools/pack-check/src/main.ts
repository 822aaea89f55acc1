/**
 * `pnpm test:pack`: does the published shape work for someone outside the
 * workspace?
 *
 * 1. `pnpm build`, then `pnpm pack` for every public package (packages/*
 *    without `"private": true`).
 * 2. Each tarball's contents: README.md and LICENSE present; no source maps,
 *    no tests or test helpers, no `src/`; no `workspace:` version and no
 *    export condition pointing into `src/` in its package.json; every file
 *    its `exports` and `bin` name is in the tarball.
 * 3. A plain npm project in a fresh temporary directory (outside the
 *    workspace): `npm install` of all tarballs (third-party dependencies come
 *    from the registry), `import()` of every export subpath of every package
 *    with node, `--help` of every installed bin.
 * 4. The README's library example (the first ```ts block of "## As a
 *    library"), type-checked there with `module`/`moduleResolution: nodenext`
 *    by the workspace's tsc, then run with node.
 *
 * Prints one line per check and closes with "N passed, N failed"; exit code 1
 * when any check failed. `--keep` keeps the temporary directory.
 */
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { readmeLibraryExample } from './readme-example.js';

const root = resolve(import.meta.dirname, '..', '..', '..');
const keep = process.argv.includes('--keep');
let passed = 0;
let failed = 0;

/** Record one check; on failure print why (the tail of a command's output). */
function check(name: string, ok: boolean, detail = ''): boolean {
  if (ok) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}${detail ? `\n${indent(detail)}` : ''}`);
  }
  return ok;
}

function indent(text: string): string {
  const lines = text.trim().split('\n');
  return lines.slice(-40).map((line) => `     ${line}`).join('\n');
}

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CI: 'true' } });
}

function output(result: SpawnSyncReturns<string>): string {
  return `${result.error ? `${result.error.message}\n` : ''}${result.stdout ?? ''}${result.stderr ?? ''}`;
}

/** pnpm as the root script was started with (pnpm sets npm_execpath), else the README's pinned npx form. */
function pnpmCommand(): [string, string[]] {
  const execPath = process.env.npm_execpath;
  if (execPath && /pnpm/.test(basename(execPath))) {
    return /\.[cm]?js$/.test(execPath) ? [process.execPath, [execPath]] : [execPath, []];
  }
  return ['npx', ['--yes', 'pnpm@12.21.0']];
}

interface PublicPackage {
  name: string;
  dir: string;
  hasBin: boolean;
}

function publicPackages(): PublicPackage[] {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(packagesDir, entry.name, 'package.json')))
    .map((entry) => {
      const dir = join(packagesDir, entry.name);
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string; private?: boolean; bin?: unknown };
      return { name: manifest.name, dir, hasBin: manifest.bin !== undefined, private: manifest.private === true };
    })
    .filter((pkg) => !pkg.private)
    .map(({ name, dir, hasBin }) => ({ name, dir, hasBin }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** What is wrong with a tarball's file list and packed package.json (empty: nothing). */
function tarballProblems(tarball: string): string[] {
  const list = run('tar', ['-tzf', tarball], root);
  if (list.status !== 0) return [`tar -tzf failed: ${output(list)}`];
  const files = list.stdout.split('\n').filter(Boolean).map((file) => file.replace(/^package\//, ''));
  const problems: string[] = [];
  for (const required of ['package.json', 'README.md', 'LICENSE']) {
    if (!files.includes(required)) problems.push(`${required} missing`);
  }
  const maps = files.filter((file) => file.endsWith('.map'));
  if (maps.length > 0) problems.push(`source maps shipped: ${maps.slice(0, 3).join(', ')}${maps.length > 3 ? ', ...' : ''}`);
  const tests = files.filter((file) => /\.test(-support)?\.|__tests__\//.test(file));
  if (tests.length > 0) problems.push(`tests shipped: ${tests.slice(0, 3).join(', ')}${tests.length > 3 ? ', ...' : ''}`);
  if (files.some((file) => file.startsWith('src/'))) problems.push('src/ shipped');
  const manifest = run('tar', ['-xzOf', tarball, 'package/package.json'], root);
  if (manifest.status !== 0) return [...problems, 'package.json unreadable'];
  if (manifest.stdout.includes('workspace:')) problems.push('package.json keeps a workspace: version');
  if (/"\.\/src\//.test(manifest.stdout)) problems.push('package.json points into ./src/ (unshipped)');
  const packed = JSON.parse(manifest.stdout) as PackedManifest;
  for (const target of exportTargets(packed)) {
    if (!files.includes(target.replace(/^\.\//, ''))) problems.push(`exports names ${target}, which is not in the tarball (not built?)`);
  }
  return problems;
}

interface PackedManifest {
  exports?: string | Record<string, string | Record<string, string>>;
  bin?: string | Record<string, string>;
}

/** Export subpaths of a packed package.json ("." first). */
function exportSubpaths(manifest: PackedManifest): string[] {
  if (manifest.exports === undefined || typeof manifest.exports === 'string') return ['.'];
  return Object.keys(manifest.exports).filter((key) => key.startsWith('.'));
}

/** Every file a packed package.json promises: export targets and bins. */
function exportTargets(manifest: PackedManifest): string[] {
  const targets: string[] = [];
  const add = (value: unknown): void => {
    if (typeof value === 'string') targets.push(value);
    else if (value !== null && typeof value === 'object') for (const inner of Object.values(value)) add(inner);
  };
  add(manifest.exports);
  add(manifest.bin);
  return targets;
}

function main(): void {
  const [pnpm, pnpmArgs] = pnpmCommand();

  // 1. build and pack
  const build = run(pnpm, [...pnpmArgs, 'build'], root);
  if (!check('pnpm build', build.status === 0, output(build))) return;

  const work = mkdtempSync(join(tmpdir(), 'sparseprop-pack-check-'));
  try {
    const tarballs = join(work, 'tarballs');
    mkdirSync(tarballs);
    const packages = publicPackages();
    for (const pkg of packages) {
      const before = new Set(readdirSync(tarballs));
      const pack = run(pnpm, [...pnpmArgs, 'pack', '--pack-destination', tarballs], pkg.dir);
      const made = readdirSync(tarballs).filter((file) => file.endsWith('.tgz') && !before.has(file));
      if (!check(`pnpm pack ${pkg.name}`, pack.status === 0 && made.length === 1, output(pack))) continue;
      const problems = tarballProblems(join(tarballs, made[0]));
      check(`contents of ${made[0]}`, problems.length === 0, problems.join('\n'));
    }

    // 2. a plain npm project outside the workspace
    const consumer = join(work, 'consumer');
    mkdirSync(consumer);
    writeFileSync(join(consumer, 'package.json'), `${JSON.stringify({ name: 'pack-check-consumer', private: true, type: 'module' }, null, 2)}\n`);
    const tgz = readdirSync(tarballs).filter((file) => file.endsWith('.tgz')).map((file) => join(tarballs, file));
    const install = run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tgz], consumer);
    if (!check(`npm install of ${tgz.length} tarballs in ${consumer}`, install.status === 0, output(install))) return;

    for (const pkg of packages) {
      const installed = JSON.parse(readFileSync(join(consumer, 'node_modules', pkg.name, 'package.json'), 'utf8')) as PackedManifest;
      for (const subpath of exportSubpaths(installed)) {
        const specifier = subpath === '.' ? pkg.name : `${pkg.name}/${subpath.replace(/^\.\//, '')}`;
        const load = run(process.execPath, ['--input-type=module', '-e', `await import(${JSON.stringify(specifier)});`], consumer);
        check(`node: import('${specifier}')`, load.status === 0, output(load));
      }
    }
    for (const pkg of packages.filter((p) => p.hasBin)) {
      const manifest = JSON.parse(readFileSync(join(pkg.dir, 'package.json'), 'utf8')) as { bin: string | Record<string, string> };
      for (const bin of typeof manifest.bin === 'string' ? [basename(pkg.name)] : Object.keys(manifest.bin)) {
        const help = run(join(consumer, 'node_modules', '.bin', bin), ['--help'], consumer);
        check(`installed bin: ${bin} --help`, help.status === 0 && help.stdout.trim().length > 0, output(help));
      }
    }

    // 3. the README's library example: type-checked (nodenext) and run
    const example = readmeLibraryExample(readFileSync(join(root, 'README.md'), 'utf8'));
    writeFileSync(join(consumer, 'example.ts'), example);
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      `${JSON.stringify(
        {
          compilerOptions: {
            target: 'ES2022',
            module: 'nodenext',
            moduleResolution: 'nodenext',
            strict: true,
            skipLibCheck: false,
            // console and node: globals from the workspace's @types/node (the consumer installs only our tarballs)
            typeRoots: [join(root, 'node_modules', '@types')],
            types: ['node'],
            outDir: 'out',
          },
          files: ['example.ts'],
        },
        null,
        2,
      )}\n`,
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const typecheck = run(process.execPath, [tsc, '-p', 'tsconfig.json'], consumer);
    if (check('README library example type-checks (tsc, moduleResolution nodenext)', typecheck.status === 0, output(typecheck))) {
      const example = run(process.execPath, [join('out', 'example.js')], consumer);
      check('README library example runs with node', example.status === 0 && example.stdout.trim().length > 0, output(example));
    }
  } finally {
    if (keep) console.log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  check('pack check ran to the end', false, error instanceof Error ? (error.stack ?? error.message) : String(error));
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
