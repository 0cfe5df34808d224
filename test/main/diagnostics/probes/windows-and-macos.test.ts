import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { windowsOsFromRegistry } from '../../../../main/diagnostics/probes/os';
import { bundleShortVersion, defaultHttpsHandler, findMacBrowsers } from '../../../../main/diagnostics/probes/browsers-macos';
import {
  commandProgram,
  subkeyNames,
  versionBesideExecutable,
  windowsBrowsersFrom,
} from '../../../../main/diagnostics/probes/browsers-windows';
import { dotnetRootCandidates, scanDotnetRoot } from '../../../../main/diagnostics/probes/dotnet';
import { parsePlistXml } from '../../../../main/diagnostics/parsers/plist';
import { useTempDirs } from '../../../helpers/temp-dir';

// Windows and macOS outputs below are written in the documented formats of reg.exe and
// property lists (SYNTHETIC); the .NET registry parsing is tested on real outputs elsewhere.
const tempDir = useTempDirs();

describe('Windows', () => {
  it('names Windows 11 by its build although the registry says Windows 10', () => {
    const output = [
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion',
      '    ProductName    REG_SZ    Windows 10 Pro',
      '    DisplayVersion    REG_SZ    23H2',
      '    CurrentBuildNumber    REG_SZ    22631',
      '    UBR    REG_DWORD    0xf28',
    ].join('\r\n');
    expect(windowsOsFromRegistry(output, '10.0.22631')).toEqual({ name: 'Windows 11 Pro', release: '23H2', build: '10.0.22631.3880' });
  });

  it('keeps Windows 10 below build 22000', () => {
    const output =
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\r\n    ProductName    REG_SZ    Windows 10 Enterprise\r\n    ReleaseId    REG_SZ    1809\r\n';
    expect(windowsOsFromRegistry(output, '10.0.17763')).toEqual({ name: 'Windows 10 Enterprise', release: '1809', build: '10.0.17763' });
  });

  it('lists StartMenuInternet clients and reads their programs', () => {
    const output = [
      '',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Clients\\StartMenuInternet\\Firefox-308046B0AF4A39CB',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Clients\\StartMenuInternet\\Google Chrome',
      'HKEY_LOCAL_MACHINE\\SOFTWARE\\Clients\\StartMenuInternet\\Microsoft Edge',
      '',
    ].join('\r\n');
    expect(subkeyNames(output, 'HKLM\\SOFTWARE\\Clients\\StartMenuInternet')).toEqual([
      'Firefox-308046B0AF4A39CB',
      'Google Chrome',
      'Microsoft Edge',
    ]);
    expect(commandProgram('"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe" --single-argument %1')).toBe(
      'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
    );
  });

  it('marks the https UserChoice ProgId as the default and classifies Firefox ESR by version', () => {
    const result = windowsBrowsersFrom(
      [
        { name: 'Chrome', version: '120.0.6099.109' },
        { name: 'Firefox', version: '115.6.0esr' },
        undefined,
        { name: 'Chrome', version: '120.0.6099.109' },
      ],
      'ChromeHTML',
    );
    expect(result).toEqual({
      installed: [
        { name: 'Chrome', version: '120.0.6099.109', isDefault: true },
        { name: 'Firefox', version: '115.6.0esr', isDefault: false },
      ],
      defaultBrowser: 'Chrome',
    });
    expect(windowsBrowsersFrom([], 'FirefoxURL-308046B0AF4A39CB').defaultBrowser).toBe('Firefox');
    expect(windowsBrowsersFrom([], 'SomeOtherBrowserURL').defaultBrowser).toBe('SomeOtherBrowserURL');
  });

  it('reads the version beside the executable: a version folder, or application.ini', async () => {
    const dir = await tempDir();
    const chrome = path.join(dir, 'Chrome', 'Application');
    await mkdir(path.join(chrome, '119.0.6045.200'), { recursive: true });
    await mkdir(path.join(chrome, '120.0.6099.109'), { recursive: true });
    await mkdir(path.join(chrome, 'SetupMetrics'), { recursive: true });
    expect(await versionBesideExecutable(path.join(chrome, 'chrome.exe'))).toBe('120.0.6099.109');
    const firefox = path.join(dir, 'Mozilla Firefox');
    await mkdir(firefox, { recursive: true });
    await writeFile(path.join(firefox, 'application.ini'), '[App]\r\nVendor=Mozilla\r\nName=Firefox\r\nVersion=121.0\r\n');
    expect(await versionBesideExecutable(path.join(firefox, 'firefox.exe'))).toBe('121.0');
  });

  it('looks for .NET under Program Files and DOTNET_ROOT', () => {
    const roots = dotnetRootCandidates({
      platform: 'win32',
      env: { ProgramFiles: 'C:\\Program Files', 'ProgramFiles(x86)': 'C:\\Program Files (x86)', DOTNET_ROOT: 'D:\\dotnet' },
      homeDir: 'C:\\Users\\someone',
    });
    expect(roots).toEqual(['D:\\dotnet', 'C:\\Program Files\\dotnet', 'C:\\Program Files (x86)\\dotnet', 'C:\\Users\\someone\\.dotnet']);
  });
});

