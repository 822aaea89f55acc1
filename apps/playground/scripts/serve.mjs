// `pnpm playground`: build the static site into apps/playground/dist and serve it
// on http://127.0.0.1:4173 (vite preview; PORT=... to change). Any static host
// serves dist/ as it is.
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, preview } from 'vite';

const app = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const configFile = join(app, 'vite.config.ts');
// 'error': @sparseprop/io's file writers (node:fs) are reported as externalized, then dropped by tree-shaking
await build({ root: app, configFile, logLevel: 'error' });
const server = await preview({ root: app, configFile, preview: { host: '127.0.0.1', port: Number(process.env.PORT ?? 4173), open: false } });
console.log(`SparseProp playground (built into ${join(app, 'dist')}):`);
server.printUrls();
