import { stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { buildSymbolIndex } from '../main/symbols/build-symbol-index';

/**
 * Indexes one symbol file in a process of its own, so the peak memory reported (the process's
 * maximum resident set) is the indexing's alone. Prints one line of JSON for `npm run bench`.
 */
const [symbolFile, indexFile] = process.argv.slice(2);
if (symbolFile === undefined || indexFile === undefined) {
  process.stderr.write('usage: bench-symbol-index <file.sym> <index file>\n');
  process.exit(2);
}
const started = performance.now();
await buildSymbolIndex(symbolFile, indexFile);
const indexMs = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({ indexMs, maxRssBytes: process.resourceUsage().maxRSS * 1024, indexBytes: (await stat(indexFile)).size })}\n`,
);
