import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { MAX_FRAMES, walkThread } from '../../../../main/minidump/stackwalk/walk-minidump';
import { MemoryIndexSink } from '../../../../main/minidump/symbols/symbol-index';
import { SymbolFileReader } from '../../../../main/minidump/symbols/symbol-file';
import { ModuleMap } from '../../../../main/minidump/stackwalk/module-map';
import type { StackMemory } from '../../../../main/minidump/stackwalk/stack-memory';
import { SyntheticStack } from '../../../helpers/synthetic-stack';

/**
 * The symbol reader and the walker on hostile input of size n and 4n in one run: a linear one
 * takes about 4 times as long, a quadratic one 16. Only the ratio is asserted (each time the
 * fastest of several rounds), never a time; the walker's frame count is asserted exactly.
 */
const MAX_RATIO = 9;
const ROUNDS = 5;

function fastestMs(run: () => void): number {
  let best = Infinity;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    run();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

function indexIn(text: string, chunkChars: number): void {
  const sink = new MemoryIndexSink();
  const reader = new SymbolFileReader(sink);
  for (let at = 0; at < text.length; at += chunkChars) reader.push(text.slice(at, at + chunkChars));
  sink.finish(reader.end());
}

/** Hostile symbol text: records that open and close state, malformed lines, long inline and rule lines, no newlines for long stretches. */
const HOSTILE_SYMBOLS: Record<string, (n: number) => string> = {
  'FUNC records each with lines and inlines in reverse order': (n) =>
    Array.from(
      { length: n / 40 },
      (_, index) =>
        `FUNC ${(n - index).toString(16)} 10 0 f\n${(n - index).toString(16)} 1 1 0\nINLINE 0 1 0 0 ${(n - index).toString(16)} 1\n`,
    ).join(''),
  'one INLINE line with ever more ranges': (n) => `FUNC 0 ffffffff 0 f\nINLINE 0 1 0 0${' 1 1'.repeat(n / 4)}\n`,
  'STACK CFI rows under one INIT, out of order': (n) =>
    `STACK CFI INIT 0 ffffffff .cfa: $rsp 8 + .ra: .cfa -8 + ^\n${Array.from({ length: n / 30 }, (_, index) => `STACK CFI ${(n - index).toString(16)} .cfa: $rsp 16 +\n`).join('')}`,
  'malformed lines': (n) => 'FUNC zz\nSTACK WIN 4\n:::: :\n'.repeat(n / 24),
  'one line with no newline, fed in tiny pieces': (n) => 'x'.repeat(n),
};

describe('work bounded by input size', () => {
  const N = 400_000;

  it.each(Object.entries(HOSTILE_SYMBOLS))('the symbol reader: %s', (_name, make) => {
    const small = make(N);
    const large = make(4 * N);
    const chunk = _name.includes('tiny') ? 97 : 65_536;
    const ratio = fastestMs(() => indexIn(large, chunk)) / fastestMs(() => indexIn(small, chunk));
    expect(ratio).toBeLessThan(MAX_RATIO);
  });

  /** Walks on a stack that counts its reads: the walker's work. */
  function countedWalk(
    stack: SyntheticStack,
    architecture: 'amd64' | 'x86',
    registers: Record<string, bigint>,
  ): { frames: number; reads: number } {
    const memory = stack.memory();
    let reads = 0;
    const counting = Object.create(memory) as StackMemory;
    counting.read = (address, widthBytes) => {
      reads++;
      return memory.read(address, widthBytes);
    };
    const frames = walkThread(
      { architecture, registers: new Map(Object.entries(registers)) },
      counting,
      new ModuleMap([
        { base: 0x4000_0000n, sizeBytes: 0x10000, path: 'module1' },
        { base: 0x5000_0000n, sizeBytes: 0x100000, path: 'module2' },
      ]),
      () => undefined,
      false,
    );
    return { frames: frames.length, reads };
  }

  /** A stack whose every word looks like a return address into a module without symbols: one scanned frame per word. */
  function scanEveryWord(words: number): { frames: number; reads: number } {
    const stack = new SyntheticStack(0x8000_0000n);
    for (let word = 0; word < words; word++) stack.d64(0x5000_0100n + BigInt(word));
    return countedWalk(stack, 'amd64', { rip: 0x4000_0200n, rsp: stack.start });
  }

  it('the walker: one frame per scanned word, at most MAX_FRAMES, a few reads per frame', () => {
    const small = scanEveryWord(200);
    const large = scanEveryWord(800);
    expect(small.frames).toBe(201);
    expect(large.frames).toBe(801);
    expect(large.reads).toBeLessThanOrEqual(4 * small.reads + 8);
    expect(scanEveryWord(4 * MAX_FRAMES).frames).toBe(MAX_FRAMES);
  });

  it('the walker: a stack of words that are never return addresses is read a bounded distance, whatever its size', () => {
    const garbage = (words: number): { frames: number; reads: number } => {
      const stack = new SyntheticStack(0x8000_0000n).repeat(0x41, words * 4);
      return countedWalk(stack, 'x86', { eip: 0x4000_0200n, esp: stack.start, ebp: 0n });
    };
    const small = garbage(1_000);
    const large = garbage(400_000);
    expect(small.frames).toBe(1);
    expect(large.reads).toBe(small.reads);
    expect(large.reads).toBeLessThanOrEqual(160 + 4);
  });
});
