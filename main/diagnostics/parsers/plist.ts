/** A value in an XML property list. */
export type PlistValue = string | number | boolean | Date | PlistValue[] | PlistDict;
// An interface, because a type alias cannot refer to itself through Record.
export interface PlistDict {
  [key: string]: PlistValue;
}

const TOKEN = /<(\/?)([a-zA-Z]+)(?:\s+[^>]*?)?(\s*\/)?>|([^<]+)/g;

/**
 * Parses an XML property list (Info.plist, `plutil -convert xml1` output). Binary plists
 * (`bplist00…`) are converted by the caller first.
 */
export function parsePlistXml(xml: string): PlistValue {
  const body = xml
    .replace(/<\?xml[^>]*\?>/, '')
    .replace(/<!DOCTYPE[^>]*>/, '')
    .replace(/<!--[\s\S]*?-->/g, '');
  const tokens: ({ tag: string; closing: boolean; selfClosing: boolean } | { text: string })[] = [];
  for (const match of body.matchAll(TOKEN)) {
    if (match[2] !== undefined) tokens.push({ tag: match[2], closing: match[1] === '/', selfClosing: match[3] !== undefined });
    else if (match[4] !== undefined && match[4].trim() !== '') tokens.push({ text: match[4] });
  }
  let position = 0;

  function next(): (typeof tokens)[number] {
    const token = tokens[position++];
    if (token === undefined) throw new Error('property list ends early');
    return token;
  }

  function readText(tag: string): string {
    const token = next();
    if ('text' in token) {
      expectClose(tag);
      return decodeEntities(token.text);
    }
    if (token.closing && token.tag === tag) return '';
    throw new Error(`expected text in <${tag}>`);
  }

  function expectClose(tag: string): void {
    const token = next();
    if ('text' in token || !token.closing || token.tag !== tag) throw new Error(`expected </${tag}>`);
  }

  function readValue(): PlistValue {
    const token = next();
    if ('text' in token || token.closing) throw new Error('expected a value');
    switch (token.tag) {
      case 'plist':
        return readPlist();
      case 'dict':
        return token.selfClosing ? {} : readDict();
      case 'array':
        return token.selfClosing ? [] : readArray();
      case 'string':
      case 'data':
        return token.selfClosing ? '' : readText(token.tag);
      case 'integer':
      case 'real':
        return Number(readText(token.tag));
      case 'date':
        return new Date(readText(token.tag));
      case 'true':
      case 'false':
        if (!token.selfClosing) expectClose(token.tag);
        return token.tag === 'true';
      default:
        throw new Error(`unknown property list element <${token.tag}>`);
    }
  }

  function readPlist(): PlistValue {
    const value = readValue();
    expectClose('plist');
    return value;
  }

  function readDict(): PlistDict {
    const dict: PlistDict = {};
    for (;;) {
      const token = next();
      if (!('text' in token) && token.closing && token.tag === 'dict') return dict;
      if ('text' in token || token.tag !== 'key') throw new Error('expected <key> in <dict>');
      const key = token.selfClosing ? '' : readText('key');
      Object.defineProperty(dict, key, { value: readValue(), enumerable: true, writable: true, configurable: true });
    }
  }

  function readArray(): PlistValue[] {
    const array: PlistValue[] = [];
    for (;;) {
      const token = tokens[position];
      if (token !== undefined && !('text' in token) && token.closing && token.tag === 'array') {
        position++;
        return array;
      }
      array.push(readValue());
    }
  }

  return readValue();
}

function decodeEntities(text: string): string {
  return text
    .replace(/&#x([0-9a-f]+);/gi, (_m, hex: string) => String.fromCodePoint(Number.parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_m, decimal: string) => String.fromCodePoint(Number.parseInt(decimal, 10)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

export function isPlistDict(value: PlistValue | undefined): value is PlistDict {
  return typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}
