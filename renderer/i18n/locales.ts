/** The languages Candor speaks, and the pseudo-locale the tests use to find what is not translated. */
export const appLocales = ['en', 'de', 'ar'] as const;
export const PSEUDO_LOCALE = 'en-XA';
export type AppLocale = (typeof appLocales)[number] | typeof PSEUDO_LOCALE;

const RIGHT_TO_LEFT = new Set(['ar', 'he', 'fa', 'ur']);

export function isAppLocale(value: string): value is AppLocale {
  return value === PSEUDO_LOCALE || (appLocales as readonly string[]).includes(value);
}

/**
 * The first of the user's preferred languages Candor speaks ("de-AT" is German), else English.
 * The pseudo-locale is chosen only by name, never by a system's preference.
 */
export function pickLocale(preferred: readonly string[]): AppLocale {
  for (const tag of preferred) {
    if (tag === PSEUDO_LOCALE) return PSEUDO_LOCALE;
    const language = tag.toLowerCase().split(/[-_]/)[0] ?? '';
    if (isAppLocale(language)) return language;
  }
  return 'en';
}

export function directionOf(locale: AppLocale): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(locale.split('-')[0] ?? '') ? 'rtl' : 'ltr';
}
