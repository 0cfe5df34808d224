import { describe, expect, it } from 'vitest';
import { indentJson } from '../../renderer/indent-json';
import { canonicalJson } from '../../main/report/canonical-json';

describe('indentJson', () => {
  it('lays out JSON as JSON.stringify with two spaces does, strings untouched', () => {
    const value = {
      a: [1, 2, { b: 'x, y: {z}', c: [] }],
      d: {},
      e: 'quote \\" and \\\\ inside',
      f: null,
      g: true,
      h: { i: { j: [-1.5e3] } },
    };
    expect(indentJson(canonicalJson(value))).toBe(JSON.stringify(JSON.parse(canonicalJson(value)), null, 2));
  });

  it('shows a report nested 5,000 deep (JSON.stringify overflows the stack) with indentation capped, in linear size', () => {
    const deep = `{"x":${'['.repeat(5_000)}${']'.repeat(5_000)}}`;
    expect(() => JSON.stringify(JSON.parse(deep), null, 2)).toThrow(RangeError);
    const shown = indentJson(deep);
    expect(shown.length).toBeLessThan(deep.length * 80);
    expect(shown.replace(/\s/g, '')).toBe(deep);
    const deeper = `{"x":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    // Four times the input, about four times the output: no growth with depth squared.
    expect(indentJson(deeper).length / shown.length).toBeLessThan(4.5);
  });

  it('does not throw on text that is not JSON', () => {
    expect(indentJson('{"a": "unterminated')).toContain('"a"');
    expect(indentJson(']]]}}')).toContain(']');
  });
});
