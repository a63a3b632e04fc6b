import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** Builds the temporary board harness (see main.tsx) as a stand-alone client dist. */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
  resolve: { alias: { '@samla/shared': fileURLToPath(new URL('../../../../../shared/src/index.ts', import.meta.url)) } },
  build: { emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  logLevel: 'warn',
});
