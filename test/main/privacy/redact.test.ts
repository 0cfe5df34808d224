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
