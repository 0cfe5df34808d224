import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { netFrameworksFromRegistry, netFrameworkVersionForRelease } from '../../../../main/diagnostics/parsers/netfx';
import { parseRegeditExport, parseRegQuery, type RegistryKey } from '../../../../main/diagnostics/parsers/registry';
import { fixturePath, readCsvFixture, readFixture } from '../../../helpers/fixtures';

describe('netFrameworkVersionForRelease', () => {
  it("maps every value of Microsoft's table to its version", () => {
    const rows = readCsvFixture('dotnet', 'netfx-release-keys.csv');
    expect(rows).toHaveLength(23);
    for (const row of rows) {
      expect(netFrameworkVersionForRelease(Number(row.release_dword)), row.release_dword).toBe(row.netfx_version);
    }
  });

  it('uses >= against the minimums (4.8.1 starts at 533320, not 533509)', () => {
    for (const row of readCsvFixture('dotnet', 'netfx-release-keys-minimum.csv')) {
      const minimum = Number(row.minimum_release_dword);
      expect(netFrameworkVersionForRelease(minimum)).toBe(row.netfx_version);
      expect(netFrameworkVersionForRelease(minimum - 1)).not.toBe(row.netfx_version);
    }
    expect(netFrameworkVersionForRelease(378388)).toBeUndefined();
  });

  it('maps the values seen in the wild, outside the table', () => {
    for (const row of readCsvFixture('dotnet', 'netfx-release-keys-observed.csv')) {
      if (row.release_dword === '') continue;
      expect(netFrameworkVersionForRelease(Number(row.release_dword)), row.observation).toBe(row.netfx_version);
    }
  });
});

describe('netFrameworksFromRegistry', () => {
  it('reads .NET 4.7.2 from real reg query output, LF and CRLF alike', () => {
    for (const file of ['unattributed_ndp-v4-full_net472_full-key.txt', 'unattributed_ndp-v4-full_net472_full-key.crlf.txt']) {
      const keys = parseRegQuery(readFixture('dotnet', 'reg-query', file));
      expect(netFrameworksFromRegistry(keys), file).toEqual([{ version: '4.7.2', release: 461814 }]);
    }
  });

  it('reads Release from `reg query /v Release` output', () => {
    const keys = parseRegQuery(readFixture('dotnet', 'reg-query', 'unattributed_ndp-v4-full_v-release_net48-528049.crlf.txt'));
    expect(keys[0]?.values).toEqual([{ name: 'Release', type: 'REG_DWORD', data: 528049 }]);
  });

  it('reports 4.8.1 from the Windows 10 values', () => {
    const json = JSON.parse(readFixture('dotnet', 'reg-query', 'rjcp_win10-net481_ndp-v4_values.json')) as {
      keys: Record<string, Record<string, [string, string | number]>>;
    };
    const keys: RegistryKey[] = Object.entries(json.keys).map(([path, values]) => ({
      path,
      values: Object.entries(values).map(([name, [type, data]]) => ({ name, type, data })),
    }));
    expect(netFrameworksFromRegistry(keys)).toEqual([{ version: '4.8.1', release: 533325 }]);
  });

  it('reports 4.0, not 4.5+, when v4\\Full has no Release (Windows XP, UTF-16 regedit export)', () => {
    const keys = parseRegeditExport(readFileSync(fixturePath('dotnet', 'reg-query', 'rjcp_winxp-net40_ndp-v4_regedit-export-excerpt.reg')));
    expect(keys.map((key) => key.path.split('\\').slice(-2).join('\\'))).toContain('v4\\Full');
    expect(netFrameworksFromRegistry(keys)).toEqual([{ version: '4.0' }]);
  });

  it('takes the newest Release when v4\\Full is stale and Full\\1033 was upgraded', () => {
    const keys = parseRegQuery(
      [
        'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full',
        '    Install    REG_DWORD    0x1',
        '    Release    REG_DWORD    0x70bf6',
        '',
        'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full\\1033',
        '    Install    REG_DWORD    0x1',
        '    Release    REG_DWORD    0x80ea8',
      ].join('\r\n'),
    );
    expect(netFrameworksFromRegistry(keys)).toEqual([{ version: '4.8', release: 528040 }]);
  });

  it('reads a Russian-locale /s listing by column, whatever the default value is called', () => {
    const keys = parseRegQuery(readFixture('dotnet', 'reg-query', 'gh_lostindark-DriverStoreExplorer-295_ru-RU_slash-s_v3.0-excerpt.txt'));
    expect(keys).toHaveLength(3);
    const wpf = keys[2];
    expect(wpf?.values[0]).toEqual({ name: '(по умолчанию)', type: 'REG_SZ', data: 'WPF v3.0.6920.4902' });
    expect(wpf?.values.find((value) => value.name === 'Version')?.data).toBe('3.0.6920.4902');
    // These keys sit below v3.0\Setup, not v3.0 itself: no Install flag, so no 3.0 is claimed.
    expect(netFrameworksFromRegistry(keys)).toEqual([]);
  });

  it('reads the v4\\Client block of a /s listing without taking it for Full', () => {
    const keys = parseRegQuery(readFixture('dotnet', 'reg-query', 'unattributed_ndp-slash-s_v4-client-block_net472.txt'));
    expect(keys[0]?.values.find((value) => value.name === 'Release')?.data).toBe(461814);
    expect(netFrameworksFromRegistry(keys)).toEqual([]);
  });

  it('lists 2.0, 3.0 and 3.5 with their service packs', () => {
    const keys = parseRegQuery(
      [
        'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v2.0.50727',
        '    Install    REG_DWORD    0x1',
        '    SP    REG_DWORD    0x2',
        'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v3.5',
        '    Install    REG_DWORD    0x1',
        '    SP    REG_DWORD    0x1',
      ].join('\n'),
    );
    expect(netFrameworksFromRegistry(keys)).toEqual([
      { version: '2.0', servicePack: 2 },
      { version: '3.5', servicePack: 1 },
    ]);
  });
});
