import { emailAround, findHomeFolders, isAsciiLetterCode, isSharedProfile, isWordCode, LocalPartWalker } from './personal-data-patterns';
import type { RedactionKind } from './redact';

/**
 * The rules found at a separator — '=', ':', '@' — in one walk over the text: secrets after keys
 * (password=, "apiKey":), query-string signatures, cookies, USER=, email addresses and IPv6 and MAC
 * addresses. Separators are found with indexOf, and each rule looks back and forward from one by
 * hand: a regular expression per rule would rescan the whole text for its key words, each time.
 */

/** Replaces a value of `kind`, counting it, and answers its replacement. */
type CountReplacement = (kind: RedactionKind) => string;

/**
 * Keys whose value is a secret, in lower case, matched as the end of the word before the
 * separator: whatever prefixes them (GITHUB_, aws_secret_) stays, and an s may follow (tokens=).
 */
const SECRET_KEYS: readonly string[] = [
  'password',
  'passwd',
  'pwd',
  'secret',
  'token',
  'auth',
  'credential',
  ...['api', 'access', 'private'].flatMap((word) => [`${word}key`, `${word}_key`, `${word}-key`]),
  ...['sessionid', 'session_id', 'session-id'],
];
/** The keys by the code of their last letter, so that most words are ruled out by one look. */
const SECRET_KEYS_BY_LAST_LETTER: readonly (readonly string[] | undefined)[] = Array.from({ length: 128 }, (_unused, code) => {
  const keys = SECRET_KEYS.filter((key) => key.charCodeAt(key.length - 1) === code);
  return keys.length > 0 ? keys : undefined;
});
/** Query-string keys that carry a signature (Azure SAS `sig=`, signed URLs), in lower case. */
const SIGNATURE_KEYS: readonly string[] = ['sig', 'signature', 'x-amz-signature', 'x-goog-signature'];
const USER_VARIABLES: readonly string[] = ['USER', 'USERNAME', 'LOGNAME'];

/** A display name right before `<address>`: "Smith, Ann" <…>, Kim Lee <…>. */
const PERSON_NAME_BEFORE = /("[^"\n]{1,80}"|\p{Lu}[\p{L}'.-]*(?: \p{Lu}[\p{L}'.-]*){1,3})\s*<$/u;

const MAC_ADDRESS = /^[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}$/;
const H16 = '[0-9a-fA-F]{1,4}';
const IPV4_PART = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
const IPV4 = `${IPV4_PART}(?:\\.${IPV4_PART}){3}`;
/** The textbook forms of an IPv6 address, anchored: it is tried on tokens, not on the whole text. */
const IPV6 = new RegExp(
  `^(?:${[
    `(?:${H16}:){7}${H16}`,
    `(?:${H16}:){1,4}:${IPV4}`,
    `::(?:[fF]{4}(?::0{1,4})?:)?${IPV4}`,
    `(?:${H16}:){1,7}:`,
    `(?:${H16}:){1,6}:${H16}`,
    `(?:${H16}:){1,5}(?::${H16}){1,2}`,
    `(?:${H16}:){1,4}(?::${H16}){1,3}`,
    `(?:${H16}:){1,3}(?::${H16}){1,4}`,
    `(?:${H16}:){1,2}(?::${H16}){1,5}`,
    `${H16}:(?::${H16}){1,6}`,
    `:(?::${H16}){1,7}`,
  ].join('|')})$`,
);

const EQUALS = 61;
const COLON = 58;

/**
 * Replaces, in one walk from separator to separator, what the rules above find. Where two rules
 * would claim overlapping text the one that starts first wins; a value already replaced is not
 * looked at again.
 */
