// `pnpm test:e2e`: build the site, then run the browser tests (e2e/*.e2e.test.ts)
// against it in Debian's Chromium, closing with the line CI reads: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const app = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const root = resolve(app, '..', '..');
const chromium = process.env.SPARSEPROP_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(`pnpm test:e2e needs Chromium at ${chromium}: run scripts/ensure-chromium.sh (apt-get install chromium)`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
try {
  // 'error': @sparseprop/io's file writers (node:fs) are reported as externalized, then dropped by tree-shaking
  await build({ root: app, configFile: join(app, 'vite.config.ts'), logLevel: 'error' });
} catch (error) {
  console.error(`the site did not build: ${error instanceof Error ? error.message : error}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const report = join(app, 'e2e-output', 'vitest.json');
rmSync(report, { force: true });
const vitest = join(root, 'node_modules', '.bin', 'vitest');
const result = spawnSync(vitest, ['run', '--config', join(app, 'vitest.e2e.config.ts'), '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], {
  cwd: app,
  stdio: 'inherit',
});
let passed = 0, failed = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  failed = json.numFailedTests ?? 0;
  for (const file of json.testResults ?? []) {
    const failedTests = (file.assertionResults ?? []).filter((test) => test.status === 'failed').length;
    if (file.status === 'failed' && failedTests === 0) failed++; // the file did not load, or a hook failed
  }
  if (failed === 0 && result.status !== 0) failed = 1;
} else {
  failed = 1;
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(result.status ?? 1);
