/**
 * Patterns for personal data, shared by the redaction of reports and the minidump reader's
 * scan, so both find the same things.
 */

/**
 * Profile folders that belong to no person. Generic accounts (runner, administrator) are still
 * redacted: nothing tells a redactor that a name is generic.
 */
export const SHARED_PROFILE_NAMES: ReadonlySet<string> = new Set(['public', 'default', 'default user', 'all users', 'shared']);

/** Characters of a user-name segment: anything a file name may hold but a separator. */
const NAME_CHARS = `[^\\s\\\\/"<>|*?:=]`;
/** One word, or several separated by single spaces when a separator or the line end follows. */
const NAME_SEGMENT = `(${NAME_CHARS}+(?: ${NAME_CHARS}+)*(?=[\\\\/]|\\s*$)|${NAME_CHARS}+)`;
const SEPARATOR = `(?:\\\\\\\\|\\\\|/)+`;

/**
 * A home folder and its user-name segment: C:\\Users\\ann in every slash style (JSON-escaped,
 * file:// URLs), Documents and Settings, UNC home shares, /Users/ann, /home/ann, /var/home/ann.
 * Groups 1-3 are the prefix (Windows, UNC, POSIX), group 4 the user name.
 */
export const HOME_FOLDER_PATTERN = new RegExp(
  '(?:' +
    [
      // C:\Users\ann, c:/users/ann, C:\\Users\\ann (JSON), file:///C:/Users/Ann%20Smith, Documents and Settings
      `(\\b[A-Za-z]:${SEPARATOR}(?:[Uu][Ss][Ee][Rr][Ss]|Documents and Settings)${SEPARATOR})`,
      // UNC home shares: \\server\home\ann, \\server\users$\ann
      `|((?:\\\\\\\\|\\\\){2}[\\w.-]+${SEPARATOR}(?:home|users)\\$?${SEPARATOR})`,
      // /Users/ann (also under /System/Volumes/Data), /home/ann, /var/home/ann
      `|((?:/System/Volumes/Data|(?<![\\w.~$%-]))/(?:Users|home|var/home)/)`,
    ].join('') +
    ')' +
    NAME_SEGMENT,
  'gm',
);

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
    const email = emailAround(text, index, markerLength, found.at(-1)?.end ?? 0);
    if (email === undefined) continue;
    found.push(email);
    searchFrom = email.end;
  }
}

/**
 * The address whose '@' (or '%40', `markerLength` 3) is at `index`, its local part starting no
 * earlier than `floor`; undefined when the text there is not an address.
 */
export function emailAround(
  text: string,
  index: number,
  markerLength: number,
  floor: number,
): { start: number; end: number; local: string } | undefined {
  let start = index;
  while (start > floor && isLocalPartChar(text, start - 1)) start--;
  // Nothing before the '@' that a local part may hold: not an address.
  if (start === index) return undefined;
  const end = domainEnd(text, index + markerLength);
  return end === undefined ? undefined : { start, end, local: text.slice(start, index) };
}

/** Where the domain name that starts at `start` ends. */
function domainEnd(text: string, start: number): number | undefined {
  ASCII_DOMAIN.lastIndex = start;
  if (ASCII_DOMAIN.exec(text) !== null) {
    const next = text.charCodeAt(ASCII_DOMAIN.lastIndex);
    if (Number.isNaN(next) || (next < 128 && next !== 46)) return ASCII_DOMAIN.lastIndex;
  }
  DOMAIN.lastIndex = start;
  return DOMAIN.exec(text) === null ? undefined : DOMAIN.lastIndex;
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

export function isSharedProfile(name: string): boolean {
  return SHARED_PROFILE_NAMES.has(name.toLowerCase());
}
