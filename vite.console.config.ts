import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The review console, served by candor-server at `/` from out/console. */
export default defineConfig({
  root: 'server/console',
  base: '/',
  plugins: [react()],
  build: {
    outDir: resolve('out/console'),
    emptyOutDir: true,
    target: 'es2022',
  },
});