describe('macOS', () => {
  const launchServices = `<?xml version="1.0" encoding="UTF-8"?>
<plist version="1.0"><dict><key>LSHandlers</key><array>
<dict><key>LSHandlerContentType</key><string>public.html</string><key>LSHandlerRoleAll</key><string>com.google.chrome</string></dict>
<dict><key>LSHandlerPreferredVersions</key><dict><key>LSHandlerRoleAll</key><string>-</string></dict>
<key>LSHandlerRoleAll</key><string>org.mozilla.firefox</string><key>LSHandlerURLScheme</key><string>https</string></dict>
</array></dict></plist>`;

  it('reads the https handler from LaunchServices', () => {
    expect(defaultHttpsHandler(parsePlistXml(launchServices))).toBe('org.mozilla.firefox');
    expect(defaultHttpsHandler(parsePlistXml('<plist><dict/></plist>'))).toBeUndefined();
  });

  it('finds apps in /Applications and ~/Applications by their Info.plist', async () => {
    const home = await tempDir();
    const firefox = path.join(home, 'Applications', 'Firefox.app', 'Contents');
    await mkdir(firefox, { recursive: true });
    await writeFile(
      path.join(firefox, 'Info.plist'),
      '<?xml version="1.0"?><plist version="1.0"><dict><key>CFBundleShortVersionString</key><string>121.0</string></dict></plist>',
    );
    const prefs = path.join(home, 'Library', 'Preferences', 'com.apple.LaunchServices');
    await mkdir(prefs, { recursive: true });
    await writeFile(path.join(prefs, 'com.apple.launchservices.secure.plist'), launchServices);

    const found = await findMacBrowsers({
      platform: 'darwin',
      env: {},
      homeDir: home,
      dataDir: home,
      signal: new AbortController().signal,
      commandTimeoutMs: 1000,
    });
    expect(found.installed).toContainEqual({ name: 'Firefox', version: '121.0', isDefault: true });
    expect(found.defaultBrowser).toBe('Firefox');
    expect(bundleShortVersion(parsePlistXml('<plist><array/></plist>'))).toBeUndefined();
  });
});

describe('.NET install folders', () => {
  it('reads runtimes and SDKs from shared/ and sdk/ when dotnet is not on PATH', async () => {
    const root = await tempDir();
    await mkdir(path.join(root, 'shared', 'Microsoft.NETCore.App', '8.0.1'), { recursive: true });
    await mkdir(path.join(root, 'shared', 'Microsoft.AspNetCore.App', '8.0.1'), { recursive: true });
    await mkdir(path.join(root, 'sdk', '8.0.101'), { recursive: true });
    await mkdir(path.join(root, 'sdk', 'NuGetFallbackFolder'), { recursive: true });
    const found = await scanDotnetRoot(root);
    expect(found.sdks).toEqual([{ version: '8.0.101', root }]);
    expect(found.runtimes).toHaveLength(2);
    expect(found.runtimes).toContainEqual({ name: 'Microsoft.NETCore.App', version: '8.0.1', root });
  });
});
