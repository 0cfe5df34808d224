/**
 * Patterns for personal data, shared by the redaction of reports and the minidump reader's
 * scan, so both find the same things.
 */

/**
 * Profile folders that belong to no person. Generic accounts (runner, administrator) are still
 * redacted: nothing tells a redactor that a name is generic.
 */
export const SHARED_PROFILE_NAMES: ReadonlySet<string> = new Set(['public', 'default', 'default user', 'all users', 'shared']);
/** Their lengths, which rule out most names without lower-casing them. */
const SHARED_PROFILE_LENGTHS: ReadonlySet<number> = new Set([...SHARED_PROFILE_NAMES].map((name) => name.length));

/** Characters of a user-name segment: anything a file name may hold but a separator. */
const NAME_CHARS = `[^\\s\\\\/"<>|*?:=]`;
/** One word, or several separated by single spaces when a separator or the line end follows. */
const NAME_SEGMENT = new RegExp(`${NAME_CHARS}+(?: ${NAME_CHARS}+)*(?=[\\\\/]|\\s*$)|${NAME_CHARS}+`, 'my');

/**
 * The folder word of a home folder between two separators, found first because it is rare: the
 * prefix before it is then checked by hand, which is several times faster than one pattern that
 * tries every letter of the text as the start of a drive letter.
 */
const HOME_FOLDER_WORD = /[\\/](?:[Uu][Ss][Ee][Rr][Ss]|home|Documents and Settings)\$?[\\/]/g;

/** A home folder: from where its prefix starts, and its user-name segment. */
export interface HomeFolder {
  start: number;
  nameStart: number;
  end: number;
  /** The name is a shared profile's (Public, Default%20User), no person's. */
  shared: boolean;
}

/**
 * Home folders and their user-name segments, in order:
 * - Windows: C:\\Users\\ann in every slash style (c:/users/ann, JSON's C:\\\\Users\\\\ann,
 *   file:///C:/Users/Ann%20Smith), and Documents and Settings: a drive letter as a word of its own,
 *   ':', separators, the folder word in any case, separators;
 * - UNC home shares: \\\\server\\home\\ann, \\\\server\\users$\\ann;
 * - POSIX: /Users/ann, /home/ann, /var/home/ann, also under /System/Volumes/Data, where what comes
 *   before is not part of a longer path word (~/home/x, ./home/x and a/home/x are not home folders).
 * The name is one word, or several separated by single spaces when a separator or the line end
 * follows (C:\\Users\\Ann Smith\\).
 */
export function findHomeFolders(text: string): HomeFolder[] {
  const found: HomeFolder[] = [];
  HOME_FOLDER_WORD.lastIndex = 0;
  for (let word = HOME_FOLDER_WORD.exec(text); word !== null; word = HOME_FOLDER_WORD.exec(text)) {
    const folder = homeFolderAround(text, word.index, HOME_FOLDER_WORD.lastIndex);
    const previous = found.at(-1);
    if (folder === undefined || (previous !== undefined && folder.start < previous.end)) {
      // The closing separator may open the next folder word (/home/users/ann).
      HOME_FOLDER_WORD.lastIndex = word.index + 1;
      continue;
    }
    found.push(folder);
    HOME_FOLDER_WORD.lastIndex = folder.end;
  }
  return found;
}

