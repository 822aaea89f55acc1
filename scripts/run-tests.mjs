// Runs the whole vitest suite and closes with the plain line CI reads:
// "N passed, N failed" (vitest's own summary is not read by CI).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const report = '.vitest.json';
rmSync(report, { force: true });
const result = spawnSync('vitest', ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
let passed = 0, failed = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests ?? 0;
  failed = (json.numFailedTests ?? 0) + (json.numFailedTestSuites ?? 0);
} else {
  failed = 1; // vitest did not even report: count the run as a failure
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(result.status ?? 1);
