import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { InstalledBrowser } from '../../../contract/diagnostics';
import { BROWSER_CATALOG, classifyFirefox, matchesPattern } from '../browser-catalog';
import { parseKeyValueLines } from '../parsers/key-value';
import { parseRegQuery, registryValue } from '../parsers/registry';
import { commandOptions, compareVersions, type ProbeContext } from '../probe-context';
import { runCommand } from '../run-command';
import type { FoundBrowsers } from './browsers-linux';

const START_MENU_INTERNET = [
  'HKLM\\SOFTWARE\\Clients\\StartMenuInternet',
  'HKCU\\SOFTWARE\\Clients\\StartMenuInternet',
  'HKLM\\SOFTWARE\\WOW6432Node\\Clients\\StartMenuInternet',
];
const HTTPS_USER_CHOICE = 'HKCU\\Software\\Microsoft\\Windows\\Shell\\Associations\\UrlAssociations\\https\\UserChoice';

/** The program in a `shell\open\command` default value: `"C:\…\chrome.exe" --flag` → `C:\…\chrome.exe`. */
export function commandProgram(command: string): string | undefined {
  const match = /^\s*(?:"([^"]+)"|(\S+))/.exec(command);
  return match?.[1] ?? match?.[2];
}

const HIVES: Record<string, string> = { HKLM: 'HKEY_LOCAL_MACHINE', HKCU: 'HKEY_CURRENT_USER' };

/** `HKLM\\…` → `HKEY_LOCAL_MACHINE\\…`, as reg.exe prints key paths. */
function expandHive(key: string): string {
  const [hive = '', ...rest] = key.split('\\');
  return [HIVES[hive.toUpperCase()] ?? hive, ...rest].join('\\');
}

/** The direct subkey names listed by `reg query <parent>` (without /s). */
export function subkeyNames(regQueryOutput: string, parent: string): string[] {
  const prefix = `${expandHive(parent).toLowerCase()}\\`;
  return parseRegQuery(regQueryOutput)
    .map((key) => key.path)
    .filter((keyPath) => keyPath.toLowerCase().startsWith(prefix) && !keyPath.slice(prefix.length).includes('\\'))
    .map((keyPath) => keyPath.slice(prefix.length));
}

/**
 * The installed version of a Windows browser without starting it: Chromium-based browsers keep a
 * folder named after the version beside the executable; Firefox has `application.ini`.
 */
export async function versionBesideExecutable(executable: string): Promise<string | undefined> {
  const folder = path.win32.dirname(executable);
  try {
    const ini = parseKeyValueLines(await readFile(path.join(folder, 'application.ini'), 'utf8'));
    if (ini.Version !== undefined) return ini.Version;
  } catch {
    // Not Firefox; look for a version folder.
  }
  try {
    const versions = (await readdir(folder)).filter((name) => /^\d+(\.\d+){2,}$/.test(name));
    return versions.sort(compareVersions).at(-1);
  } catch {
    return undefined;
  }
}

/**
 * Windows: `StartMenuInternet` clients (machine and user, 64- and 32-bit views), their
 * `shell\open\command` programs, and the https `UserChoice` ProgId for the default.
 */
export async function findWindowsBrowsers(context: ProbeContext): Promise<FoundBrowsers> {
  const reg = async (args: string[]): Promise<string> => {
    try {
      return await runCommand('reg', ['query', ...args], commandOptions(context));
    } catch {
      return '';
    }
  };
  const clientKeys = (
    await Promise.all(START_MENU_INTERNET.map(async (parent) => subkeyNames(await reg([parent]), parent).map((name) => ({ parent, name }))))
  ).flat();

  const found = await Promise.all(
    clientKeys.map(async ({ parent, name }) => {
      const entry = BROWSER_CATALOG.find((candidate) => candidate.windowsClients.some((pattern) => matchesPattern(name, pattern)));
      if (entry === undefined) return undefined;
      // With /ve reg.exe prints only the default value, under a localised name: take the first value.
      const command = parseRegQuery(await reg([`${parent}\\${name}\\shell\\open\\command`, '/ve']))[0]?.values[0]?.data;
      const executable = typeof command === 'string' ? commandProgram(command) : undefined;
      const version = executable === undefined ? undefined : await versionBesideExecutable(executable);
      return version === undefined ? undefined : { name: classifyFirefox(entry.name, version), version };
    }),
  );

  const progId = registryValue(parseRegQuery(await reg([HTTPS_USER_CHOICE, '/v', 'ProgId']))[0], 'ProgId');
  return windowsBrowsersFrom(found, typeof progId === 'string' ? progId : undefined);
}

/** Merges what was found with the default ProgId. Pure, so it is tested with recorded values. */
export function windowsBrowsersFrom(
  found: readonly ({ name: InstalledBrowser['name']; version: string } | undefined)[],
  httpsProgId: string | undefined,
): FoundBrowsers {
  const defaultEntry = BROWSER_CATALOG.find((entry) =>
    entry.windowsProgIds.some((prefix) => httpsProgId?.toLowerCase().startsWith(prefix.toLowerCase()) === true),
  );
  const installed: InstalledBrowser[] = [];
  for (const browser of found) {
    if (browser === undefined) continue;
    if (installed.some((other) => other.name === browser.name && other.version === browser.version)) continue;
    const isDefault = defaultEntry !== undefined && browser.name.startsWith(defaultEntry.name);
    installed.push({ ...browser, isDefault });
  }
  const result: FoundBrowsers = { installed };
  if (httpsProgId !== undefined) result.defaultBrowser = defaultEntry?.name ?? httpsProgId;
  return result;
}
