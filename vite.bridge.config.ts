import { resolve } from 'node:path';
import { defineConfig } from 'vite';

/** The browser client that provides `window.candor` over the HTTP bridge (preview only). */
export default defineConfig({
  build: {
    outDir: 'out/bridge',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    lib: {
      entry: resolve('preload/http-bridge.ts'),
      formats: ['iife'],
      name: 'candorBridge',
      fileName: () => 'candor-bridge.js',
    },
  },
});
