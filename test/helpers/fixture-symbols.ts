import { readFileSync } from 'node:fs';
import type { MinidumpModule } from '../../main/minidump/read-minidump';
import { indexSymbolText } from '../../main/minidump/symbols/symbol-file';
import type { SymbolIndex } from '../../main/minidump/symbols/symbol-index';
import { symbolFileCandidates } from '../../main/symbols/symbol-store';
import { fixturePath } from './fixtures';

/** The fixture symbol store (`stackwalk/symbols`), indexed in memory once per file, as a walker's symbol lookup. */
export function fixtureSymbols(): (module: MinidumpModule) => SymbolIndex | undefined {
  const cache = new Map<string, SymbolIndex | undefined>();
  return (module) => {
    for (const candidate of symbolFileCandidates(module)) {
      const file = fixturePath('stackwalk', 'symbols', candidate);
      if (!cache.has(file)) {
        let index: SymbolIndex | undefined;
        try {
          index = indexSymbolText(readFileSync(file, 'utf8'));
        } catch {
          index = undefined;
        }
        cache.set(file, index);
      }
      const found = cache.get(file);
      if (found !== undefined) return found;
    }
    return undefined;
  };
}
