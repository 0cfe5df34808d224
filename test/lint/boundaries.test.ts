import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

/**
 * The layer rules are enforced by ESLint, not by review; this proves the rules fire.
 * Type-aware rules are switched off so that virtual files can be linted.
 */
const eslint = new ESLint({ overrideConfig: tseslint.configs.disableTypeChecked });

async function restrictedImportMessages(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('the layer rules', () => {
  it("allow 'electron' only in main/electron/ and preload/", async () => {
    const code = "import { app } from 'electron';\nexport const x = app;\n";
    expect(await restrictedImportMessages('main/electron/probe.ts', code)).toEqual([]);
    expect(await restrictedImportMessages('preload/probe.ts', code)).toEqual([]);
    for (const file of ['main/probe.ts', 'main/api/probe.ts', 'renderer/probe.ts', 'contract/probe.ts', 'server/probe.ts']) {
      const messages = await restrictedImportMessages(file, code);
      expect(messages.join(' '), file).toContain('Only main/electron/ and preload/');
    }
  });

  it('keep the renderer on the contract only', async () => {
    expect(await restrictedImportMessages('renderer/probe.ts', "import { x } from '../main/services';\n")).not.toEqual([]);
    expect(await restrictedImportMessages('renderer/probe.ts', "import { x } from 'node:fs';\n")).not.toEqual([]);
    expect(await restrictedImportMessages('renderer/probe.ts', "import { x } from '../contract/api';\n")).toEqual([]);
  });

  it('keep contract/ free of local and Node imports, and main/ free of the renderer', async () => {
    expect(await restrictedImportMessages('contract/probe.ts', "import { x } from '../main/services';\n")).not.toEqual([]);
    expect(await restrictedImportMessages('contract/probe.ts', "import { x } from 'node:path';\n")).not.toEqual([]);
    expect(await restrictedImportMessages('contract/probe.ts', "import { x } from './api';\n")).toEqual([]);
    expect(await restrictedImportMessages('main/probe.ts', "import { x } from '../renderer/app';\n")).not.toEqual([]);
  });
});
