import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SymbolFileReader } from '../../../main/minidump/symbols/symbol-file';
import { MemoryIndexSink, RECORD_BYTES, Section, SymbolIndex, bytesSource } from '../../../main/minidump/symbols/symbol-index';
import { buildSymbolIndex, sortSectionOnDisk } from '../../../main/symbols/build-symbol-index';
import { FileByteSource } from '../../../main/symbols/symbol-store';
import { fixturePath } from '../../helpers/fixtures';

const work = mkdtempSync(path.join(tmpdir(), 'candor-build-index-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function inMemory(text: string): Uint8Array {
  const sink = new MemoryIndexSink();
  const reader = new SymbolFileReader(sink);
  reader.push(text);
  return sink.finish(reader.end());
}

describe('building a symbol index on disk in two passes', () => {
  it('writes, byte for byte, the index the in-memory build makes', async () => {
    const symbolFile = fixturePath('stackwalk', 'symbols', 'crash-client', '509C0610949836F7B70BD88BCF03E5400', 'crash-client.sym');
    const indexFile = path.join(work, 'crash-client.cidx');
    const layout = await buildSymbolIndex(symbolFile, indexFile);
    // Its CFI comes in the order of the binary's unwind tables, not by address: sorted on disk.
    expect(layout.unsorted).toEqual([Section.CfiInits]);
    // Compared as buffers: an element-by-element comparison of megabytes is slow.
    expect(readFileSync(indexFile).equals(Buffer.from(inMemory(readFileSync(symbolFile, 'utf8'))))).toBe(true);
    const source = new FileByteSource(indexFile);
    try {
      expect(new SymbolIndex(source).functionAt(0x14cd4)?.name).toBe('sadness_generator::raise_segfault');
    } finally {
      source.close();
    }
  });

  it('sorts sections that came out of order, on disk, to the same index', async () => {
    const lines = ['MODULE Linux x86_64 0123 app'];
    for (let index = 200; index > 0; index--) {
      lines.push(
        `FILE ${index} file${index}.c`,
        `FUNC ${(index * 0x10).toString(16)} 10 0 f${index}`,
        `${(index * 0x10).toString(16)} 10 ${index} ${index}`,
      );
      lines.push(
        `PUBLIC ${(index * 0x10 + 0x8000).toString(16)} 0 p${index}`,
        `STACK CFI INIT ${(index * 0x10).toString(16)} 10 .cfa: $rsp 8 + .ra: .cfa -8 + ^`,
      );
    }
    const text = `${lines.join('\n')}\n`;
    const symbolFile = path.join(work, 'unsorted.sym');
    writeFileSync(symbolFile, text);
    const indexFile = path.join(work, 'unsorted.cidx');
    const layout = await buildSymbolIndex(symbolFile, indexFile);
    expect(layout.unsorted).toEqual(expect.arrayContaining([Section.Functions, Section.Publics, Section.CfiInits, Section.Files]));
    const bytes = new Uint8Array(readFileSync(indexFile));
    expect(Buffer.from(bytes).equals(Buffer.from(inMemory(text)))).toBe(true);
    const index = new SymbolIndex(bytesSource(bytes));
    const fn = index.functionAt(0x105);
    expect(fn?.name).toBe('f16');
    expect(fn === undefined ? undefined : index.lineAt(fn, 0x105)).toMatchObject({ line: 16, file: 'file16.c' });
  });

  it('merges sorted runs stably when a section is larger than one run', () => {
    const size = RECORD_BYTES[Section.Publics];
    const count = 1000;
    const records = new Uint8Array(count * size);
    const view = new DataView(records.buffer);
    for (let index = 0; index < count; index++) {
      view.setFloat64(index * size, (index * 7919) % 100, true); // many equal keys, out of order
      view.setUint32(index * size + 12, index, true); // the original position, to check stability
    }
    const file = path.join(work, 'runs.bin');
    const descriptor = openSync(file, 'w+');
    try {
      writeSync(descriptor, new Uint8Array(10)); // the section starts after other bytes
      writeSync(descriptor, records, 0, records.length, 10);
      sortSectionOnDisk(descriptor, Section.Publics, 10, count, `${file}.scratch`, 37 * size);
    } finally {
      closeSync(descriptor);
    }
    const sorted = new DataView(readFileSync(file).buffer, 10);
    const keys = Array.from(
      { length: count },
      (_, index) => [sorted.getFloat64(index * size, true), sorted.getUint32(index * size + 12, true)] as const,
    );
    const expected = Array.from({ length: count }, (_, index) => [(index * 7919) % 100, index] as const).sort((a, b) => a[0] - b[0]);
    expect(keys).toEqual(expected);
  });
});
