import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MinidumpError } from '../main/minidump/binary-reader';
import { readMinidump } from '../main/minidump/read-minidump';
import { stackOnlyMinidump } from '../main/minidump/stack-only';
import { MAX_FRAMES, walkMinidump } from '../main/minidump/stackwalk/walk-minidump';
import { summariseMinidump } from '../main/minidump/summarise';
import { indexSymbolText } from '../main/minidump/symbols/symbol-file';
import type { SymbolIndex } from '../main/minidump/symbols/symbol-index';
import { redactText } from '../main/privacy/redact';

/**
 * Seeded fuzzing of the parsers that take hostile bytes: the minidump reader with its summary,
 * the stack-only rewrite, the stack walker, the symbol file reader and its index, and the
 * redactor. A case passes when the reader answers with a result or a MinidumpError, the rewrite
 * yields a dump the reader reads again (or a MinidumpError), the walker returns at most
 * MAX_FRAMES frames per thread without throwing, a mutated symbol file indexes and answers
 * lookups without throwing, and the redactor returns text no longer than a bounded multiple of
 * its input. Anything else is a failure, reported with the seed and case number that replays it.
 */

export interface FuzzCorpus {
  dumps: { name: string; bytes: Buffer }[];
  texts: string[];
  /** Pieces of real symbol files, a few hundred lines each, to mutate. */
  symbolTexts: string[];
  /** The fixture symbol files, indexed, by debug id: the walker symbolicates mutated dumps with them. */
  symbols: Map<string, SymbolIndex>;
}

export interface FuzzReport {
  seed: number;
  cases: { minidump: number; stackOnly: number; stackWalk: number; symbolFile: number; redaction: number };
  /** Dumps the reader accepted and rejected: both occur when the mutations reach past the signature check. */
  parsed: number;
  rejected: number;
  failures: string[];
  /** The slowest single case, for a hang the counts alone would not show. */
  slowestCaseMs: number;
}

const BOUNDARY_VALUES = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, 0xfffffff0];
/** A replacement (<email>, <secret>) is at most this many times longer than what it replaces. */
const MAX_REDACTION_GROWTH = 8;

/** A small seeded generator (mulberry32), so a failing case can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function randomInt(random: () => number, below: number): number {
  return Math.floor(random() * below);
}

/** One mutation of a real dump: byte flips, hostile 32-bit values in the header and directory, truncation, or a spliced copy. */
export function mutateDump(original: Buffer, random: () => number): Buffer {
  const bytes = Buffer.from(original);
  switch (randomInt(random, 4)) {
    case 0: {
      const flips = 1 + randomInt(random, 16);
      for (let flip = 0; flip < flips; flip++) bytes[randomInt(random, bytes.length)] = randomInt(random, 256);
      return bytes;
    }
    case 1: {
      // Counts, sizes and offsets live in the header, the directory and the first bytes of each stream.
      const streamCount = bytes.readUInt32LE(8);
      const directoryEnd = Math.min(bytes.length - 4, 32 + streamCount * 12);
      const region = random() < 0.5 ? directoryEnd : bytes.length - 4;
      const offset = randomInt(random, Math.max(1, region)) & ~3;
      const value =
        random() < 0.5 ? (BOUNDARY_VALUES[randomInt(random, BOUNDARY_VALUES.length)] ?? 0) : randomInt(random, bytes.length * 2);
      bytes.writeUInt32LE(value >>> 0, offset);
      return bytes;
    }
    case 2:
      return bytes.subarray(0, randomInt(random, bytes.length));
    default: {
      const from = randomInt(random, bytes.length);
      const to = randomInt(random, bytes.length);
      const length = randomInt(random, 512);
      bytes.copy(bytes, to, from, Math.min(bytes.length, from + length));
      return bytes;
    }
  }
}

const TEXT_PIECES = [
  '@',
  '%40',
  ':',
  '::',
  '=',
  '/',
  '\\',
  '.',
  '-',
  ' ',
  '\n',
  'C:\\Users\\',
  '/home/',
  '://',
  'eyJ',
  'é',
  '\u0000',
  '\ud800',
];

