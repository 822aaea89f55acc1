import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temporary directory for one test file; `cleanup` removes it. */
export function tempDir(prefix: string): { path: string; files: () => string[]; cleanup: () => void } {
  const path = mkdtempSync(join(tmpdir(), `sparseprop-cli-${prefix}-`));
  return { path, files: () => readdirSync(path).sort(), cleanup: () => rmSync(path, { recursive: true, force: true }) };
}
