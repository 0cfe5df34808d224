import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PRIVACY_MANIFEST } from '../../../contract/privacy-manifest';
import { manifestDocument, manifestEntries } from '../../../main/privacy/manifest-document';
import { runCli } from '../../helpers/run-cli';

describe('what Candor sends, written out', () => {
  it('docs/what-candor-sends.md is what the manifest makes today', () => {
    const checkedIn = readFileSync('docs/what-candor-sends.md', 'utf8');
    expect(
      checkedIn === manifestDocument(),
      'docs/what-candor-sends.md is stale: run `npm run build` and `node out/node/candor.js manifest --markdown > docs/what-candor-sends.md`',
    ).toBe(true);
  });

  it('names every field and attachment, with what leaves it out', () => {
    const document = manifestDocument();
    for (const entry of manifestEntries()) expect(document, entry.path).toContain(`| \`${entry.path}\` |`);
    expect(document).toContain('| `user.email` | user-provided | can be | — | “email” left out |');
  });

  it('candor manifest --json prints every entry with its path, category, personal data, purpose and switch', async () => {
    const result = await runCli(['manifest', '--json']);
    expect(result.code).toBe(0);
    const entries = JSON.parse(result.stdout) as {
      path: string;
      category: string;
      personalData: boolean;
      purpose: string;
      excludedBy: string | null;
    }[];
    expect(entries).toHaveLength(manifestEntries().length);
    expect(entries.find((entry) => entry.path === 'system.probes.os.data.release')).toMatchObject({
      category: 'system',
      personalData: false,
      excludedBy: null,
      purpose: 'Its release.',
    });
    expect(entries.find((entry) => entry.path === 'system.probes.hardware.data.cpu.brand')?.excludedBy).toBe('hardware');
    expect(entries.filter((entry) => PRIVACY_MANIFEST.some((declared) => declared.path === entry.path))).toHaveLength(
      PRIVACY_MANIFEST.length,
    );
    expect((await runCli(['manifest', '--json', '--markdown'])).code).toBe(2);
  });
});
