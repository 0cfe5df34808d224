import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatTable } from '../main/cli/format';
import { readMinidump } from '../main/minidump/read-minidump';
import { stackOnlyMinidump } from '../main/minidump/stack-only';
import { summariseMinidump } from '../main/minidump/summarise';
import { formatMs, median } from './stats';

const ROUNDS = 30;
const DUMPS = fileURLToPath(new URL('../../../shared/fixtures/minidumps/', import.meta.url));

/** Read + summary (with the personal-data scan of raw memory) of every fixture dump, median of repeated runs. */
export function benchMinidump(): Promise<void> {
  const rows = [['dump', 'size', 'median parse + summary', 'max', 'stack-only size']];
  let slowest = { name: '', ms: 0 };
  for (const name of readdirSync(DUMPS).filter((file) => file.endsWith('.dmp'))) {
    const bytes = readFileSync(path.join(DUMPS, name));
    const times: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const started = performance.now();
      summariseMinidump(readMinidump(bytes), bytes);
      times.push(performance.now() - started);
    }
    const typical = median(times);
    if (typical > slowest.ms) slowest = { name, ms: typical };
    const reduced = stackOnlyMinidump(bytes).length;
    rows.push([
      name,
      `${bytes.length} B`,
      formatMs(typical),
      formatMs(Math.max(...times)),
      `${reduced} B (${((100 * reduced) / bytes.length).toFixed(1)} %)`,
    ]);
  }
  process.stdout.write(
    `Minidump reader: ${ROUNDS} runs per dump\n${formatTable(rows)}\nslowest: ${slowest.name} at ${formatMs(slowest.ms)} (median)\n`,
  );
  return Promise.resolve();
}
