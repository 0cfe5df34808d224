import { describe, expect, it } from 'vitest';
import { parseBrowserVersion } from '../../../../main/diagnostics/parsers/browser-version';
import { desktopExecProgram, parseDesktopEntry } from '../../../../main/diagnostics/parsers/desktop-entry';
import { parseKeyValueLines, parseSwVers } from '../../../../main/diagnostics/parsers/key-value';
import { isPlistDict, parsePlistXml } from '../../../../main/diagnostics/parsers/plist';

describe('parseBrowserVersion', () => {
  it.each([
    ['Chromium 156.0.8078.108 built on Debian GNU/Linux 12 (bookworm)', '156.0.8078.108'],
    ['Mozilla Firefox 153.8.0esr', '153.8.0esr'],
    ['Mozilla Firefox 121.0', '121.0'],
    ['Google Chrome 120.0.6099.109 ', '120.0.6099.109'],
    ['Microsoft Edge 120.0.2210.61', '120.0.2210.61'],
    ['Vivaldi 6.5.3206.48 stable', '6.5.3206.48'],
    ['Brave Browser 120.1.61.109', '120.1.61.109'],
  ])('%s', (output, version) => {
    expect(parseBrowserVersion(output)).toBe(version);
  });

  it('finds nothing in output without a version', () => {
    expect(parseBrowserVersion('Segmentation fault')).toBeUndefined();
  });
});

describe('parseKeyValueLines and parseSwVers', () => {
  it('reads quoted and unquoted values', () => {
    const fields = parseKeyValueLines(
      'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n# comment\n',
    );
    expect(fields).toMatchObject({ PRETTY_NAME: 'Debian GNU/Linux 12 (bookworm)', VERSION_ID: '12', ID: 'debian' });
  });

  it('reads sw_vers', () => {
    expect(parseSwVers('ProductName:\t\tmacOS\nProductVersion:\t\t14.5\nBuildVersion:\t\t23F79\n')).toEqual({
      productName: 'macOS',
      productVersion: '14.5',
      buildVersion: '23F79',
    });
  });
});

describe('parseDesktopEntry', () => {
  it('reads the main group only and strips field codes from Exec', () => {
    const entry = parseDesktopEntry(
      '[Desktop Entry]\nName=Chromium Web Browser\nName[de]=Chromium-Webbrowser\nExec=/usr/bin/chromium %U\nMimeType=text/html;x-scheme-handler/https;\n\n[Desktop Action new-window]\nName=New Window\nExec=/usr/bin/chromium --new-window\n',
    );
    expect(entry).toEqual({
      name: 'Chromium Web Browser',
      exec: '/usr/bin/chromium %U',
      mimeTypes: ['text/html', 'x-scheme-handler/https'],
    });
    expect(desktopExecProgram(entry.exec ?? '')).toBe('/usr/bin/chromium');
    expect(desktopExecProgram('"/opt/My Browser/browser" %u')).toBe('/opt/My Browser/browser');
    expect(desktopExecProgram('env GDK_BACKEND=x11 /usr/bin/browser')).toBeUndefined();
  });
});

describe('parsePlistXml', () => {
  it('reads an Info.plist', () => {
    const value = parsePlistXml(`<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>CFBundleIdentifier</key><string>org.mozilla.firefox</string>
  <key>CFBundleShortVersionString</key><string>121.0</string>
  <key>LSMinimumSystemVersion</key><string>10.15.0</string>
  <key>NSHighResolutionCapable</key><true/>
  <key>CFBundleURLTypes</key>
  <array><dict><key>CFBundleURLSchemes</key><array><string>http</string><string>https</string></array></dict></array>
  <key>Count</key><integer>3</integer>
  <key>Escaped</key><string>A &amp; B &lt;x&gt;</string>
  <key>Empty</key><string/>
</dict>
</plist>`);
    expect(isPlistDict(value)).toBe(true);
    expect(value).toMatchObject({
      CFBundleShortVersionString: '121.0',
      NSHighResolutionCapable: true,
      CFBundleURLTypes: [{ CFBundleURLSchemes: ['http', 'https'] }],
      Count: 3,
      Escaped: 'A & B <x>',
      Empty: '',
    });
  });

  it('rejects a truncated list with a clear error', () => {
    expect(() => parsePlistXml('<plist><dict><key>a</key>')).toThrow(/ends early/);
  });

  it('does not let a key named __proto__ change the prototype', () => {
    const value = parsePlistXml('<plist><dict><key>__proto__</key><dict><key>polluted</key><true/></dict></dict></plist>');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });
});
