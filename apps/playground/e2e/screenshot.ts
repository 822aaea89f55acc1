/**
 * The README's screenshot: the built page running the reference network
 * (N = 1e5) for a few seconds, paused. Build first (`pnpm playground` or
 * `npx vite build` in apps/playground), then from the repository root:
 *
 *   node_modules/.bin/tsx --conditions=@sparseprop/source apps/playground/e2e/screenshot.ts docs/playground.png
 */
import { resolve } from 'node:path';
import { openPlayground, startHarness, waitForStatus } from './support.js';

const out = resolve(process.argv[2] ?? 'playground.png');
const seconds = Number(process.argv[3] ?? 5);
const harness = await startHarness();
try {
  const { page, errors } = await openPlayground(harness);
  await page.selectOption('#preset', 'reference');
  await page.click('#start');
  await page.waitForTimeout(seconds * 1000);
  await page.click('#pause');
  await waitForStatus(page, 'paused');
  await page.waitForTimeout(300); // one more frame at the paused time
  await page.screenshot({ path: out });
  if (errors.length > 0) throw new Error(`console errors: ${errors.join('; ')}`);
  console.log(`wrote ${out}`);
} finally {
  await harness.close();
}
