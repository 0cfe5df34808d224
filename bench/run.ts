import { benchDialog } from './dialog';
import { benchDiagnostics } from './diagnostics';
import { benchMinidump } from './minidump';
import { benchRedaction } from './redaction';
import { benchServer } from './server';
import { benchStackwalk } from './stackwalk';

/** `npm run bench [-- name …]`: runs the named benchmarks, or all of them; prints figures only. */
const benches: Record<string, () => Promise<void>> = {
  diagnostics: benchDiagnostics,
  dialog: benchDialog,
  minidump: benchMinidump,
  redaction: benchRedaction,
  server: benchServer,
  stackwalk: benchStackwalk,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in benches));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(benches).join(', ')}\n`);
  process.exit(2);
}
for (const name of wanted.length > 0 ? wanted : Object.keys(benches)) {
  await benches[name]?.();
  process.stdout.write('\n');
}
