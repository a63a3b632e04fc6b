import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const target = 'http://localhost:3000';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // Compile the shared contract from source, so the client build does not depend on shared/dist.
    alias: [
      { find: '@samla/shared', replacement: fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)) },
      // zod, made jitless before any schema is built (see the module).
      { find: /^zod$/, replacement: fileURLToPath(new URL('./src/zodJitless.ts', import.meta.url)) },
    ],
  },
  server: {
    proxy: {
      '/api': { target },
      '/socket.io': { target, ws: true },
      '/yjs': { target, ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The group page (Tiptap + Yjs) is one lazy chunk of ~570 kB raw, ~180 kB gzipped; it is never on the first screen.
    chunkSizeWarningLimit: 700,
    rolldownOptions: {
      treeshake: {
        // Treating shared modules as side-effect free lets the bundler drop what the client does not
        // use. The route definitions (shared/src/routes) do bring zod and the schemas they name into
        // the first screen, since the client calls every route by its definition (~30 kB gzipped).
        moduleSideEffects: (id: string) => !id.includes('/shared/src/'),
      },
    },
  },
});
