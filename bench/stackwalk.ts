import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { formatBytes, formatTable } from '../main/cli/format';
import { readMinidump } from '../main/minidump/read-minidump';
import { walkMinidump } from '../main/minidump/stackwalk/walk-minidump';
import { SymbolStore } from '../main/symbols/symbol-store';
import { formatMs, median } from './stats';

const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));
const SYMBOLS = path.join(FIXTURES, 'stackwalk', 'symbols');
const CRASH_CLIENT = path.join(SYMBOLS, 'crash-client', '509C0610949836F7B70BD88BCF03E5400', 'crash-client.sym');
const PIPELINE_DUMP = path.join(FIXTURES, 'minidumps', 'rust-minidump_pipeline-inlines-macos-segv.dmp');
/** The size of Electron's own symbol files, the scale the index must handle. */
const GENERATED_BYTES = 320 * 1024 * 1024;
const WALK_ROUNDS = 50;

/**
 * A symbol file of at least `bytes` in crash-client.sym's format: its FUNC blocks (with their
 * line and INLINE records) and its CFI, copied again and again at ever higher addresses.
 */
async function generateSymbolFile(file: string, bytes: number): Promise<void> {
  const lines = readFileSync(CRASH_CLIENT, 'utf8').split('\n');
  const header = lines.filter((line) => /^(MODULE|INFO|FILE|INLINE_ORIGIN) /.test(line));
  const body = lines.filter((line) => line !== '' && !/^(MODULE|INFO|FILE|INLINE_ORIGIN) /.test(line));
  const out = createWriteStream(file);
  const write = async (text: string): Promise<void> => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`${header.join('\n')}\n`);
  let written = 0;
  const shiftHex = (hex: string, shift: number): string => (parseInt(hex, 16) + shift).toString(16);
  for (let copy = 0; written < bytes; copy++) {
    const shift = copy * 0x100_0000;
    const shifted = body.map((line) => {
      const parts = line.split(' ');
      if (parts[0] === 'FUNC') {
        const at = parts[1] === 'm' ? 2 : 1;
        parts[at] = shiftHex(parts[at] ?? '0', shift);
      } else if (parts[0] === 'PUBLIC') {
        const at = parts[1] === 'm' ? 2 : 1;
        parts[at] = shiftHex(parts[at] ?? '0', shift);
      } else if (parts[0] === 'STACK' && parts[2] === 'INIT') {
        parts[3] = shiftHex(parts[3] ?? '0', shift);
      } else if (parts[0] === 'STACK') {
        parts[2] = shiftHex(parts[2] ?? '0', shift);
      } else if (parts[0] === 'INLINE') {
        for (let index = 5; index < parts.length; index += 2) parts[index] = shiftHex(parts[index] ?? '0', shift);
      } else {
        parts[0] = shiftHex(parts[0] ?? '0', shift);
      }
      return parts.join(' ');
    });
    const chunk = `${shifted.join('\n')}\n`;
    await write(chunk);
    written += chunk.length;
  }
  out.end();
  await once(out, 'finish');
}

interface IndexFigures {
  indexMs: number;
  maxRssBytes: number;
  indexBytes: number;
}

function indexInChild(symbolFile: string, indexFile: string): IndexFigures {
  const child = fileURLToPath(new URL('./bench-symbol-index.js', import.meta.url));
  const output = execFileSync(process.execPath, [child, symbolFile, indexFile], { encoding: 'utf8', maxBuffer: 1024 * 1024 });
  return JSON.parse(output) as IndexFigures;
}

/** Indexing (time, peak memory), then walking every thread of the pipeline dump from an index on disk. */
export async function benchStackwalk(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'candor-bench-stackwalk-'));
  try {
    const generated = path.join(work, 'generated.sym');
    await generateSymbolFile(generated, GENERATED_BYTES);
    const rows = [['symbol file', 'size', 'index time', 'peak memory (max RSS)', 'index size']];
    for (const [name, file] of [
      ['crash-client.sym', CRASH_CLIENT],
      ['generated (crash-client.sym repeated)', generated],
    ] as const) {
      const figures = indexInChild(file, path.join(work, `${path.basename(file)}.cidx`));
      rows.push([
        name,
        formatBytes(statSync(file).size),
        formatMs(figures.indexMs),
        formatBytes(figures.maxRssBytes),
        formatBytes(figures.indexBytes),
      ]);
    }
    process.stdout.write(`Symbol index: each file read as a stream in a process of its own\n${formatTable(rows)}\n\n`);

    const bytes = readFileSync(PIPELINE_DUMP);
    const dump = readMinidump(bytes);
    const store = new SymbolStore([SYMBOLS], path.join(work, 'index'));
    const firstLookup = await store.lookupFor(dump.modules);
    walkMinidump(dump, bytes, firstLookup); // the index is built here, outside the timed rounds
    const times: number[] = [];
    let frames = 0;
    for (let round = 0; round < WALK_ROUNDS; round++) {
      const started = performance.now();
      const reopened = new SymbolStore([SYMBOLS], path.join(work, 'index'));
      const walked = walkMinidump(dump, bytes, await reopened.lookupFor(dump.modules));
      times.push(performance.now() - started);
      frames = walked.threads.reduce((total, thread) => total + thread.frames.length, 0);
      reopened.close();
    }
    store.close();
    process.stdout.write(
      `Stack walk of ${path.basename(PIPELINE_DUMP)} (${dump.threads.length} threads, ${frames} frames) from its index on disk, opened afresh each time:\n` +
        `  median ${formatMs(median(times))} per dump, max ${formatMs(Math.max(...times))} over ${WALK_ROUNDS} rounds\n`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
