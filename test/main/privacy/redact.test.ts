import { describe, expect, it } from 'vitest';
import { redactText } from '../../../main/privacy/redact';
import { readFixture } from '../../helpers/fixtures';

interface ExpectationLine {
  file: 'positive.log' | 'negative.log';
  line: number;
  must_redact?: { value: string; category: string }[];
  must_keep?: string[];
}

const expectations = JSON.parse(readFixture('redaction', 'expectations.json')) as { lines: ExpectationLine[] };
const logLines = {
  'positive.log': readFixture('redaction', 'positive.log').split('\n'),
  'negative.log': readFixture('redaction', 'negative.log').split('\n'),
};
const lineOf = (entry: ExpectationLine): string => logLines[entry.file][entry.line - 1] ?? '';

describe('redactText on the fixture corpus', () => {
  const positives = expectations.lines.filter((entry) => entry.file === 'positive.log');
  const negatives = expectations.lines.filter((entry) => entry.file === 'negative.log');

  it('covers every line of both logs', () => {
    expect(positives).toHaveLength(63);
    expect(negatives).toHaveLength(21);
  });

  it.each(positives.map((entry) => [entry.line, entry] as const))(
    'positive line %i: every must-redact value gone, every must-keep intact',
    (_line, entry) => {
      const original = lineOf(entry);
      const { text, counts } = redactText(original);
      for (const { value, category } of entry.must_redact ?? []) {
        expect(text, `${category} "${value}" in: ${text}`).not.toContain(value);
      }
      for (const kept of entry.must_keep ?? []) expect(text, `kept "${kept}" in: ${text}`).toContain(kept);
      expect(Object.values(counts).reduce((total, value) => total + value, 0)).toBeGreaterThan(0);
    },
  );

  it.each(negatives.map((entry) => [entry.line, entry] as const))('negative line %i comes out byte-identical', (_line, entry) => {
    const original = lineOf(entry);
    expect(redactText(original)).toEqual({ text: original, counts: {} });
  });
});

describe('redactText beyond the corpus', () => {
  it('keeps the address the user typed on purpose, and only that one', () => {
    const { text, counts } = redactText('reach me at me@example.net, not at them@example.org', { keepEmail: 'Me@Example.net' });
    expect(text).toBe('reach me at me@example.net, not at <email>');
    expect(counts).toEqual({ email: 1 });
  });

  it("replaces this machine's user name, home folder and host name wherever they appear", () => {
    const { text, counts } = redactText('owner=annika home=/srv/people/annika host=annika-laptop.local built by annika', {
      identity: { userName: 'annika', homeDir: '/srv/people/annika', hostName: 'annika-laptop' },
    });
    expect(text).not.toContain('annika');
    expect(counts).toMatchObject({ 'home-folder': 1, 'host-name': 1 });
  });

  it('finds card numbers by their check digit, not every long number', () => {
    expect(redactText('card 4111 1111 1111 1111 expires').text).toBe('card <card> expires');
    expect(redactText('order 4111 1111 1111 1112 shipped').text).toBe('order 4111 1111 1111 1112 shipped');
    // Every scheme prints a group of four first: Amex 4-6-5, hyphens, or no separators at all.
    expect(redactText('amex 3782 822463 10005, visa 4111-1111-1111-1111, mc 5555555555554444.').text).toBe(
      'amex <card>, visa <card>, mc <card>.',
    );
    expect(redactText('build 4111111111111111x, id 12.4111111111111111').text).toBe('build 4111111111111111x, id 12.4111111111111111');
  });

  it('keeps versions with suffixes that look like addresses', () => {
    expect(redactText('v8 11.3.244.8-node.38').text).toBe('v8 11.3.244.8-node.38');
  });

  it('keeps four-part versions after a component name, and still finds addresses in the same lines', () => {
    // As apps log process.versions and their engines: every part of these versions is below 256.
    const versions = [
      'Electron 33.2.1, Chromium 130.0.6723.117, V8 13.0.245.12',
      'node: 20.18.1, v8: 12.4.254.21, zlib: 1.3.0.1, icu: 76.1.0.0',
      '{"node":"20.18.1","v8":"12.4.254.21","zlib":"1.3.0.1","uv":"1.49.2"}',
      'versions v8=12.4.254.21 openssl=3.0.15.0 sqlite=3.46.1.0',
    ];
    for (const line of versions) expect(redactText(line).text, line).toBe(line);
    expect(redactText('v8: 12.4.254.21, host: 192.168.1.20').text).toBe('v8: 12.4.254.21, host: <ip>');
    expect(redactText('{"v8":"12.4.254.21","remoteAddress":"203.0.113.9"}').text).toBe('{"v8":"12.4.254.21","remoteAddress":"<ip>"}');
    expect(redactText('node 20.18.1 connected to 198.51.100.7 via proxy=10.1.2.3').text).toBe(
      'node 20.18.1 connected to <ip> via proxy=<ip>',
    );
    // A component's name inside another word is not a component's name.
    expect(redactText('vnode: 203.0.113.9, fromv8=198.51.100.7').text).toBe('vnode: <ip>, fromv8=<ip>');
  });

  it('never records the removed values, only kinds and counts', () => {
    const { counts } = redactText('ann@example.com 203.0.113.4');
    expect(JSON.stringify(counts)).not.toMatch(/ann|203/);
  });
});

describe('redactText on large text', () => {
  it('never cuts a value where it splits a long text into pieces', () => {
    // One line longer than a piece, with an address across the first piece's end.
    const line = `${'a '.repeat(32_766)}ann@example.com ${'b '.repeat(4_000)}`;
    const { text, counts } = redactText(`${line}\n${line}`);
    expect(text).not.toContain('ann@');
    expect(counts).toEqual({ email: 2 });
  });

  it('gives the same text as piece by piece when replacements make it longer, lone surrogates and all', () => {
    // a@b.io (6 characters) becomes <email> (7): 200 000 of them outgrow the text they came from.
    const line = `${'a@b.io '.repeat(9)}\uD800 Łukasz ${'x'.repeat(10)}\n`;
    const text = line.repeat(20_000);
    const { text: redacted, counts } = redactText(text);
    expect(redacted).toBe(redactText(line).text.repeat(20_000));
    expect(redacted.length).toBeGreaterThan(text.length);
    expect(counts).toEqual({ email: 180_000 });
  });
});

describe('redacting what was redacted already', () => {
  it('finds nothing more: a replacement is never taken for personal data (the server redacts what clients redacted)', () => {
    const corpus = `${readFixture('redaction', 'positive.log')}\nGET https://ann:hunter2@sync.example.com/v2?token=sk_live_4eC39HqLyjWDarjtT1zdp7dc\n`;
    const once = redactText(corpus);
    const twice = redactText(once.text);
    expect(twice.counts).toEqual({});
    expect(twice.text).toBe(once.text);
  });
});