/** The home folder whose folder word, with its separators, runs from `index` to `wordEnd`, if it is one. */
function homeFolderAround(text: string, index: number, wordEnd: number): HomeFolder | undefined {
  // The folder word is users in any case, home, or Documents and Settings, maybe with a '$'.
  const first = text.charCodeAt(index + 1);
  const isHome = first === 104;
  const isLowerCaseUsers = first === 117 && text.startsWith('users', index + 1);
  const isCapitalUsers = first === 85 && text.startsWith('Users', index + 1);
  const hasDollar = text.charCodeAt(wordEnd - 2) === 36;
  let start: number | undefined;
  let nameStart = wordEnd;
  let prefixEnd = index;
  while (prefixEnd > 0 && isSeparatorCode(text.charCodeAt(prefixEnd - 1))) prefixEnd--;
  if (!isHome && !hasDollar) {
    // C:\Users\: a drive letter that is a word of its own.
    const drive = prefixEnd - 2;
    if (text.charCodeAt(prefixEnd - 1) === 58 && isAsciiLetterCode(text.charCodeAt(drive)) && !isWordCode(text.charCodeAt(drive - 1))) {
      start = drive;
    }
  }
  if (start === undefined && (isHome || isLowerCaseUsers)) {
    // \\server\home\: a server name after at least two backslashes.
    let server = prefixEnd;
    while (server > 0 && isServerNameCode(text.charCodeAt(server - 1))) server--;
    let slashes = server;
    while (slashes > 0 && text.charCodeAt(slashes - 1) === 92) slashes--;
    if (server < prefixEnd && server - slashes >= 2) start = Math.max(slashes, server - 4);
  }
  if (start === undefined) {
    const betweenSlashes = text.charCodeAt(index) === 47 && text.charCodeAt(wordEnd - 1) === 47;
    if (!(isHome || isCapitalUsers) || hasDollar || !betweenSlashes) return undefined;
    start =
      posixHomeStart(text, index) ??
      (isHome && index >= 4 && text.startsWith('/var', index - 4) ? posixHomeStart(text, index - 4) : undefined);
    if (start === undefined) return undefined;
  } else {
    while (nameStart < text.length && isSeparatorCode(text.charCodeAt(nameStart))) nameStart++;
  }
  NAME_SEGMENT.lastIndex = nameStart;
  if (!NAME_SEGMENT.test(text)) return undefined;
  const end = NAME_SEGMENT.lastIndex;
  return { start, nameStart, end, shared: isSharedProfileBetween(text, nameStart, end) };
}

/** Where a POSIX home folder whose first '/' is at `slash` starts, if one may start there. */
function posixHomeStart(text: string, slash: number): number | undefined {
  if (slash >= 20 && text.startsWith('/System/Volumes/Data', slash - 20)) return slash - 20;
  const before = text.charCodeAt(slash - 1);
  // Not the tail of a longer path word: a/home/x, ~/home/x, ./home/x, $HOME/x.
  const partOfWord = isWordCode(before) || before === 46 || before === 126 || before === 36 || before === 37 || before === 45;
  return partOfWord ? undefined : slash;
}

function isSeparatorCode(code: number): boolean {
  return code === 92 || code === 47;
}

