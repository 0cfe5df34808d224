import { _electron as electron, expect, test } from '@playwright/test';
import packageJson from '../../../package.json' with { type: 'json' };
import { findElectronBinary } from '../../../scripts/electron-binary.mjs';

const electronBinary = findElectronBinary();

test.describe('the desktop app', () => {
  test.skip('missing' in electronBinary, 'missing' in electronBinary ? electronBinary.missing : '');

  test('launches, shows the app and runtime versions over IPC, and exposes no Node', async () => {
    if (!('path' in electronBinary)) return;
    const app = await electron.launch({ executablePath: electronBinary.path, args: ['.'] });
    try {
      const window = await app.firstWindow();
      await expect(window.getByTestId('app-version')).toHaveText(`Candor ${packageJson.version}`);
      await expect(window.getByTestId('transport')).toHaveText('the desktop app');
      await expect(window.getByTestId('runtime-Electron')).not.toBeEmpty();
      expect(await window.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
      expect(await window.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined');
    } finally {
      await app.close();
    }
  });
});
