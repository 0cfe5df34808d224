import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/** The plain-Node programs: the `candor` command line, its diagnostics collector and the preview bridge. */
export default defineConfig({
  ssr: { noExternal: true },
  build: {
    outDir: 'out/node',
    emptyOutDir: true,
    target: 'node20',
    ssr: true,
    sourcemap: false,
    rolldownOptions: {
      input: {
        candor: resolve('main/cli/candor.ts'),
        collector: resolve('main/diagnostics/collector-process.ts'),
        preview: resolve('main/bridge/preview-cli.ts'),
        bench: resolve('bench/run.ts'),
        'bench-server-load': resolve('bench/server-load.ts'),
        'bench-symbol-index': resolve('bench/symbol-index-child.ts'),
        fuzz: resolve('bench/fuzz-cli.ts'),
        demo: resolve('main/demo/demo-cli.ts'),
        'candor-server': resolve('server/cli.ts'),
        // The report server's stack walks run in a worker thread from this file.
        'stack-walk': resolve('server/symbols/stack-walk-thread.ts'),
      },
      // Dependencies are bundled: a collector process that starts in a hurry after a crash
      // should not resolve and parse hundreds of files from node_modules. The native SQLite
      // module cannot be bundled.
      // Playwright drives Chromium for the dialog benchmark and is loaded from node_modules as it is.
      external: (id) => nodeBuiltins.has(id) || id === 'better-sqlite3' || id === '@playwright/test',
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        banner: (chunk) => (chunk.name === 'candor' || chunk.name === 'candor-server' ? '#!/usr/bin/env node' : ''),
      },
    },
  },
});
