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

/** An address, also in its %40-encoded form, with non-ASCII local parts and domains. */
export const EMAIL_PATTERN = /[\p{L}\p{N}._%+-]+(?:@|%40)[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}\b/gu;

export function isSharedProfile(name: string): boolean {
  return SHARED_PROFILE_NAMES.has(name.toLowerCase());
}