export function isAsciiLetterCode(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

export function isWordCode(code: number): boolean {
  return (code >= 48 && code <= 57) || isAsciiLetterCode(code) || code === 95;
}

/** [\w.-] */
function isServerNameCode(code: number): boolean {
  return isWordCode(code) || code === 46 || code === 45;
}

const LOCAL_PART_CHAR = /[\p{L}\p{N}._%+-]/u;
const DOMAIN = /[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}(?![\p{L}\p{N}])/uy;
/**
 * DOMAIN for ASCII names, several times faster. Its match stands when what follows could not
 * continue a name under DOMAIN either: neither a '.' nor a non-ASCII character.
 */
const ASCII_DOMAIN = /[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![A-Za-z0-9])/y;

/**
 * Email addresses, also %40-encoded, with non-ASCII local parts and domains. Found from each
 * '@' outwards: a regular expression that starts anywhere a local part could start re-scans the
 * same characters from every position and runs at a few megabytes a second.
 */
export function findEmails(text: string): { start: number; end: number; local: string }[] {
  const found: { start: number; end: number; local: string }[] = [];
  const localParts = new LocalPartWalker(text);
  let searchFrom = 0;
  // The next '@' and '%40' at or after searchFrom, each searched again only once passed: searching
  // for both every time rescans the rest of the text for the one that is rare.
  let at = -2;
  let encoded = -2;
  for (;;) {
    if (at !== -1 && at < searchFrom) at = text.indexOf('@', searchFrom);
    if (encoded !== -1 && encoded < searchFrom) encoded = text.indexOf('%40', searchFrom);
    const index = at === -1 ? encoded : encoded === -1 ? at : Math.min(at, encoded);
    if (index === -1) return found;
    const markerLength = index === encoded ? 3 : 1;
    searchFrom = index + markerLength;
    const email = emailAround(localParts, index, markerLength, found.at(-1)?.end ?? 0);
    if (email === undefined) continue;
    found.push(email);
    searchFrom = email.end;
  }
}

/**
 * Walks back from an '@' (or '%40') over the local part before it. Markers are visited in text
 * order, and the walker remembers the run of local-part characters it walked last: '%40' is made
 * of local-part characters, so without it every '%40' in "%40%40%40…" would walk back over all
 * the ones before, and a long line of them would take quadratic time.
 */
export class LocalPartWalker {
  private runStart = 0;
  private runEnd = -1;

  constructor(readonly text: string) {}

  /** Where the local part ending at `index` starts, no earlier than `floor`; `index` when there is none. */
  startBefore(index: number, floor: number): number {
    let start = index;
    while (start > floor && start > this.runEnd && isLocalPartChar(this.text, start - 1)) start--;
    // Walked back to where the last walk ended: the run goes on to where that one started.
    if (start === this.runEnd && start > floor) start = Math.max(this.runStart, floor);
    this.runStart = start;
    this.runEnd = index;
    return start;
  }
}

/**
 * The address whose '@' (or '%40', `markerLength` 3) is at `index`, its local part starting no
 * earlier than `floor`; undefined when the text there is not an address. Calls for one text come
 * in text order, through one walker.
 */
export function emailAround(
  localParts: LocalPartWalker,
  index: number,
  markerLength: number,
  floor: number,
): { start: number; end: number; local: string } | undefined {
  const { text } = localParts;
  const start = localParts.startBefore(index, floor);
  // Nothing before the '@' that a local part may hold: not an address.
  if (start === index) return undefined;
  const end = domainEnd(text, index + markerLength);
  return end === undefined ? undefined : { start, end, local: text.slice(start, index) };
}

/** Where the domain name that starts at `start` ends. */
function domainEnd(text: string, start: number): number | undefined {
  // test(), not exec(): only where the match ends is needed, and test() builds no match array.
  ASCII_DOMAIN.lastIndex = start;
  if (ASCII_DOMAIN.test(text)) {
    const next = text.charCodeAt(ASCII_DOMAIN.lastIndex);
    if (Number.isNaN(next) || (next < 128 && next !== 46)) return ASCII_DOMAIN.lastIndex;
  }
  DOMAIN.lastIndex = start;
  return DOMAIN.test(text) ? DOMAIN.lastIndex : undefined;
}

/** [\p{L}\p{N}._%+-] at `index`, with ASCII decided without a regular expression. */
function isLocalPartChar(text: string, index: number): boolean {
  const code = text.charCodeAt(index);
  if (code < 128)
    return (
      (code >= 97 && code <= 122) ||
      (code >= 65 && code <= 90) ||
      (code >= 48 && code <= 57) ||
      code === 46 ||
      code === 95 ||
      code === 37 ||
      code === 43 ||
      code === 45
    );
  return LOCAL_PART_CHAR.test(text.charAt(index));
}

/** isSharedProfile for the name between `start` and `end`, URL-decoded; most names are ruled out without copying them. */
function isSharedProfileBetween(text: string, start: number, end: number): boolean {
  for (let index = start; index < end; index++) {
    if (text.charCodeAt(index) === 37) return isSharedProfile(decodeURIComponentSafe(text.slice(start, end)));
  }
  return SHARED_PROFILE_LENGTHS.has(end - start) && isSharedProfile(text.slice(start, end));
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function isSharedProfile(name: string): boolean {
  return SHARED_PROFILE_NAMES.has(name.toLowerCase());
}
