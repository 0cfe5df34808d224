import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../../main/security/content-security-policy';

/** The directives a `<meta http-equiv>` policy cannot carry (CSP Level 3, §6.5 and §6.4.2: ignored there). */
const HEADER_ONLY = new Set(['frame-ancestors', 'report-uri', 'sandbox']);

function directives(policy: string): string[] {
  return policy
    .split(';')
    .map((directive) => directive.trim().replace(/\s+/g, ' '))
    .filter(Boolean);
}

describe("the renderer page's Content-Security-Policy meta tag", () => {
  it('says what the header says, but for the directives only a header can carry', () => {
    const html = readFileSync('renderer/index.html', 'utf8');
    const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(html);
    expect(meta, 'renderer/index.html has a CSP meta tag').not.toBeNull();
    const fromHeader = directives(CONTENT_SECURITY_POLICY).filter((directive) => !HEADER_ONLY.has(directive.split(' ')[0] ?? ''));
    expect(directives(meta?.[1] ?? '')).toEqual(fromHeader);
  });
});
