// Runs the vitest suite and closes with the plain line CI reads:
// "N passed, N failed" (vitest's own summary is not read by CI).
//
//   node scripts/run-tests.mjs [vitest args]            the default suite (no *.anchors.test.ts)
//   node scripts/run-tests.mjs --anchors [vitest args]  only the C anchor cross-checks (*.anchors.test.ts)
//
// Every failed test counts once; a test file that failed without any failed
// test (it did not load, or a hook threw) counts as one more failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const anchors = args[0] === '--anchors';
const vitestArgs = anchors ? args.slice(1) : args;
const env = { ...process.env };

if (anchors) {
  // the C anchor is not part of the repository: CI keeps it in ../shared/anchors/c beside the clone
  const dir = resolve(process.env.SPARSEPROP_ANCHOR_DIR ?? join(root, '..', 'shared', 'anchors', 'c'));
  const missing = ['sp.c', 'Makefile'].filter((file) => !existsSync(join(dir, file)));
  if (missing.length > 0) {
    console.error(
      `pnpm test:anchors needs the C anchor sources (sp.c and Makefile) and gcc/make: ${missing.join(', ')} not found in ${dir} ` +
        '(put them in ../shared/anchors/c beside the repository or set SPARSEPROP_ANCHOR_DIR)',
    );
    process.exit(1);
  }
  env.SPARSEPROP_ANCHOR_DIR = dir;
  env.SPARSEPROP_TEST_ANCHORS = '1';
} else {
  delete env.SPARSEPROP_TEST_ANCHORS;
}

const report = join(root, anchors ? '.vitest-anchors.json' : '.vitest.json');
rmSync(report, { force: true });
// the workspace's own vitest (as `pnpm test` would find it), also when run with plain node
const localVitest = join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'vitest.cmd' : 'vitest');
const result = spawnSync(existsSync(localVitest) ? localVitest : 'vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...vitestArgs], {
  cwd: root,
  env,
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
let passed = 0, failed = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  failed = json.numFailedTests ?? 0;
  for (const file of json.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((test) => test.status === 'failed').length;
    if (file.status === 'failed' && failedTests === 0) failed++; // failed to load, or a hook failed
  }
  if (failed === 0 && result.status !== 0) failed = 1; // vitest failed for a reason outside any test
} else {
  if (result.error) console.error(`could not run vitest: ${result.error.message}`);
  failed = 1; // vitest did not even report: count the run as a failure
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(result.status ?? 1);
