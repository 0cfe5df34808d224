import { describe, expect, it } from 'vitest';
import { parseListRuntimes, parseListSdks } from '../../../../main/diagnostics/parsers/dotnet-list';
import { listFixtures, readFixture } from '../../../helpers/fixtures';

describe('parseListRuntimes', () => {
  it('reads every line of every real --list-runtimes output', () => {
    for (const file of listFixtures('dotnet', 'list-runtimes')) {
      const text = readFixture('dotnet', 'list-runtimes', file);
      const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
      expect(parseListRuntimes(text), file).toHaveLength(lines.length);
    }
  });

  it('names the framework, version and dotnet root on Windows', () => {
    const runtimes = parseListRuntimes(readFixture('dotnet', 'list-runtimes', 'docs_windows.txt'));
    expect(runtimes[0]).toEqual({ name: 'Microsoft.AspNetCore.All', version: '2.1.7', root: 'c:\\program files\\dotnet' });
    expect(runtimes.filter((runtime) => runtime.name === 'Microsoft.WindowsDesktop.App').map((runtime) => runtime.version)).toEqual([
      '3.0.0',
      '3.1.0',
      '5.0.0',
      '6.0.0',
    ]);
  });

  it('finds the root in 2018 output, whose bracket stops at shared', () => {
    const runtimes = parseListRuntimes(readFixture('dotnet', 'list-runtimes', 'gh_dotnet-runtime-3067_2018-legacy-path-format.txt'));
    expect(runtimes).toContainEqual({
      name: 'Microsoft.NETCore.App',
      version: '2.1.0-preview1-26216-03',
      root: 'C:\\Program Files\\dotnet',
    });
    expect(new Set(runtimes.map((runtime) => runtime.root))).toEqual(new Set(['C:\\Program Files\\dotnet']));
  });

  it('reads POSIX roots and the runtimes inside dotnet --info', () => {
    expect(parseListRuntimes(readFixture('dotnet', 'list-runtimes', 'docs_macos.txt'))[0]?.root).toBe('/usr/local/share/dotnet');
    expect(parseListRuntimes(readFixture('dotnet', 'list-runtimes', 'docs_linux.txt'))[0]?.root).toBe('/home/user/dotnet');
    const fromInfo = parseListRuntimes(readFixture('dotnet', 'info', 'gh_dotnet-runtime-70403_dotnet-info-7.0-preview.txt'));
    expect(fromInfo.map((runtime) => runtime.version)).toEqual([
      '7.0.0-preview.4.22251.1',
      '7.0.0-preview.4.22229.4',
      '7.0.0-preview.4.22229.2',
    ]);
  });
});

describe('parseListSdks', () => {
  it('reads every real --list-sdks output, keeping the same version from two roots apart', () => {
    for (const file of listFixtures('dotnet', 'list-sdks')) {
      const text = readFixture('dotnet', 'list-sdks', file);
      const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
      expect(parseListSdks(text), file).toHaveLength(lines.length);
    }
    expect(parseListSdks(readFixture('dotnet', 'list-sdks', 'gh_dotnet-core-setup-3132_first-implementation-sample.txt'))).toEqual([
      { version: '2.0.0', root: 'C:\\git\\repros\\dotnet' },
      { version: '2.0.0', root: 'C:\\Program Files\\dotnet' },
      { version: '2.1.13', root: 'C:\\Program Files\\dotnet' },
    ]);
    expect(parseListSdks(readFixture('dotnet', 'list-sdks', 'gh_dotnet-runtime-61400_macos-arm64.txt'))).toEqual([
      { version: '6.0.100', root: '/usr/local/share/dotnet' },
    ]);
  });

  it('reads nothing from "No SDKs were found."', () => {
    expect(parseListSdks(readFixture('dotnet', 'info', 'gh_dotnet-runtime-70403_dotnet-info-7.0-preview.txt'))).toEqual([]);
  });
});
