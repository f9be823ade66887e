import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The web application lives in src/web and is built to dist/web, which the Redline server serves at /.
// Kept apart from vitest.config.ts so that Vitest still finds the server tests.
export default defineConfig({
  root: fileURLToPath(new URL('./src/web', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
    // On a first `npm start` the build shares the CPU with the database start-up, and Rolldown would warn
    // that plugins were slow: they were waiting for the CPU, not slow.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
