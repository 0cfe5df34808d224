import type { NetFramework } from '../../../contract/diagnostics';
import { registryValue, type RegistryKey } from './registry';

/**
 * The smallest `Release` value of each .NET Framework 4.5+ version, from Microsoft's table
 * ("How to determine which .NET Framework versions are installed", © Microsoft, dotnet/docs,
 * CC BY 4.0). A machine's value is compared with `>=`: OS-specific builds have larger values.
 */
const NETFX_MINIMUM_RELEASES: readonly (readonly [version: string, minimumRelease: number])[] = [
  ['4.8.1', 533320],
  ['4.8', 528040],
  ['4.7.2', 461808],
  ['4.7.1', 461308],
  ['4.7', 460798],
  ['4.6.2', 394802],
  ['4.6.1', 394254],
  ['4.6', 393295],
  ['4.5.2', 379893],
  ['4.5.1', 378675],
  ['4.5', 378389],
];

/** Maps a v4 `Release` DWORD to its version; undefined below 4.5's minimum. */
export function netFrameworkVersionForRelease(release: number): string | undefined {
  return NETFX_MINIMUM_RELEASES.find(([, minimum]) => release >= minimum)?.[0];
}

const NDP = '\\net framework setup\\ndp\\';

/**
 * Reads the installed .NET Framework versions from the keys under
 * `HKLM\SOFTWARE\Microsoft\NET Framework Setup\NDP` (as `reg query … /s` or a regedit export).
 */
export function netFrameworksFromRegistry(keys: readonly RegistryKey[]): NetFramework[] {
  const below = (key: RegistryKey): string | undefined => {
    const path = key.path.toLowerCase();
    const index = path.indexOf(NDP);
    return index === -1 ? undefined : path.slice(index + NDP.length);
  };
  const frameworks: NetFramework[] = [];

  for (const [keyName, version] of [
    ['v2.0.50727', '2.0'],
    ['v3.0', '3.0'],
    ['v3.5', '3.5'],
  ] as const) {
    const key = keys.find((candidate) => below(candidate) === keyName);
    if (registryValue(key, 'Install') !== 1) continue;
    const servicePack = registryValue(key, 'SP');
    frameworks.push(typeof servicePack === 'number' ? { version, servicePack } : { version });
  }

  // v4\Full and its language subkeys (Full\1033 …): after an upgrade, the Full value can be stale
  // while a language subkey carries the new Release, so the largest one wins.
  const v4Keys = keys.filter((key) => {
    const name = below(key);
    return name !== undefined && /^v4\\full(\\\d+)?$/.test(name) && registryValue(key, 'Install') === 1;
  });
  if (v4Keys.length > 0) {
    const releases = v4Keys.map((key) => registryValue(key, 'Release')).filter((value): value is number => typeof value === 'number');
    if (releases.length === 0) {
      // .NET 4.0 has no Release value (Windows XP with 4.0 only).
      frameworks.push({ version: '4.0' });
    } else {
      const release = Math.max(...releases);
      frameworks.push({ version: netFrameworkVersionForRelease(release) ?? '4.0', release });
    }
  }
  return frameworks;
}
