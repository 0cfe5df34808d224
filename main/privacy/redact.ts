import { Buffer } from 'node:buffer';
import { redactionKindNames } from '../../contract/report';
import { findHomeFolders, isSharedProfile, isWordCode } from './personal-data-patterns';
import { redactAtSeparators } from './separator-rules';

export type RedactionKind = (typeof redactionKindNames)[number];

/** What replaces each kind of value: short, obviously not data, and the same every time. */
export const REPLACEMENTS: Readonly<Record<RedactionKind, string>> = {
  'user-name': '<user>',
  'home-folder': '<home>',
  'host-name': '<host>',
  email: '<email>',
  'person-name': '<name>',
  'ip-address': '<ip>',
  'mac-address': '<mac>',
  credential: '<secret>',
  token: '<secret>',
  'card-number': '<card>',
};

export interface RedactionOptions {
  /** The current user's name, home folder and host name: replaced wherever they appear. */
  identity?: { userName?: string | undefined; homeDir?: string | undefined; hostName?: string | undefined };
  /** The address the user typed on purpose into the email field: left as it is. */
  keepEmail?: string | undefined;
}

export type RedactionCounts = Partial<Record<RedactionKind, number>>;

export interface RedactionResult {
  text: string;
  counts: RedactionCounts;
}

// ---------------------------------------------------------------------------------------------
// Patterns. Each is anchored on something cheap to find (a literal, '@', ':', a digit run), so a
// large log is scanned quickly; the order of the rules matters and is the order in redactChunk.
// ---------------------------------------------------------------------------------------------

/**
 * After `scheme://`: user information up to the last '@' before the host (user:pass@, a DSN key@).
 * No '<' or '>', which a URL cannot hold unencoded: a replacement (<secret>@) is not taken again.
 */
