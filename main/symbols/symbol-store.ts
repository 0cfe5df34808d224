import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, fstatSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { MinidumpModule } from '../minidump/read-minidump';
import { SymbolIndex, SymbolIndexError, type ByteSource } from '../minidump/symbols/symbol-index';
import { buildSymbolIndex } from './build-symbol-index';

/**
 * Breakpad symbol files laid out as Breakpad's and Mozilla's symbol stores lay them out,
 * `<debug file>/<debug id>/<debug file without .pdb>.sym`, found also by code file and code id.
 * Each file is read once, as a stream, into a compact index kept in `indexDir` and reused while
 * the symbol file is unchanged; lookups read the index in place, a few pages at a time.
 */

/** Index pages kept in memory per open index: lookups touch a handful of pages each. */
const PAGE_BYTES = 64 * 1024;
const MAX_CACHED_PAGES = 32;

/** A file read in place through a small page cache; the walker's lookups are synchronous. */
export class FileByteSource implements ByteSource {
  readonly size: number;
  private readonly descriptor: number;
  private readonly pages = new Map<number, Uint8Array>();

  constructor(file: string) {
    this.descriptor = openSync(file, 'r');
    this.size = fstatSync(this.descriptor).size;
  }

  read(offset: number, length: number): Uint8Array {
    if (offset < 0 || length < 0 || offset + length > this.size) {
      throw new SymbolIndexError(`symbol index: read of ${length} bytes at ${offset} lies outside its ${this.size} bytes`);
    }
    const first = Math.floor(offset / PAGE_BYTES);
    const last = Math.floor((offset + Math.max(length, 1) - 1) / PAGE_BYTES);
    if (first === last) {
      const page = this.page(first);
      return page.subarray(offset - first * PAGE_BYTES, offset - first * PAGE_BYTES + length);
    }
    // A long string can span pages: read it directly.
    const bytes = new Uint8Array(length);
    readSync(this.descriptor, bytes, 0, length, offset);
    return bytes;
  }

  private page(number: number): Uint8Array {
    const cached = this.pages.get(number);
    if (cached !== undefined) {
      this.pages.delete(number);
      this.pages.set(number, cached);
      return cached;
    }
    const start = number * PAGE_BYTES;
    const page = new Uint8Array(Math.min(PAGE_BYTES, this.size - start));
    readSync(this.descriptor, page, 0, page.length, start);
    this.pages.set(number, page);
    if (this.pages.size > MAX_CACHED_PAGES) {
      const oldest = this.pages.keys().next();
      if (oldest.done !== true) this.pages.delete(oldest.value);
    }
    return page;
  }

  close(): void {
    closeSync(this.descriptor);
  }
}

/** The name a Breakpad store gives a module's symbol file: `foo.pdb` → `foo.sym`, `libfoo.so` → `libfoo.so.sym`. */
export function symbolFileName(debugFile: string): string {
  return debugFile.toLowerCase().endsWith('.pdb') ? `${debugFile.slice(0, -4)}.sym` : `${debugFile}.sym`;
}

/** A path segment from a name a dump supplies: its last component, and nothing that climbs out of the store. */
function safeSegment(name: string): string | undefined {
  const base = name.split(/[\\/]/).pop() ?? '';
  return base === '' || base === '.' || base === '..' || base.includes('\0') ? undefined : base;
}

/** Where a module's symbol file may be in a store, most specific first. */
export function symbolFileCandidates(module: Pick<MinidumpModule, 'debugFile' | 'debugId' | 'codeId' | 'path'>): string[] {
  const candidates: string[] = [];
  const debugFile = module.debugFile === undefined ? undefined : safeSegment(module.debugFile);
  const debugId = module.debugId === undefined ? undefined : safeSegment(module.debugId);
  if (debugFile !== undefined && debugId !== undefined) candidates.push(path.join(debugFile, debugId, symbolFileName(debugFile)));
  const codeFile = safeSegment(module.path);
  const codeId = module.codeId === undefined ? undefined : safeSegment(module.codeId);
  if (codeFile !== undefined && codeId !== undefined) {
    if (debugFile !== undefined) candidates.push(path.join(codeFile, codeId, symbolFileName(debugFile)));
    candidates.push(path.join(codeFile, codeId, symbolFileName(codeFile)));
  }
  return candidates;
}

export interface IndexedSymbols {
  index: SymbolIndex;
  symbolFile: string;
  /** Whether this call read the symbol file (false when an index on disk was reused). */
  built: boolean;
}

export class SymbolStore {
  private readonly opened = new Map<string, IndexedSymbols | undefined>();
  private readonly sources: FileByteSource[] = [];

  /** `roots`: store folders, searched in order; `indexDir`: where indexes are kept. */
  constructor(
    private readonly roots: readonly string[],
    private readonly indexDir: string,
  ) {}

  /** The symbol file for a module in the first root that has one. */
  async findSymbolFile(module: MinidumpModule): Promise<string | undefined> {
    for (const root of this.roots) {
      for (const candidate of symbolFileCandidates(module)) {
        const file = path.join(root, candidate);
        const info = await stat(file).catch(() => undefined);
        if (info?.isFile() === true) return file;
      }
    }
    return undefined;
  }

  /** Opens (building if needed) the index of a module's symbols; undefined when the store has none. */
  async load(module: MinidumpModule): Promise<IndexedSymbols | undefined> {
    const key = `${module.debugFile ?? ''}/${module.debugId ?? ''}/${module.path}/${module.codeId ?? ''}`;
    if (this.opened.has(key)) return this.opened.get(key);
    const symbolFile = await this.findSymbolFile(module);
    let indexed: IndexedSymbols | undefined;
    if (symbolFile !== undefined) indexed = await this.open(symbolFile);
    this.opened.set(key, indexed);
    return indexed;
  }

  /** Loads every module's symbols, then answers the walker's synchronous lookups. */
  async lookupFor(modules: readonly MinidumpModule[]): Promise<(module: MinidumpModule) => SymbolIndex | undefined> {
    const loaded = new Map<MinidumpModule, SymbolIndex>();
    for (const module of modules) {
      const indexed = await this.load(module);
      if (indexed !== undefined) loaded.set(module, indexed.index);
    }
    return (module) => loaded.get(module);
  }

  private async open(symbolFile: string): Promise<IndexedSymbols> {
    const info = await stat(symbolFile);
    const identity = createHash('sha256')
      .update(`${path.resolve(symbolFile)}\0${info.size}\0${info.mtimeMs}`)
      .digest('hex')
      .slice(0, 32);
    const indexFile = path.join(this.indexDir, `${identity}.cidx`);
    let built = false;
    const reuse = await stat(indexFile).catch(() => undefined);
    if (reuse === undefined) {
      await buildSymbolIndex(symbolFile, indexFile);
      built = true;
    }
    try {
      return { index: this.openIndex(indexFile), symbolFile, built };
    } catch (error) {
      if (!(error instanceof SymbolIndexError) || built) throw error;
      // An index from another version of Candor, or damaged: build it again.
      await buildSymbolIndex(symbolFile, indexFile);
      return { index: this.openIndex(indexFile), symbolFile, built: true };
    }
  }

  private openIndex(indexFile: string): SymbolIndex {
    const source = new FileByteSource(indexFile);
    try {
      const index = new SymbolIndex(source);
      this.sources.push(source);
      return index;
    } catch (error) {
      source.close();
      throw error;
    }
  }

  /** Closes the index files this store opened. */
  close(): void {
    for (const source of this.sources.splice(0)) source.close();
    this.opened.clear();
  }
}