export function redactAtSeparators(text: string, count: CountReplacement, keepEmail: string | undefined): string {
  let rebuilt = '';
  let copiedUpTo = 0;
  const replace = (start: number, end: number, replacement: string): void => {
    rebuilt += text.slice(copiedUpTo, start) + replacement;
    copiedUpTo = end;
  };
  // The next of each separator at or after searchFrom, each searched again only once passed.
  let equals = -2;
  let colon = -2;
  let at = -2;
  let encodedAt = -2;
  let searchFrom = 0;
  // An address left as it is (the user's own) is no local part for the next '@'.
  let keptEmailEnd = 0;
  // Colons inside a run already offered as an IPv6 or MAC address are not offered again.
  let hexSearchFrom = 0;
  const localParts = new LocalPartWalker(text);
  for (;;) {
    if (equals !== -1 && equals < searchFrom) equals = text.indexOf('=', searchFrom);
    if (colon !== -1 && colon < searchFrom) colon = text.indexOf(':', searchFrom);
    if (at !== -1 && at < searchFrom) at = text.indexOf('@', searchFrom);
    if (encodedAt !== -1 && encodedAt < searchFrom) encodedAt = text.indexOf('%40', searchFrom);
    const index = earliest(earliest(equals, colon), earliest(at, encodedAt));
    if (index === -1) break;
    searchFrom = index + 1;
    const separator = text.charCodeAt(index);

    if ((separator === EQUALS || separator === COLON) && mayFollowKey(text, index)) {
      const value = (separator === EQUALS ? signatureValue(text, index) : cookieValue(text, index)) ?? secretValue(text, index);
      // A value already replaced (<secret>) is left as it is, and not counted again.
      if (value !== undefined && isReplacement(text, value)) {
        searchFrom = value.end;
        continue;
      }
      if (value !== undefined) {
        replace(value.start, value.end, count('credential'));
        searchFrom = value.end;
        continue;
      }
    }
    if (separator === EQUALS) {
      const value = userVariableValue(text, index);
      // USER=C:\Users\Ann Smith is left to the home-folder rule, which knows names with spaces.
      if (value !== undefined && !startsHomeFolder(text, value.start)) {
        searchFrom = value.end;
        if (!isKeptUserValue(text.slice(value.start, value.end))) replace(value.start, value.end, count('user-name'));
      }
      continue;
    }
    if (separator === COLON) {
      if (index < hexSearchFrom) continue;
      // A colon between two characters that no address holds (ERROR:, C:\, Error: ) is the most
      // common kind and is passed over at once.
      if (!isHexColonDot(text.charCodeAt(index - 1)) && !isHexColonDot(text.charCodeAt(index + 1))) continue;
      const token = hexColonRun(text, index, copiedUpTo);
      hexSearchFrom = token.searchFrom;
      if (!token.mayBeAddress) continue;
      const kind = addressKind(text.slice(token.start, token.end));
      if (kind === undefined) continue;
      replace(token.start, token.end, count(kind));
      searchFrom = token.end;
      continue;
    }

    const markerLength = index === encodedAt ? 3 : 1;
    const email = emailAround(localParts, index, markerLength, Math.max(copiedUpTo, keptEmailEnd));
    if (email === undefined) continue;
    searchFrom = email.end;
    // git@github.com:owner/repo is an SSH remote, not a mailbox.
    if (email.local === 'git' || (keepEmail !== undefined && text.slice(email.start, email.end).toLowerCase() === keepEmail)) {
      keptEmailEnd = email.end;
      continue;
    }
    const name =
      text.charCodeAt(email.start - 1) === 60
        ? PERSON_NAME_BEFORE.exec(text.slice(Math.max(copiedUpTo, email.start - 120), email.start))
        : null;
    if (name !== null) {
      const nameStart = email.start - name[0].length;
      replace(nameStart, nameStart + (name[1]?.length ?? 0), count('person-name'));
    }
    replace(email.start, email.end, count('email'));
  }
  return copiedUpTo === 0 ? text : rebuilt + text.slice(copiedUpTo);
}

interface Span {
  start: number;
  end: number;
}

function earliest(one: number, other: number): number {
  return one === -1 ? other : other === -1 ? one : Math.min(one, other);
}

/**
 * The last two letters (in lower case) of every key a rule looks for — secret keys and their
 * plurals, signature keys, cookie, USER, USERNAME, LOGNAME — as 128 × first + second: a separator
 * after any other pair is no key's, and most are ruled out by this one look.
 */
const KEY_TAILS = new Uint8Array(128 * 128);
for (const key of [...SECRET_KEYS, ...SECRET_KEYS.map((secretKey) => `${secretKey}s`), ...SIGNATURE_KEYS, 'cookie', ...USER_VARIABLES]) {
  const lowerCaseKey = key.toLowerCase();
  KEY_TAILS[lowerCaseKey.charCodeAt(key.length - 2) * 128 + lowerCaseKey.charCodeAt(key.length - 1)] = 1;
}

/** Whether a key may end before the separator at `separator`, or spaces or a quote may stand between. */
function mayFollowKey(text: string, separator: number): boolean {
  const last = text.charCodeAt(separator - 1);
  if (isSpaceCode(last) || isQuoteCode(last)) return true;
  const beforeLast = text.charCodeAt(separator - 2);
  return last < 128 && beforeLast < 128 && KEY_TAILS[lowerCaseCode(beforeLast) * 128 + lowerCaseCode(last)] === 1;
}

