import { builtinModules } from 'node:module';
import path from 'node:path';
import { build } from 'vite';

const nodeBuiltins = new Set([...builtinModules, ...builtinModules.map((name) => `node:${name}`)]);

/**
 * Bundles a TypeScript entry into one Node script in `outDir`, so tests can run Candor's real
 * modules in a child process of their own (to crash it, kill it, or watch it exit).
 */
export async function buildNodeScript(entry: string, outDir: string): Promise<string> {
  const name = path.basename(entry).replace(/\.ts$/, '');
  await build({
    configFile: false,
    logLevel: 'silent',
    ssr: { noExternal: true },
    build: {
      outDir,
      emptyOutDir: false,
      ssr: true,
      target: 'node20',
      rolldownOptions: {
        input: { [name]: entry },
        external: (id) => nodeBuiltins.has(id),
        output: { format: 'es', entryFileNames: '[name].mjs' },
      },
    },
  });
  return path.join(outDir, `${name}.mjs`);
}
