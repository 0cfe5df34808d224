const NAMED: Readonly<Record<string, string>> = { '\0': '\\0', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Control characters, and invisible ones (zero-width, line and paragraph separators, the byte-order mark). */
function isUnprintable(code: number): boolean {
  return (
    code < 0x20 ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x200b && code <= 0x200f) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0xfeff
  );
}

/**
 * A string taken from a crash dump, made readable: NULs and other control characters (which a
 * font draws as boxes or not at all) are written as escapes, `\0`, `\n`, `\x07`, `\u200b`.
 */
export function printable(text: string): string {
  let out = '';
  for (const character of text) {
    const code = character.charCodeAt(0);
    if (!isUnprintable(code)) out += character;
    else
      out += NAMED[character] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  }
  return out;
}