/** `[?&]sig=value` and the other signature keys: the value after the '=' at `equals`. */
function signatureValue(text: string, equals: number): Span | undefined {
  let keyStart = equals;
  while (keyStart > 0 && isLetterOrHyphen(text.charCodeAt(keyStart - 1))) keyStart--;
  const before = text.charCodeAt(keyStart - 1);
  if (
    (before !== 63 && before !== 38) ||
    !SIGNATURE_KEYS.some((key) => key.length === equals - keyStart && endsWithCaseless(text, equals, key))
  ) {
    return undefined;
  }
  return valueAfter(text, equals + 1, isSignatureValueCode);
}

/** `Cookie: name=value` and `Set-Cookie:`: the first cookie's value after the ':' at `colon`. */
function cookieValue(text: string, colon: number): Span | undefined {
  if (!endsWithCaseless(text, colon, 'cookie') || isWordCode(text.charCodeAt(colon - 7))) return undefined;
  let position = colon + 1;
  while (isSpaceCode(text.charCodeAt(position))) position++;
  const nameStart = position;
  while (position < text.length && isCookieNameCode(text.charCodeAt(position))) position++;
  if (position === nameStart || text.charCodeAt(position) !== EQUALS) return undefined;
  return valueAfter(text, position + 1, isCookieValueCode);
}

/**
 * `password=value`, `"apiKey": "value"`, `token : value`: the value after the separator at
 * `separator` when a secret key ends the word before it.
 */
function secretValue(text: string, separator: number): Span | undefined {
  let keyEnd = separator;
  while (keyEnd > 0 && isSpaceCode(text.charCodeAt(keyEnd - 1))) keyEnd--;
  if (isQuoteCode(text.charCodeAt(keyEnd - 1))) keyEnd--;
  if (!endsWithSecretKey(text, keyEnd) && !((text.charCodeAt(keyEnd - 1) | 32) === 115 && endsWithSecretKey(text, keyEnd - 1))) {
    return undefined;
  }
  let position = separator + 1;
  while (isSpaceCode(text.charCodeAt(position))) position++;
  if (isQuoteCode(text.charCodeAt(position))) position++;
  return valueAfter(text, position, isSecretValueCode);
}

function endsWithSecretKey(text: string, end: number): boolean {
  const keys = SECRET_KEYS_BY_LAST_LETTER[lowerCaseCode(text.charCodeAt(end - 1))];
  if (keys === undefined) return false;
  for (const key of keys) if (endsWithCaseless(text, end, key)) return true;
  return false;
}

/** Whether the text before `end` is `word` (lower case) in any case. */
function endsWithCaseless(text: string, end: number, word: string): boolean {
  if (end < word.length) return false;
  for (let offset = 1; offset <= word.length; offset++) {
    if (lowerCaseCode(text.charCodeAt(end - offset)) !== word.charCodeAt(word.length - offset)) return false;
  }
  return true;
}

function lowerCaseCode(code: number): number {
  return code >= 65 && code <= 90 ? code | 32 : code;
}

/** `USER=value`, `USERNAME=`, `LOGNAME=` as a whole word: the value after the '=' at `equals`. */
function userVariableValue(text: string, equals: number): Span | undefined {
  // USER and USERNAME end in R and E, LOGNAME in E.
  const last = text.charCodeAt(equals - 1);
  if (last !== 82 && last !== 69) return undefined;
  const name = USER_VARIABLES.find((variable) => text.startsWith(variable, equals - variable.length));
  if (name === undefined || isWordCode(text.charCodeAt(equals - name.length - 1))) return undefined;
  return valueAfter(text, equals + 1, isUserValueCode);
}

function startsHomeFolder(text: string, start: number): boolean {
  // A home folder's prefix and name are far shorter than this.
  return findHomeFolders(text.slice(start, start + 512))[0]?.start === 0;
}

/** Whether a value is wholly a replacement Candor wrote (<secret>, <user>): no one's data. */
function isReplacement(text: string, value: Span): boolean {
  return text.charCodeAt(value.start) === 60 && text.charCodeAt(value.end - 1) === 62;
}

function isKeptUserValue(value: string): boolean {
  return value.startsWith('<') || isSharedProfile(value);
}

/** The run of at least one character that `isValueCode` accepts from `start`. */
function valueAfter(text: string, start: number, isValueCode: (code: number) => boolean): Span | undefined {
  let end = start;
  while (end < text.length && isValueCode(text.charCodeAt(end))) end++;
  return end === start ? undefined : { start, end };
}

