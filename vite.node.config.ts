import { builtinModules } from 'node:module';
import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import packageJson from './package.json' with { type: 'json' };

const external = [
  ...builtinModules,
  ...builtinModules.map((name) => `node:${name}`),
  ...Object.keys(packageJson.dependencies),
];

/** The plain-Node programs: the `candor` command line, its diagnostics collector and the preview bridge. */
export default defineConfig({
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
      },
      external: (id) => external.some((name) => id === name || id.startsWith(`${name}/`)),
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        banner: (chunk) => (chunk.name === 'candor' ? '#!/usr/bin/env node' : ''),
      },
    },
  },
});
