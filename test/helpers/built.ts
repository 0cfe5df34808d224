import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A file `npm run build` produces; `npm test` builds before it runs these tests. */
export function builtFile(relative: string): string {
  const file = fileURLToPath(new URL(`../../out/${relative}`, import.meta.url));
  if (!existsSync(file)) throw new Error(`${relative} is not built: run \`npm run build\` first (npm test does)`);
  return file;
}
