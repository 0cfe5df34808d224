import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { requiredPolicySections } from '../../../../contract/privacy-policy';
import { runCli } from '../../../helpers/run-cli';
import { useTempDirs } from '../../../helpers/temp-dir';

const tempDir = useTempDirs();

async function vendorFolder(policy: string): Promise<string> {
  const dir = await tempDir();
  writeFileSync(path.join(dir, 'policy.md'), policy);
  writeFileSync(
    path.join(dir, 'candor-vendor.json'),
    JSON.stringify({ schema: 'candor.vendor/1', privacyPolicy: { file: 'policy.md', version: '2027-03' } }),
  );
  return dir;
}

describe('candor policy', () => {
  it("prints Candor's own policy with its version when the vendor ships none", async () => {
    const dir = await tempDir();
    const result = await runCli(['policy'], { env: { CANDOR_VENDOR_CONFIG: path.join(dir, 'candor-vendor.json') } });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Candor privacy policy\nVersion 2026-11-01\n/);
    expect(result.stdout).toContain('8. Your rights: see, export and delete');
  });

  it('prints the translation a reader of a language would see, and refuses what is not a language tag', async () => {
    const dir = await tempDir();
    const env = { CANDOR_VENDOR_CONFIG: path.join(dir, 'candor-vendor.json') };
    const german = await runCli(['policy', '--language', 'de-CH'], { env });
    expect(german.code).toBe(0);
    expect(german.stdout).toMatch(/^Datenschutzerklärung von Candor\nVersion 2026-11-01\n/);
    expect(german.stdout).toContain('8. Ihre Rechte: einsehen, exportieren und löschen');
    const bad = await runCli(['policy', '--language', 'German'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--language takes a language tag/);
  });

  it("prints the vendor's policy as JSON, so a vendor can check it before shipping", async () => {
    const dir = await vendorFolder(['# Acme', ...requiredPolicySections.map((id) => `## ${id} {#${id}}\n\nWords.`)].join('\n\n'));
    const result = await runCli(['policy', '--json'], { env: { CANDOR_VENDOR_CONFIG: path.join(dir, 'candor-vendor.json') } });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      version: '2027-03',
      source: 'vendor',
      language: 'en',
      title: 'Acme',
      translations: [],
    });
  });

  it('says what a vendor policy lacks, as a usage error', async () => {
    const dir = await vendorFolder('# Acme\n\n## Only this {#scope}\n');
    const result = await runCli(['policy'], { env: { CANDOR_VENDOR_CONFIG: path.join(dir, 'candor-vendor.json') } });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/policy\.md has no section marked \{#crash-details\}/);
  });
});
