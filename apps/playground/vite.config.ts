import { defaultClientConditions, defineConfig } from 'vite';

// The workspace packages are consumed from their TypeScript sources (the
// `@sparseprop/source` export condition), as the tests and the CLI do, so the
// page needs no `pnpm build` of the libraries first.
export default defineConfig({
  base: './', // relative asset URLs: the built site works from any folder of any static host
  resolve: { conditions: ['@sparseprop/source', ...defaultClientConditions] },
  worker: { format: 'es' },
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});
