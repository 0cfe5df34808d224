import { Children, createContext, createElement, Fragment, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { IntlProvider, useIntl, type IntlShape } from 'react-intl';
import ar from '../../contract/messages/ar.json';
import de from '../../contract/messages/de.json';
import en from '../../contract/messages/en.json';
import { isSerializedError } from '../../contract/errors';
import { noticeValues, type Notice } from '../../contract/notice';
import { directionOf, isAppLocale, pickLocale, PSEUDO_LOCALE, type AppLocale } from './locales';
import { pseudoMessages } from './pseudo-locale';

export type MessageId = keyof typeof en;
export type MessageValues = Record<string, string | number>;
export type Translate = (id: MessageId, values?: MessageValues) => string;

/** Whether a message id made at run time (from a manifest path, say) is one the catalogues hold. */
export function isMessageId(id: string): id is MessageId {
  return Object.hasOwn(en, id);
}

/** Every catalogue has every English message: a missing one fails the type check here. */
const CATALOGUES: Record<Exclude<AppLocale, typeof PSEUDO_LOCALE>, Record<MessageId, string>> = { en, de, ar };

/** Where the user's choice of language in Settings is kept, per app origin (the dialog window shares it). */
const OVERRIDE_KEY = 'candor.language';

function readOverride(): AppLocale | null {
  try {
    const stored = window.localStorage.getItem(OVERRIDE_KEY) ?? '';
    return isAppLocale(stored) ? stored : null;
  } catch {
    return null;
  }
}

interface LocaleChoice {
  locale: AppLocale;
  /** The language chosen in Settings; null follows the system. */
  override: AppLocale | null;
  choose: (locale: AppLocale | null) => void;
}

const LocaleChoiceContext = createContext<LocaleChoice | null>(null);

/**
 * The user's language: the one chosen in Settings, else the first of `preferred` (the system's
 * languages in the desktop app, the browser's in preview and the console) Candor speaks. The page
 * takes its `lang` and direction from it, so Arabic lays out right to left.
 */
export function LocaleProvider({ preferred, children }: { preferred: readonly string[]; children: ReactNode }) {
  const [override, setOverride] = useState<AppLocale | null>(readOverride);
  const locale = override ?? pickLocale(preferred);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.documentElement.dir = directionOf(locale);
  }, [locale]);
  const messages = useMemo(() => (locale === PSEUDO_LOCALE ? pseudoMessages(en) : CATALOGUES[locale]), [locale]);
  const choice = useMemo<LocaleChoice>(
    () => ({
      locale,
      override,
      choose: (next) => {
        try {
          if (next === null) window.localStorage.removeItem(OVERRIDE_KEY);
          else window.localStorage.setItem(OVERRIDE_KEY, next);
        } catch {
          // Storage refused: the choice holds for this page only.
        }
        setOverride(next);
      },
    }),
    [locale, override],
  );
  return (
    <LocaleChoiceContext.Provider value={choice}>
      <IntlProvider locale={locale === PSEUDO_LOCALE ? 'en' : locale} defaultLocale="en" messages={messages}>
        {children}
      </IntlProvider>
    </LocaleChoiceContext.Provider>
  );
}

export function useLocaleChoice(): LocaleChoice {
  const choice = useContext(LocaleChoiceContext);
  if (choice === null) throw new Error('useLocaleChoice is used outside LocaleProvider');
  return choice;
}

/** A size in the user's language: bytes, kB, MB or GB (powers of 1000, as Intl names its units). */
function formatBytes(intl: IntlShape, bytes: number): string {
  if (bytes < 1000) return intl.formatNumber(bytes, { style: 'unit', unit: 'byte', unitDisplay: 'long' });
  const [value, unit] =
    bytes < 1_000_000
      ? [bytes / 1000, 'kilobyte']
      : bytes < 1_000_000_000
        ? [bytes / 1_000_000, 'megabyte']
        : [bytes / 1_000_000_000, 'gigabyte'];
  return intl.formatNumber(value, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 });
}

export interface I18n {
  t: Translate;
  /** A message with elements in it ("Support code: {code}" with `<code>`), each placed where the language puts it. */
  rich: (id: MessageId, values: Record<string, ReactNode>) => ReactNode;
  /** A moment in the user's language and time zone. */
  time: (iso: string) => string;
  bytes: (count: number) => string;
  number: (value: number) => string;
  /** What a service said (why a report was not sent, what a server answered), in the user's language. */
  notice: (notice: Notice) => string;
  /** Why a call failed: its notice when it has one, else the program's own message inside a sentence. */
  failure: (error: unknown) => string;
}

function wordNotice(intl: IntlShape, notice: Notice): string {
  const id: MessageId = `notice.${notice.code}`;
  return intl.formatMessage({ id }, noticeValues(notice));
}

/** Messages, times, sizes and numbers in the user's language; every text a person reads goes through here. */
export function useI18n(): I18n {
  const intl = useIntl();
  return useMemo(
    () => ({
      t: (id, values) => intl.formatMessage({ id }, values),
      rich: (id, values) => createElement(Fragment, null, ...Children.toArray(intl.formatMessage({ id }, values))),
      time: (iso) => intl.formatDate(iso, { dateStyle: 'medium', timeStyle: 'medium' }),
      bytes: (count) => formatBytes(intl, count),
      number: (value) => intl.formatNumber(value),
      notice: (notice) => wordNotice(intl, notice),
      failure: (error) => {
        if (isSerializedError(error) && error.notice !== undefined) return wordNotice(intl, error.notice);
        const detail = isSerializedError(error) || error instanceof Error ? error.message : String(error);
        return intl.formatMessage({ id: 'unexpectedFailure' }, { detail });
      },
    }),
    [intl],
  );
}
