import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { policyClauses, PRIVACY_MANIFEST } from '../../../contract/privacy-manifest';
import { VendorConfigSchema } from '../../../contract/destination';
import { policyIn, requiredPolicySections } from '../../../contract/privacy-policy';
import { ConsentLedger } from '../../../main/privacy/consent';
import {
  loadPrivacyPolicy,
  MAX_POLICY_BYTES,
  parsePolicyText,
  PrivacyPolicyError,
  seedPrivacyPolicy,
} from '../../../main/privacy/privacy-policy';
import { SEED_POLICY_VERSION } from '../../../main/privacy/seed-privacy-policy';
import { MAX_RATIO, steadyGrowth } from '../../helpers/growth';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const meta = { language: 'en', origin: 'policy.md' };

/** A vendor policy with every required section, and `extra` lines after the first. */
function vendorPolicy(extra = ''): string {
  return [
    '# Acme privacy notice',
    ...requiredPolicySections.map(
      (id, index) => `## ${index + 1}. Acme on ${id} {#${id}}\n\nAcme's words on ${id}.${index === 0 ? extra : ''}`,
    ),
  ].join('\n\n');
}

describe("Candor's seed policy", () => {
  it('has every required section, numbered 1 to 10, with the rights at 1, 8, 9 and 10', () => {
    const policy = seedPrivacyPolicy();
    expect(policy).toMatchObject({ version: SEED_POLICY_VERSION, source: 'candor', title: 'Candor privacy policy' });
    expect(policy.sections.map((section) => section.id)).toEqual([...requiredPolicySections]);
    expect(policy.sections.map((section) => section.number)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    const byNumber = new Map(policy.sections.map((section) => [section.number, section.id]));
    expect([byNumber.get('1'), byNumber.get('8'), byNumber.get('9'), byNumber.get('10')]).toEqual([
      'scope',
      'your-rights',
      'withdrawing',
      'retention',
    ]);
    const rights = policy.sections.find((section) => section.id === 'your-rights');
    const list = rights?.blocks.find((block) => block.kind === 'list');
    expect(list?.kind === 'list' ? list.items.some((item) => item.includes('zip')) : false).toBe(true);
  });

  it('says the same in German and Arabic, section for section, and each reader gets it in their language', () => {
    const policy = seedPrivacyPolicy();
    expect(policy.language).toBe('en');
    expect(policy.translations.map((text) => text.language)).toEqual(['de', 'ar']);
    const shape = (sections: readonly { id: string; number: string; blocks: readonly { kind: string }[] }[]) =>
      sections.map((section) => [section.id, section.number, section.blocks.map((block) => block.kind).join()]);
    for (const text of policy.translations) expect(shape(text.sections), text.language).toEqual(shape(policy.sections));
    expect(policyIn(policy, 'de-AT').title).toBe('Datenschutzerklärung von Candor');
    expect(policyIn(policy, 'ar-EG').title).toBe('سياسة الخصوصية في Candor');
    expect(policyIn(policy, 'de').version).toBe(SEED_POLICY_VERSION);
    // No translation, or the pseudo-locale: the English as written.
    expect(policyIn(policy, 'fr').title).toBe('Candor privacy policy');
    expect(policyIn(policy, 'en-XA')).toBe(policy);
  });

  it('has a section for the clause of every manifest entry, so each field links to the words that cover it', () => {
    const ids = new Set(seedPrivacyPolicy().sections.map((section) => section.id));
    for (const clause of new Set(PRIVACY_MANIFEST.map((entry) => entry.policyClause))) expect(ids, clause).toContain(clause);
    expect(Object.keys(policyClauses).every((clause) => (requiredPolicySections as readonly string[]).includes(clause))).toBe(true);
  });
});

describe('reading a policy', () => {
  it('keeps paragraphs, lists with continued items, and any other markup as plain text', () => {
    const policy = parsePolicyText(
      vendorPolicy('\n\nSecond <b>paragraph</b>\njoined [link](http://x).\n\n- one\n  continued\n* two\n\nAfter the list.'),
      meta,
    );
    expect(policy.sections[0]?.blocks).toEqual([
      { kind: 'paragraph', text: "Acme's words on scope." },
      { kind: 'paragraph', text: 'Second <b>paragraph</b> joined [link](http://x).' },
      { kind: 'list', items: ['one continued', 'two'] },
      { kind: 'paragraph', text: 'After the list.' },
    ]);
  });

  it('reads CRLF files and words before the first section as an introduction', () => {
    const policy = parsePolicyText(
      `# T\r\n\r\nIntro words.\r\n\r\n${vendorPolicy()
        .replace(/^# .*\n/, '')
        .replace(/\n/g, '\r\n')}`,
      meta,
    );
    expect(policy.sections[0]).toEqual({
      number: '',
      id: 'introduction',
      title: '',
      blocks: [{ kind: 'paragraph', text: 'Intro words.' }],
    });
    expect(policy.sections[1]?.title).toBe('Acme on scope');
  });

  it('refuses a policy without a required section, naming what is missing', () => {
    const text = vendorPolicy().replace('{#your-rights}', '').replace('{#retention}', '');
    expect(() => parsePolicyText(text, meta)).toThrow(/policy\.md has no section marked \{#your-rights\}, \{#retention\}/);
  });

  it('refuses a section id used twice and a policy larger than the limit', () => {
    expect(() => parsePolicyText(`${vendorPolicy()}\n\n## Again {#scope}\n`, meta)).toThrow(/\{#scope\} is used twice/);
    expect(() => parsePolicyText(`${vendorPolicy()}\n${'x'.repeat(MAX_POLICY_BYTES)}`, meta)).toThrow(PrivacyPolicyError);
  });

  it('takes time linear in its input, on hostile headings, lists and anchors', () => {
    const hostile = ['## 1.1.1.1 {#', '## {#a} {#b}', '- \n  ', '#', '## 99999999. x', ' '.repeat(64)];
    for (const unit of hostile) {
      const make = (size: number): string => `${vendorPolicy()}\n${unit.repeat(Math.ceil(size / unit.length))}`;
      const parse = (text: string): unknown => {
        try {
          return parsePolicyText(text, meta);
        } catch {
          return null;
        }
      };
      // 40,000 characters and four times that: well inside the size limit.
      expect(steadyGrowth(parse, make, 40_000), unit).toBeLessThan(MAX_RATIO);
    }
  });
});

describe("the vendor's policy beside candor-vendor.json", () => {
  it('is read from the file the configuration names, with its version', async () => {
    const dir = await tempDir();
    writeFileSync(path.join(dir, 'acme-policy.md'), vendorPolicy());
    const policy = loadPrivacyPolicy(
      VendorConfigSchema.parse({ schema: 'candor.vendor/1', privacyPolicy: { file: 'acme-policy.md', version: '2027-01' } }),
      path.join(dir, 'candor-vendor.json'),
    );
    expect(policy).toMatchObject({ version: '2027-01', source: 'vendor', language: 'en', title: 'Acme privacy notice', translations: [] });
  });

  it('comes with the translations it names, each checked for every required section like the policy itself', async () => {
    const dir = await tempDir();
    writeFileSync(path.join(dir, 'acme-policy.md'), vendorPolicy());
    writeFileSync(path.join(dir, 'acme-policy.fr.md'), vendorPolicy().replace('# Acme privacy notice', '# Avis de confidentialité Acme'));
    writeFileSync(path.join(dir, 'acme-policy.de.md'), vendorPolicy().replace('{#retention}', ''));
    const config = (translations: Record<string, string>, language?: string) =>
      VendorConfigSchema.parse({
        schema: 'candor.vendor/1',
        privacyPolicy: { file: 'acme-policy.md', version: '2027-01', translations, ...(language === undefined ? {} : { language }) },
      });
    const file = path.join(dir, 'candor-vendor.json');
    const policy = loadPrivacyPolicy(config({ fr: 'acme-policy.fr.md' }), file);
    expect(policy.translations.map((text) => [text.language, text.title])).toEqual([['fr', 'Avis de confidentialité Acme']]);
    expect(policyIn(policy, 'fr-CA')).toMatchObject({ language: 'fr', title: 'Avis de confidentialité Acme', version: '2027-01' });
    expect(policyIn(policy, 'de')).toMatchObject({ language: 'en', title: 'Acme privacy notice' });
    expect(() => loadPrivacyPolicy(config({ de: 'acme-policy.de.md' }), file)).toThrow(
      /acme-policy\.de\.md has no section marked \{#retention\}/,
    );
    expect(() => loadPrivacyPolicy(config({ en: 'acme-policy.fr.md' }), file)).toThrow(
      /a translation into en, the language the policy is written in/,
    );
    expect(() => loadPrivacyPolicy(config({ fr: '../acme-policy.fr.md' }), file)).toThrow(/not a file beside it/);
    expect(
      VendorConfigSchema.safeParse({
        schema: 'candor.vendor/1',
        privacyPolicy: { file: 'p.md', version: '1', translations: { French: 'p.fr.md' } },
      }).success,
    ).toBe(false);
  });

  it("is Candor's own when the configuration names none, or there is no configuration", () => {
    expect(loadPrivacyPolicy(null, '/nowhere/candor-vendor.json').source).toBe('candor');
    expect(loadPrivacyPolicy({ schema: 'candor.vendor/1', lockDestination: false }, '/nowhere/candor-vendor.json').version).toBe(
      SEED_POLICY_VERSION,
    );
  });

  it('refuses a name that leads out of the configuration folder, and a file that is missing', async () => {
    const dir = await tempDir();
    const config = path.join(dir, 'resources', 'candor-vendor.json');
    writeFileSync(path.join(dir, 'outside.md'), vendorPolicy());
    const naming = (file: string) => ({
      schema: 'candor.vendor/1' as const,
      lockDestination: false,
      privacyPolicy: { file, version: '1', language: 'en', translations: {} },
    });
    expect(() => loadPrivacyPolicy(naming('../outside.md'), config)).toThrow(/not a file beside it/);
    expect(() => loadPrivacyPolicy(naming(path.join(dir, 'outside.md')), config)).toThrow(/not a file beside it/);
    expect(() => loadPrivacyPolicy(naming('missing.md'), config)).toThrow(/cannot read the privacy policy .*missing\.md/);
  });

  it('voids remembered consent when its version changes', async () => {
    const dir = await tempDir();
    const file = path.join(dir, 'ledger.jsonl');
    new ConsentLedger(file, undefined, '2027-01').record({
      decision: 'always-send',
      scope: { kind: 'app-version', appVersion: '1.0.0' },
      choices: { exclude: [], minidump: 'stack-only' },
    });
    expect(new ConsentLedger(file, undefined, '2027-01').mode('1.0.0').mode).toBe('always-send');
    expect(new ConsentLedger(file, undefined, '2027-02').mode('1.0.0').mode).toBe('ask');
  });
});
