import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import ar from '../../../contract/messages/ar.json';
import de from '../../../contract/messages/de.json';
import en from '../../../contract/messages/en.json';
import { NOTICE_VALUE_NAMES } from '../../../contract/notice';
import { ATTACHMENT_MANIFEST, PRIVACY_MANIFEST } from '../../../contract/privacy-manifest';
import { pseudoMessages } from '../../../renderer/i18n/pseudo-locale';

const catalogues: Record<string, Record<string, string>> = { en, de, ar };

/** The names of a message's arguments, with the kind each is used as (plain, plural, select). */
function argumentsOf(elements: readonly MessageFormatElement[], into = new Map<string, string>()): Map<string, string> {
  for (const element of elements) {
    if (element.type === TYPE.argument || element.type === TYPE.number || element.type === TYPE.date || element.type === TYPE.time)
      into.set(element.value, into.get(element.value) ?? 'value');
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      into.set(element.value, element.type === TYPE.plural ? 'plural' : 'select');
      for (const option of Object.values(element.options)) argumentsOf(option.value, into);
    }
    if (element.type === TYPE.tag) argumentsOf(element.children, into);
  }
  return into;
}

/** The words a message itself says, without its arguments. */
function literalText(elements: readonly MessageFormatElement[]): string {
  return elements
    .map((element) => {
      if (element.type === TYPE.literal) return element.value;
      if (element.type === TYPE.plural || element.type === TYPE.select)
        return Object.values(element.options)
          .map((option) => literalText(option.value))
          .join(' ');
      return ' ';
    })
    .join('');
}

describe('the message catalogues', () => {
  it('hold the same messages in every language', () => {
    for (const [locale, catalogue] of Object.entries(catalogues))
      expect(Object.keys(catalogue).sort(), locale).toEqual(Object.keys(en).sort());
  });

  it('parse as ICU messages and take the same arguments, used the same way, as the English', () => {
    const mismatches: string[] = [];
    for (const [id, english] of Object.entries(en)) {
      const wanted = argumentsOf(parse(english));
      for (const [locale, catalogue] of Object.entries(catalogues)) {
        const message = catalogue[id] ?? '';
        const found = argumentsOf(parse(message));
        if (JSON.stringify([...found].sort()) !== JSON.stringify([...wanted].sort())) mismatches.push(`${locale} ${id}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('format plurals by each language’s rules (Arabic has forms for two, few and many)', () => {
    const format = (locale: string, id: keyof typeof en, values: Record<string, string | number>): string =>
      String(new IntlMessageFormat(catalogues[locale]?.[id] ?? '', locale).format(values));
    expect(format('en', 'serverLine', { host: 'h', reports: 1 })).toBe('h received 1 report.');
    expect(format('de', 'serverLine', { host: 'h', reports: 3 })).toBe('h hat 3 Berichte empfangen.');
    expect(format('ar', 'serverLine', { host: 'h', reports: 2 })).toBe('استلم h تقريرين.');
    expect(format('ar', 'serverLine', { host: 'h', reports: 5 })).toBe('استلم h 5 تقارير.');
    expect(format('ar', 'serverLine', { host: 'h', reports: 11 })).toBe('استلم h 11 تقريرًا.');
  });

  it('leave no English in German or Arabic where the English has words (names and symbols aside)', () => {
    // Product and protocol names are the same in every language.
    const names = new Set(['protocols.sentry']);
    const sameAsEnglish = (catalogue: Record<string, string>): string[] =>
      Object.keys(en).filter((id) => {
        const english = en[id as keyof typeof en];
        // Only messages with at least two English words in their own text (not in arguments) count.
        const words = literalText(parse(english)).match(/[A-Za-z]{3,}/g) ?? [];
        return !names.has(id) && words.length >= 2 && catalogue[id] === english;
      });
    expect(sameAsEnglish(de)).toEqual([]);
    expect(sameAsEnglish(ar)).toEqual([]);
  });
});

describe('the notices services give', () => {
  it('each have a message taking exactly the values the notice carries', () => {
    const catalogue: Record<string, string> = en;
    const mismatches = [...NOTICE_VALUE_NAMES].flatMap(([code, names]) => {
      const message = catalogue[`notice.${code}`];
      if (message === undefined) return [`notice.${code} is missing`];
      const taken = [...argumentsOf(parse(message)).keys()].sort();
      return JSON.stringify(taken) === JSON.stringify([...names].sort()) ? [] : [`notice.${code} takes ${taken.join(', ')}`];
    });
    expect(mismatches).toEqual([]);
    // And no message is left for a notice that no longer exists.
    const known = new Set([...NOTICE_VALUE_NAMES.keys()].map((code) => `notice.${code}`));
    const orphans = Object.keys(en).filter((id) => id.startsWith('notice.') && !known.has(id));
    expect(orphans).toEqual([]);
  });
});

describe("the privacy manifest's purposes", () => {
  it('are in the catalogue for every field and attachment, the English exactly as the manifest says it', () => {
    const catalogue: Record<string, string> = en;
    const differing = [...PRIVACY_MANIFEST, ...ATTACHMENT_MANIFEST].filter(
      (entry) => catalogue[`manifestPurpose.${entry.path}`] !== entry.purpose,
    );
    expect(differing.map((entry) => `${entry.path}: update contract/messages/*.json to the manifest's purpose`)).toEqual([]);
  });
});

describe('the pseudo-locale', () => {
  it('brackets every message, accents its words, makes it about 40 % longer and keeps its arguments', () => {
    const pseudo = pseudoMessages(en);
    const text = (id: keyof typeof en, values: Record<string, string | number> = {}): string =>
      String(new IntlMessageFormat(pseudo[id] ?? [], 'en').format(values));
    expect(text('send')).toMatch(/^\[Šéñð ŕéþóŕţ~+\]$/);
    expect(text('serverLine', { host: 'example.com', reports: 2 })).toMatch(/^\[example\.com ŕéçéíṽéð[~ ]+ 2 ŕéþóŕţš[~ ]+\.\]$/);
    const english = 'Send report';
    expect(text('send').length).toBeGreaterThanOrEqual(english.length + Math.ceil(10 * 0.4) + 2);
  });
});
