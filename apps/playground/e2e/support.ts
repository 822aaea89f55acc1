/**
 * End-to-end helpers: serve the built site (`dist/`) with Vite's preview
 * server on 127.0.0.1, and drive Debian's Chromium (never a downloaded
 * browser) through playwright-core.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { preview, type PreviewServer } from 'vite';

export const APP_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = resolve(APP_DIR, '..', '..');
export const CHROMIUM = process.env.SPARSEPROP_CHROMIUM ?? '/usr/bin/chromium';

/** The flags the browser runs with: headless, no sandbox (root in CI), nothing phoning home. */
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface Harness {
  readonly url: string;
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/** Serve `dist/` and launch Chromium with a fresh profile. */
export async function startHarness(): Promise<Harness> {
  const server: PreviewServer = await preview({
    root: APP_DIR,
    configFile: join(APP_DIR, 'vite.config.ts'),
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (url === undefined) throw new Error('vite preview did not report a URL');
  const profile = mkdtempSync(join(tmpdir(), 'sparseprop-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1400, height: 900 },
    acceptDownloads: true,
  });
  return {
    url,
    context,
    async close() {
      await context.close();
      await server.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A page on the site, collecting console errors and uncaught exceptions. */
export async function openPlayground(harness: Harness): Promise<{ page: Page; errors: string[] }> {
  const page = await harness.context.newPage();
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  await page.goto(harness.url);
  await page.waitForSelector('#status[data-status="idle"]', { timeout: 20_000 });
  return { page, errors };
}

/** Fill the form: every number field not named is emptied (the library default). */
export async function setFields(page: Page, fields: Record<string, string>, choices: Record<string, string> = {}): Promise<void> {
  for (const key of ['n', 'k', 'j0', 'rate', 'tau', 'eta', 'iext', 'seed', 'spikes', 'duration']) {
    await page.fill(`#f-${key}`, fields[key] ?? '');
  }
  for (const [id, value] of Object.entries(choices)) await page.selectOption(`#${id}`, value);
}

export interface PageState {
  status: string;
  counters?: { simSeconds: number; spikes: number; meanRateHz: number; usPerSpike: number; recorded: number; neurons: number };
  engine: string;
  rows: number;
  neurons: number;
  drawnPoints: number;
}

export function pageState(page: Page): Promise<PageState> {
  return page.evaluate(() => (window as unknown as { __playground: { state(): PageState } }).__playground.state());
}

export function pageDigest(page: Page): Promise<{ spikes: number; digest: string }> {
  return page.evaluate(() => (window as unknown as { __playground: { digest(): Promise<{ spikes: number; digest: string }> } }).__playground.digest());
}

export async function waitForStatus(page: Page, status: string, timeout = 60_000): Promise<void> {
  await page.waitForSelector(`#status[data-status="${status}"]`, { timeout });
}

export function temporaryDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'sparseprop-e2e-'));
}
