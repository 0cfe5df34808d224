/** Beyond this depth lines are not indented further, so deep nesting cannot blow up the text. */
const MAX_INDENT_LEVELS = 32;
const INDENT = '  ';

/**
 * JSON text laid out one member a line, in one pass over its characters and with no recursion:
 * any report the server accepted can be shown, however deeply it nests (JSON.stringify would
 * overflow the stack). Strings are copied as they are. Text that is not JSON is laid out as far
 * as it goes; nothing is thrown.
 */
export function indentJson(text: string): string {
  const out: string[] = [];
  let depth = 0;
  let index = 0;
  const newline = (): void => {
    out.push('\n', INDENT.repeat(Math.min(Math.max(depth, 0), MAX_INDENT_LEVELS)));
  };
  const nextSignificant = (from: number): string => {
    let at = from;
    while (at < text.length && /\s/.test(text.charAt(at))) at++;
    return text.charAt(at);
  };
  while (index < text.length) {
    const character = text.charAt(index);
    if (character === '"') {
      let end = index + 1;
      while (end < text.length && text.charAt(end) !== '"') end += text.charAt(end) === '\\' ? 2 : 1;
      out.push(text.slice(index, end + 1));
      index = end + 1;
      continue;
    }
    index++;
    if (/\s/.test(character)) continue;
    if (character === '{' || character === '[') {
      out.push(character);
      const close = character === '{' ? '}' : ']';
      if (nextSignificant(index) === close) {
        out.push(close);
        index = text.indexOf(close, index) + 1;
        continue;
      }
      depth++;
      newline();
    } else if (character === '}' || character === ']') {
      depth--;
      newline();
      out.push(character);
    } else if (character === ',') {
      out.push(',');
      newline();
    } else if (character === ':') {
      out.push(': ');
    } else {
      out.push(character);
    }
  }
  return out.join('');
}