const URL_USERINFO = /[^\s/?#@[\]<>]+(?:@[^\s/?#@[\]<>]+)*@(?=[^\s/?#@]+)/y;

/**
 * Well-known token formats (JWT, AWS key ids, GitHub, Google, Slack, npm, sk- and sk_ keys). No
 * leading \b, so the engine can look for the literal prefixes; the word boundary before a match
 * is checked by the caller. A JWT's segments are unbounded, so its start is checked here: without
 * it every "eyJ" inside one long word would scan to the word's end again (quadratic time).
 */
const KNOWN_TOKENS =
  /(?<![\w-])eyJ[\w-]{5,}\.eyJ[\w-]{5,}\.[\w-]{5,}|(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\b|gh[pousr]_[A-Za-z0-9]{36,255}\b|github_pat_\w{22,255}\b|AIza[\w-]{35}\b|xox[abposr]-[A-Za-z0-9-]{10,}|npm_[A-Za-z0-9]{36}\b|sk-(?:proj-|live-|test-)?[\w-]{20,}|[sr]k_(?:live|test)_[A-Za-z0-9]{16,}/g;

const AUTH_HEADER = /\b(Bearer|Basic|Token|Digest)(\s+)([\w\-.~+/]{8,}=*)/g;

const DOTTED_QUAD = /\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/g;
/**
 * What before a dotted quad (after a space, '=' or ':') makes it a version: Version, FileVersion,
 * ver=. Versions after v, @, - and a word and '/' (Chrome/120.0.6099.291) are told by hand.
 */
const VERSION_BEFORE = /(?:[Vv]ersion[ =:]|ver[=:])$/;

/**
 * A dotted quad right after the name of an engine, runtime or library is its version, as apps log
 * `process.versions` and "Electron 33.2.1, V8 13.0.245.12": `v8: 13.0.245.12`, `"zlib":"1.3.0.1"`,
 * `icu=76.1.0.0`. Only these names: after `host`, `ip`, `server` and the like a quad stays an address.
 */
const COMPONENT_BEFORE =
  /(?<![\w.-])(?:v8|node|electron|chrome|chromium|webkit|blink|zlib|uv|libuv|openssl|boringssl|icu|unicode|cldr|brotli|ares|c-ares|nghttp2|nghttp3|ngtcp2|napi|llhttp|sqlite|skia|angle|dawn|vulkan|ffmpeg|harfbuzz|curl|dotnet|clr|mono)["']?\s?[:=]?\s?["']?$/i;
/** How far back a component's name and its separator can start. */
const COMPONENT_LOOKBACK_CHARS = 16;

/**
 * Digit runs that may be card numbers: 13 to 19 digits, single spaces or hyphens between them,
 * starting with a group of four as every card scheme prints them (4111 1111 1111 1111, 3782
 * 822463 10005), on their own: not inside a word, a version or a longer number, though a
 * sentence's full stop may follow. The four digits first let the engine skip most of a log's
 * digits; the Luhn check is applied per match.
 */
const CARD_NUMBER = /\d(?<![\w.-]\d)\d{3}(?:[ -]?\d){9,15}(?![\w-]|\.\d)/g;
const CARD_PREFIX = /^(?:4|5[1-5]|2[2-7]|3[47]|6(?:011|5))/;

/** A stretch of the text to replace, and the kind of value it holds. */
interface Found {
  start: number;
  end: number;
  kind: RedactionKind;
}

/** Dotted quads that are IPv4 addresses, not versions, and not loopback or unspecified. */
function findIpv4Addresses(text: string): Found[] {
  const found: Found[] = [];
  DOTTED_QUAD.lastIndex = 0;
  for (let match = DOTTED_QUAD.exec(text); match !== null; match = DOTTED_QUAD.exec(text)) {
    const start = match.index;
    const end = start + match[0].length;
    const previous = text.charCodeAt(start - 1);
    const next = text.charCodeAt(end);
    const afterNext = text.charCodeAt(end + 1);
    const isAddress =
      hasOctetsOnly(match[0]) &&
      // Not the middle of a longer token or dotted run (10.0.19045.3803, app-4.8.1.0).
      !isWordCode(previous) &&
      previous !== 46 &&
      !isWordCode(next) &&
      !(next === 46 && afterNext >= 48 && afterNext <= 57) &&
      // A version with a suffix: 11.3.244.8-node.38, 1.2.3.4-beta.
      !(next === 45 && ((afterNext >= 65 && afterNext <= 90) || (afterNext >= 97 && afterNext <= 122))) &&
      // A version after @, -, a word and '/' (Chrome/120.0.6099.291), version and ver.
      previous !== 64 &&
      previous !== 45 &&
      !(previous === 47 && isWordCode(text.charCodeAt(start - 2))) &&
      !((previous === 32 || previous === 61 || previous === 58) && VERSION_BEFORE.test(text.slice(Math.max(0, start - 8), start))) &&
      !COMPONENT_BEFORE.test(text.slice(Math.max(0, start - COMPONENT_LOOKBACK_CHARS), start));
    if (isAddress && !isLoopbackOrUnspecifiedIpv4(match[0])) found.push({ start, end, kind: 'ip-address' });
  }
  return found;
}

function findCardNumbers(text: string): Found[] {
  const found: Found[] = [];
  CARD_NUMBER.lastIndex = 0;
  for (let match = CARD_NUMBER.exec(text); match !== null; match = CARD_NUMBER.exec(text)) {
    const digits = match[0].replace(/[ -]/g, '');
    if (CARD_PREFIX.test(digits) && passesLuhn(digits))
      found.push({ start: match.index, end: match.index + match[0].length, kind: 'card-number' });
  }
  return found;
}

/** Whether each part of a dotted quad is at most 255. */
function hasOctetsOnly(quad: string): boolean {
  let value = 0;
  for (let index = 0; index <= quad.length; index++) {
    const code = quad.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      value = value * 10 + code - 48;
      continue;
    }
    if (value > 255) return false;
    value = 0;
  }
  return true;
}

function isLoopbackOrUnspecifiedIpv4(address: string): boolean {
  return address.startsWith('127.') || address === '0.0.0.0';
}

function passesLuhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let index = digits.length - 1; index >= 0; index--) {
    let digit = digits.charCodeAt(index) - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Replaces personal data and secrets in free text: user names in home-folder paths, email
 * addresses, IP and MAC addresses, credentials, well-known token formats, card numbers, and the
 * current user's name, home folder and host name. Counts every replacement by kind; never keeps
 * the removed values.
 */
export function redactText(input: string, options: RedactionOptions = {}): RedactionResult {
  if (input.length <= CHUNK_CHARS) return redactChunk(input, options);
  // Large text is redacted in pieces of whole lines: each rule then rebuilds a string that stays
  // in the processor's cache instead of the whole text, several times faster on big logs.
  const counts: RedactionCounts = {};
  // Each piece's text goes at once into one buffer outside the JavaScript heap: kept as strings
  // until the end, tens of megabytes of pieces would be copied by every young-generation
  // collection they survive, a sixth of the time on a large log.
  let output = Buffer.allocUnsafe(input.length * 2);
  let written = 0;
  let start = 0;
  while (start < input.length) {
    let end = Math.min(input.length, start + CHUNK_CHARS);
    if (end < input.length) {
      // To the end of the line the piece would cut.
      const newline = input.indexOf('\n', end - 1);
      end = newline === -1 ? input.length : newline + 1;
    }
    const piece = redactChunk(input.slice(start, end), options);
    if (written + piece.text.length * 2 > output.length) {
      // Replacements longer than what they replace (a@b.io becomes <email>) can make the text grow.
      output = Buffer.concat([output.subarray(0, written), Buffer.allocUnsafe(Math.max(output.length, piece.text.length * 2))]);
    }
    // UTF-16 code units in, the same code units out: lone surrogates survive as they are.
    written += output.write(piece.text, written, 'utf16le');
    addCounts(counts, piece.counts);
    start = end;
  }
  return { text: output.toString('utf16le', 0, written), counts };
}

/** Large text is cut into pieces about this long, each ending at a line end; no pattern spans lines. */
const CHUNK_CHARS = 64 * 1024;

function redactChunk(input: string, options: RedactionOptions): RedactionResult {
  const counts: RedactionCounts = {};
  const count = (kind: RedactionKind): string => {
    counts[kind] = (counts[kind] ?? 0) + 1;
    return REPLACEMENTS[kind];
  };
  const keepEmail = options.keepEmail?.toLowerCase();
  let text = input;

  // The current user's identity first: its exact spellings are the surest finds.
  const { identity } = options;
  if (identity?.homeDir !== undefined && identity.homeDir.length >= 4) {
    const parts = text.split(identity.homeDir);
    if (parts.length > 1) {
      counts['home-folder'] = parts.length - 1;
      text = parts.join(REPLACEMENTS['home-folder']);
    }
  }

  text = replaceAfterMarkers(text, '://', (position) => {
    URL_USERINFO.lastIndex = position;
    return URL_USERINFO.test(text) ? { end: URL_USERINFO.lastIndex, replacement: `${count('credential')}@` } : undefined;
  });
  text = text.replace(KNOWN_TOKENS, (match: string, offset: number) => (isWordCode(text.charCodeAt(offset - 1)) ? match : count('token')));
  // A token replaced above is no credential here: '<' is not among a credential's characters.
  text = text.replace(AUTH_HEADER, (_match, scheme: string, space: string) => `${scheme}${space}${count('credential')}`);
  text = redactAtSeparators(text, count, keepEmail);

  text = replaceFound(
    text,
    findHomeFolders(text)
      // A name starting with '<' is a replacement made above (C:\Users\<email>).
      .filter((folder) => !folder.shared && text.charCodeAt(folder.nameStart) !== 60)
      .map((folder) => ({ start: folder.nameStart, end: folder.end, kind: 'user-name' })),
    count,
  );

  // The host name first: it often holds the user name (annika-laptop).
  if (identity?.hostName !== undefined && identity.hostName.length >= 3) {
    text = text.replace(new RegExp(`(?<![\\w-])${escapeRegExp(identity.hostName)}(?![\\w-])`, 'gi'), () => count('host-name'));
  }
  if (identity?.userName !== undefined && identity.userName.length >= 3 && !isSharedProfile(identity.userName)) {
    text = text.replace(new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegExp(identity.userName)}(?![\\p{L}\\p{N}_])`, 'gu'), () =>
      count('user-name'),
    );
  }

  // Addresses and card numbers never overlap (a card number holds no dots): both are found in the
  // same text and replaced in one rebuild.
  const digitRuns = [...findIpv4Addresses(text), ...findCardNumbers(text)].sort((one, other) => one.start - other.start);
  text = replaceFound(text, digitRuns, count);
  return { text, counts };
}

/** The text with each stretch found (in text order, none overlapping) replaced, in one rebuild. */
function replaceFound(text: string, found: readonly Found[], count: (kind: RedactionKind) => string): string {
  let rebuilt = '';
  let copiedUpTo = 0;
  for (const { start, end, kind } of found) {
    rebuilt += text.slice(copiedUpTo, start) + count(kind);
    copiedUpTo = end;
  }
  return found.length === 0 ? text : rebuilt + text.slice(copiedUpTo);
}

/**
 * Calls `replaceAt` at the position after each occurrence of `marker`; where it answers, the text
 * up to `end` becomes `replacement`. Finding the marker with indexOf first keeps long logs fast.
 */
function replaceAfterMarkers(
  text: string,
  marker: string,
  replaceAt: (position: number) => { end: number; replacement: string } | undefined,
): string {
  let rebuilt = '';
  let copiedUpTo = 0;
  for (let at = text.indexOf(marker); at !== -1; at = text.indexOf(marker, at + marker.length)) {
    const position = at + marker.length;
    if (position < copiedUpTo) continue;
    const found = replaceAt(position);
    if (found === undefined) continue;
    rebuilt += text.slice(copiedUpTo, position) + found.replacement;
    copiedUpTo = found.end;
  }
  return copiedUpTo === 0 ? text : rebuilt + text.slice(copiedUpTo);
}

/** Adds one redaction tally into another. */
export function addCounts(into: RedactionCounts, more: RedactionCounts): RedactionCounts {
  for (const [kind, value] of Object.entries(more) as [RedactionKind, number][]) into[kind] = (into[kind] ?? 0) + value;
  return into;
}
