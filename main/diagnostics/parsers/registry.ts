export interface RegistryValue {
  name: string;
  type: string;
  /** REG_DWORD and REG_QWORD as numbers, everything else as text. */
  data: string | number;
}

export interface RegistryKey {
  path: string;
  values: RegistryValue[];
}

// A value line is four spaces, the name, four spaces, REG_<TYPE>, and (unless empty) four spaces and the data.
const VALUE_LINE = /^ {4}(.*?) {4}(REG_[A-Z0-9_]+)(?: {4}(.*))?$/;

/**
 * Parses `reg query` output by its column layout, never by English words: the localised name
 * of the default value ("(Default)", "(по умолчанию)") is read like any other name.
 */
export function parseRegQuery(text: string): RegistryKey[] {
  const keys: RegistryKey[] = [];
  let current: RegistryKey | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/\s+$/, '');
    if (/^HKEY_[A-Z_]+(\\|$)/.test(line)) {
      current = { path: line, values: [] };
      keys.push(current);
      continue;
    }
    const match = VALUE_LINE.exec(rawLine.replace(/\r$/, ''));
    if (current === undefined || match?.[1] === undefined || match[2] === undefined) continue;
    current.values.push({ name: match[1], type: match[2], data: decodeData(match[2], match[3] ?? '') });
  }
  return keys;
}

function decodeData(type: string, text: string): string | number {
  if ((type === 'REG_DWORD' || type === 'REG_QWORD') && /^0x[0-9a-f]+$/i.test(text)) return Number.parseInt(text.slice(2), 16);
  return text;
}

/**
 * Parses a regedit export (`.reg`, "Windows Registry Editor Version 5.00"), which regedit writes
 * as UTF-16LE with a byte-order mark.
 */
export function parseRegeditExport(bytes: Uint8Array): RegistryKey[] {
  const text = decodeRegFile(bytes);
  const keys: RegistryKey[] = [];
  let current: RegistryKey | undefined;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    const keyMatch = /^\[(HKEY_[^\]]+)\]$/.exec(line);
    if (keyMatch?.[1] !== undefined) {
      current = { path: keyMatch[1], values: [] };
      keys.push(current);
      continue;
    }
    if (current === undefined) continue;
    const valueMatch = /^(@|"((?:[^"\\]|\\.)*)")=(.*)$/.exec(line);
    if (valueMatch?.[3] === undefined) continue;
    const name = valueMatch[1] === '@' ? '' : unescapeRegString(valueMatch[2] ?? '');
    const raw = valueMatch[3];
    if (raw.startsWith('dword:')) {
      current.values.push({ name, type: 'REG_DWORD', data: Number.parseInt(raw.slice('dword:'.length), 16) });
    } else if (raw.startsWith('"') && raw.endsWith('"')) {
      current.values.push({ name, type: 'REG_SZ', data: unescapeRegString(raw.slice(1, -1)) });
    }
  }
  return keys;
}

function decodeRegFile(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes).replace(/^\uFEFF/, '');
}

function unescapeRegString(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

/** Looks a value up by name, ignoring case as Windows does. */
export function registryValue(key: RegistryKey | undefined, name: string): string | number | undefined {
  const lower = name.toLowerCase();
  return key?.values.find((value) => value.name.toLowerCase() === lower)?.data;
}

export function findRegistryKey(keys: readonly RegistryKey[], pathSuffix: string): RegistryKey | undefined {
  const suffix = pathSuffix.toLowerCase();
  return keys.find((key) => key.path.toLowerCase().endsWith(suffix));
}
