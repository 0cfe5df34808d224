import { describe, expect, it } from 'vitest';
import { directionOf, pickLocale } from '../../../renderer/i18n/locales';

describe('the language Candor speaks', () => {
  it('is the first preferred language it has, by its language part, else English', () => {
    expect(pickLocale(['fr-FR', 'de-AT', 'en-US'])).toBe('de');
    expect(pickLocale(['ar_EG'])).toBe('ar');
    expect(pickLocale(['EN-gb', 'de'])).toBe('en');
    expect(pickLocale(['fr', 'ja'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });

  it('takes the pseudo-locale only by its exact name', () => {
    expect(pickLocale(['en-XA'])).toBe('en-XA');
    expect(pickLocale(['en-XB'])).toBe('en');
  });

  it('lays Arabic out right to left and the others left to right', () => {
    expect(directionOf('ar')).toBe('rtl');
    expect(directionOf('de')).toBe('ltr');
    expect(directionOf('en-XA')).toBe('ltr');
  });
});