/** Where the run of hex digits, colons and dots around a colon ends, and what it holds. */
interface HexColonRun {
  start: number;
  /** Without trailing dots, with a %zone (fe80::1%en0). */
  end: number;
  /** Where the run ends, trailing dots included: its other colons are not looked at again. */
  searchFrom: number;
  /** A MAC address has five colons; an IPv6 address seven, or fewer with '::'. */
  mayBeAddress: boolean;
}

/**
 * The standalone run of hex digits, colons and dots around the colon at `colon`, starting no
 * earlier than `floor`. Colons are counted on the way, so that times (10:23:45.114: two colons,
 * no '::') are ruled out without another look.
 */
function hexColonRun(text: string, colon: number, floor: number): HexColonRun {
  let colons = 1;
  let doubleColon = false;
  let start = colon;
  for (let code = text.charCodeAt(start - 1); start > floor && isHexColonDot(code); code = text.charCodeAt(start - 1)) {
    if (code === COLON) {
      colons++;
      if (text.charCodeAt(start) === COLON) doubleColon = true;
    }
    start--;
  }
  let end = colon + 1;
  for (let code = text.charCodeAt(end); isHexColonDot(code); code = text.charCodeAt(end)) {
    if (code === COLON) {
      colons++;
      if (text.charCodeAt(end - 1) === COLON) doubleColon = true;
    }
    end++;
  }
  if (text.charCodeAt(end) === 37) {
    end++;
    while (isWordCode(text.charCodeAt(end)) || text.charCodeAt(end) === 46) end++;
  }
  const searchFrom = end;
  while (text.charCodeAt(end - 1) === 46) end--;
  // Not part of a longer word; a replaced value before `floor` ends in '>', which is no word character.
  const standalone = !(start > floor && isWordCode(text.charCodeAt(start - 1))) && !isWordCode(text.charCodeAt(end));
  return { start, end, searchFrom, mayBeAddress: standalone && (colons === 5 || colons === 7 || doubleColon) };
}

/** What kind of address a hex-and-colon token is, if it is one worth replacing. */
function addressKind(token: string): RedactionKind | undefined {
  if (MAC_ADDRESS.test(token)) return 'mac-address';
  const address = token.replace(/%[\w.]+$/, '');
  if (!IPV6.test(address) || isLoopbackOrUnspecifiedIpv6(address)) return undefined;
  return 'ip-address';
}

function isLoopbackOrUnspecifiedIpv6(address: string): boolean {
  const bare = address.replace(/%.*$/, '').toLowerCase();
  return bare === '::1' || bare === '::' || /^0{0,4}(:0{0,4}){6}:0{0,3}[01]$/.test(bare);
}

/** \s as regular expressions define it. */
function isSpaceCode(code: number): boolean {
  return (
    code === 32 ||
    (code >= 9 && code <= 13) ||
    (code > 127 &&
      (code === 0xa0 ||
        code === 0x1680 ||
        (code >= 0x2000 && code <= 0x200a) ||
        code === 0x2028 ||
        code === 0x2029 ||
        code === 0x202f ||
        code === 0x205f ||
        code === 0x3000 ||
        code === 0xfeff))
  );
}

function isQuoteCode(code: number): boolean {
  return code === 34 || code === 39;
}

function isLetterOrHyphen(code: number): boolean {
  return isAsciiLetterCode(code) || code === 45;
}

function isHexColonDot(code: number): boolean {
  return (code >= 48 && code <= 58) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102) || code === 46;
}

/** [^&\s#"'] */
function isSignatureValueCode(code: number): boolean {
  return code !== 38 && code !== 35 && !isQuoteCode(code) && !isSpaceCode(code);
}

/**
 * [^=;:\s]: a cookie name is a token, which holds no ':' either; stopping there keeps a failed
 * look short, so "Set-Cookie:Set-Cookie:…" is not walked once per colon.
 */
function isCookieNameCode(code: number): boolean {
  return code !== EQUALS && code !== 59 && code !== COLON && !isSpaceCode(code);
}

/** [^;\s] */
function isCookieValueCode(code: number): boolean {
  return code !== 59 && !isSpaceCode(code);
}

/** [^\s&"',;}<>] */
function isSecretValueCode(code: number): boolean {
  return (
    code !== 38 && code !== 44 && code !== 59 && code !== 125 && code !== 60 && code !== 62 && !isQuoteCode(code) && !isSpaceCode(code)
  );
}

/** [^\s;&"'] */
function isUserValueCode(code: number): boolean {
  return code !== 59 && code !== 38 && !isQuoteCode(code) && !isSpaceCode(code);
}
