import { describe, expect, it } from 'vitest';
import type { RedactionKind } from '../../../main/privacy/redact';
import { redactAtSeparators } from '../../../main/privacy/separator-rules';

/** Runs the separator rules and answers the text and the kinds replaced, in order. */
function redact(text: string, keepEmail?: string): { text: string; kinds: RedactionKind[] } {
  const kinds: RedactionKind[] = [];
  const result = redactAtSeparators(
    text,
    (kind) => {
      kinds.push(kind);
      return `<${kind}>`;
    },
    keepEmail,
  );
  return { text: result, kinds };
}

describe('redactAtSeparators', () => {
  it('replaces the value after a secret key, whatever prefixes the key and however it is quoted or spaced', () => {
    expect(redact('GITHUB_TOKEN=abc123 Passwords : "hunter2" {"apiKey":"k-1"} api-key=x').text).toBe(
      'GITHUB_TOKEN=<credential> Passwords : "<credential>" {"apiKey":"<credential>"} api-key=<credential>',
    );
    expect(redact('tokenizer=abc authority: x').text).toBe('tokenizer=abc authority: x');
  });

  it('finds query-string signatures without a ? in sight and cookies after their header', () => {
    expect(redact('se=2024&sig=O9Lu%2B3D\nSet-Cookie: sid=s%3A9f; Path=/').text).toBe(
      'se=2024&sig=<credential>\nSet-Cookie: sid=<credential>; Path=/',
    );
    expect(redact('xCookie: a=b').text).toBe('xCookie: a=b');
  });

  it('replaces USER= values but leaves home-folder paths to the home-folder rule and keeps shared profiles', () => {
    expect(redact('USER=ann LOGNAME=Public MYUSER=x USER=C:\\Users\\Ann Smith').text).toBe(
      'USER=<user-name> LOGNAME=Public MYUSER=x USER=C:\\Users\\Ann Smith',
    );
  });

  it('replaces addresses and the display name before them, and never eats into the address kept', () => {
    expect(redact('From: Kim Lee <kim@example.org>, git@github.com:o/r').text).toBe('From: <person-name> <<email>>, git@github.com:o/r');
    expect(redact('ann@example.com@ftp.example.net', 'ann@example.com').text).toBe('ann@example.com@ftp.example.net');
    expect(redact('mail münchen@bücher.de now').kinds).toEqual(['email']);
  });

  it('tells IPv6 and MAC addresses from times, loopback and words', () => {
    const { text, kinds } = redact('at 10:23:45.123 fe80::1%en0 ::1 00:1a:2b:3c:4d:5e 2001:db8::cafe, deadbeef::1');
    expect(text).toBe('at 10:23:45.123 <ip-address> ::1 <mac-address> <ip-address>, deadbeef::1');
    expect(kinds).toEqual(['ip-address', 'mac-address', 'ip-address']);
  });
});