/** One mutation of a text: characters replaced, pieces of patterns inserted, spans repeated or cut. */
export function mutateText(original: string, random: () => number): string {
  let text = original;
  const edits = 1 + randomInt(random, 8);
  for (let edit = 0; edit < edits; edit++) {
    const at = randomInt(random, text.length + 1);
    switch (randomInt(random, 4)) {
      case 0:
        text = text.slice(0, at) + String.fromCharCode(randomInt(random, 0x3000)) + text.slice(at + 1);
        break;
      case 1:
        text = text.slice(0, at) + (TEXT_PIECES[randomInt(random, TEXT_PIECES.length)] ?? '') + text.slice(at);
        break;
      case 2: {
        const span = text.slice(at, at + randomInt(random, 64));
        text = text.slice(0, at) + span.repeat(1 + randomInt(random, 32)) + text.slice(at);
        break;
      }
      default:
        text = text.slice(0, at) + text.slice(at + randomInt(random, 64));
    }
  }
  return text;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * Runs rounds (one case of each target per dump and per text) until `rounds` are done or
 * `deadlineMs` from now has passed, whichever comes first.
 */
export function runFuzz(corpus: FuzzCorpus, options: { seed: number; rounds?: number; deadlineMs?: number }): FuzzReport {
  const random = seededRandom(options.seed);
  const report: FuzzReport = {
    seed: options.seed,
    cases: { minidump: 0, stackOnly: 0, stackWalk: 0, symbolFile: 0, redaction: 0 },
    parsed: 0,
    rejected: 0,
    failures: [],
    slowestCaseMs: 0,
  };
  const stopAt = options.deadlineMs === undefined ? Infinity : performance.now() + options.deadlineMs;
  const timed = (run: () => void): void => {
    const started = performance.now();
    run();
    report.slowestCaseMs = Math.max(report.slowestCaseMs, performance.now() - started);
  };
  for (let round = 0; round < (options.rounds ?? Infinity) && performance.now() < stopAt; round++) {
    for (const dump of corpus.dumps) {
      const mutated = mutateDump(dump.bytes, random);
      const label = `${dump.name}, round ${round} (seed ${options.seed})`;
      timed(() => {
        report.cases.minidump++;
        try {
          const dump = readMinidump(mutated);
          summariseMinidump(dump, mutated);
          report.parsed++;
          timed(() => {
            report.cases.stackWalk++;
            try {
              const walked = walkMinidump(dump, mutated, (module) =>
                module.debugId === undefined ? undefined : corpus.symbols.get(module.debugId),
              );
              const longest = Math.max(0, ...walked.threads.map((thread) => thread.frames.length));
              if (longest > MAX_FRAMES) report.failures.push(`walkMinidump on ${label}: ${longest} frames`);
            } catch (error) {
              report.failures.push(`walkMinidump on ${label}: ${describe(error)}`);
            }
          });
        } catch (error) {
          if (error instanceof MinidumpError) report.rejected++;
          else report.failures.push(`readMinidump on ${label}: ${describe(error)}`);
        }
      });
      timed(() => {
        report.cases.stackOnly++;
        try {
          readMinidump(stackOnlyMinidump(mutated));
        } catch (error) {
          if (!(error instanceof MinidumpError)) report.failures.push(`stackOnlyMinidump on ${label}: ${describe(error)}`);
        }
      });
    }
    corpus.symbolTexts.forEach((text, index) => {
      const mutated = mutateText(text, random);
      const addresses = Array.from({ length: 16 }, () => randomInt(random, 0x40000));
      timed(() => {
        report.cases.symbolFile++;
        try {
          lookUpEverything(indexSymbolText(mutated), addresses);
        } catch (error) {
          report.failures.push(`symbol file ${index}, round ${round} (seed ${options.seed}): ${describe(error)}`);
        }
      });
    });
    corpus.texts.forEach((text, index) => {
      const mutated = mutateText(text, random);
      timed(() => {
        report.cases.redaction++;
        try {
          const result = redactText(mutated);
          if (result.text.length > MAX_REDACTION_GROWTH * mutated.length + 16)
            report.failures.push(`redactText on text ${index}, round ${round}: grew from ${mutated.length} to ${result.text.length}`);
        } catch (error) {
          report.failures.push(`redactText on text ${index}, round ${round} (seed ${options.seed}): ${describe(error)}`);
        }
      });
    });
  }
  return report;
}

/** Every kind of lookup at each address, as a walk makes them. */
function lookUpEverything(index: SymbolIndex, addresses: readonly number[]): void {
  for (const address of addresses) {
    const fn = index.functionAt(address);
    if (fn !== undefined) {
      index.lineAt(fn, address);
      for (let depth = 0; depth < 4; depth++) index.inlineAt(fn, depth, address);
    }
    index.nearestPublic(address);
    index.cfiAt(address);
    index.stackWinAt('frame-data', address);
    index.stackWinAt('fpo', address);
  }
}

/** Pieces of `lines` lines taken evenly through a text, at most `count` of them. */
function pieces(text: string, lines: number, count: number): string[] {
  const all = text.split('\n');
  const step = Math.max(lines, Math.floor(all.length / count));
  const result: string[] = [];
  for (let at = 0; at < all.length && result.length < count; at += step) result.push(all.slice(at, at + lines).join('\n'));
  return result;
}

/** The fixture dumps, the stack walk's symbol files, and the redaction corpus's lines, in groups of a few lines each. */
export function loadFuzzCorpus(fixturesDir: string): FuzzCorpus {
  const dumpsDir = path.join(fixturesDir, 'minidumps');
  const dumps = readdirSync(dumpsDir)
    .filter((name) => name.endsWith('.dmp'))
    .sort()
    .map((name) => ({ name, bytes: readFileSync(path.join(dumpsDir, name)) }));
  const lines = ['positive.log', 'negative.log'].flatMap((name) =>
    readFileSync(path.join(fixturesDir, 'redaction', name), 'utf8').split('\n'),
  );
  const texts: string[] = [];
  for (let index = 0; index < lines.length; index += 8) texts.push(lines.slice(index, index + 8).join('\n'));
  const symbolFiles = [
    ['crash-client', '509C0610949836F7B70BD88BCF03E5400', 'crash-client.sym'],
    ['test_app.pdb', '5A9832E5287241C1838ED98914E9B7FF1', 'test_app.sym'],
  ] as const;
  const symbols = new Map<string, SymbolIndex>();
  const symbolTexts: string[] = [];
  for (const [debugFile, debugId, name] of symbolFiles) {
    const text = readFileSync(path.join(fixturesDir, 'stackwalk', 'symbols', debugFile, debugId, name), 'utf8');
    symbols.set(debugId, indexSymbolText(text));
    symbolTexts.push(...pieces(text, 300, 6));
  }
  return { dumps, texts, symbolTexts, symbols };
}
