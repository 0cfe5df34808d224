/**
 * Patterns for personal data, shared by the redaction of reports and the minidump reader's
 * scan, so both find the same things.
 */

/** Profile folders that belong to no person. */
export const SHARED_PROFILE_NAMES: ReadonlySet<string> = new Set(
  ['public', 'default', 'default user', 'all users', 'shared', 'guest', 'administrator', 'root', 'runner', 'defaultapppool'].map((name) =>
    name.toLowerCase(),
  ),
);

/**
 * A home folder and the user-name segment after it, in POSIX and Windows forms
 * (`/home/ann`, `/Users/ann`, `/var/home/ann`, `C:\Users\ann`, `C:/Users/ann`, `Documents and Settings`).
 */
export const HOME_FOLDER_PATTERN =
  /(?:\/(?:var\/)?home\/|\/Users\/|\b[A-Za-z]:(?:\\\\|\\|\/)+(?:Users|Documents and Settings)(?:\\\\|\\|\/)+)([^\\/\s\0"'<>:*?|]+)/g;

export const EMAIL_PATTERN = /\b[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b/g;

export function isSharedProfile(name: string): boolean {
  return SHARED_PROFILE_NAMES.has(name.toLowerCase());
}
