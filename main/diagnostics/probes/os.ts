import { readFile } from 'node:fs/promises';
import os from 'node:os';
import type { OsInfo } from '../../../contract/diagnostics';
import { parseKeyValueLines, parseSwVers } from '../parsers/key-value';
import { parseRegQuery, registryValue } from '../parsers/registry';
import { commandOptions, type ProbeContext } from '../probe-context';
import { runCommand } from '../run-command';

const WINDOWS_CURRENT_VERSION = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';

/**
 * The user's locale as a BCP 47 tag. On POSIX systems it is the locale environment
 * (`en_US.UTF-8` → `en-US`, unset → `C`); Windows keeps it in the user profile, which ICU reads.
 * Asking ICU costs ~15 ms at first use, so it is the last resort.
 */
export function osLocale(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string {
  if (platform !== 'win32') {
    const posix = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((value) => value !== undefined && value !== '');
    if (posix !== undefined) {
      const tag = posix.split(/[.@]/)[0] ?? '';
      return tag === 'C' || tag === 'POSIX' || tag === '' ? 'C' : tag.replace(/_/g, '-');
    }
    if (platform === 'linux') return 'C';
  }
  return Intl.DateTimeFormat().resolvedOptions().locale;
}

/** Windows names itself "Windows 10 …" in the registry even on 11; build 22000 is where 11 starts. */
export function windowsOsFromRegistry(regQueryOutput: string, kernelRelease: string): Pick<OsInfo, 'name' | 'release' | 'build'> {
  const key = parseRegQuery(regQueryOutput)[0];
  const text = (name: string): string | undefined => {
    const value = registryValue(key, name);
    return value === undefined ? undefined : String(value);
  };
  const currentBuild = text('CurrentBuildNumber') ?? text('CurrentBuild') ?? kernelRelease.split('.')[2] ?? '';
  const ubr = registryValue(key, 'UBR');
  let name = text('ProductName') ?? 'Windows';
  if (Number(currentBuild) >= 22000) name = name.replace(/^Windows 10\b/, 'Windows 11');
  const [major = '10', minor = '0'] = kernelRelease.split('.');
  return {
    name,
    release: text('DisplayVersion') ?? text('ReleaseId') ?? '',
    build: [major, minor, currentBuild, ...(typeof ubr === 'number' ? [String(ubr)] : [])].join('.'),
  };
}

export async function probeOs(context: ProbeContext): Promise<OsInfo> {
  const base = {
    platform: context.platform,
    kernel: os.release(),
    arch: os.arch(),
    locale: osLocale(context.env, context.platform),
  };
  if (context.platform === 'win32') {
    const stdout = await runCommand('reg', ['query', WINDOWS_CURRENT_VERSION], commandOptions(context));
    return { ...base, ...windowsOsFromRegistry(stdout, os.release()) };
  }
  if (context.platform === 'darwin') {
    const stdout = await runCommand('sw_vers', [], commandOptions(context));
    const versions = parseSwVers(stdout);
    return {
      ...base,
      name: versions.productName ?? 'macOS',
      release: versions.productVersion ?? '',
      build: versions.buildVersion ?? '',
    };
  }
  let release: Record<string, string> = {};
  for (const file of ['/etc/os-release', '/usr/lib/os-release']) {
    try {
      release = parseKeyValueLines(await readFile(file, 'utf8'));
      break;
    } catch {
      // The spec allows either file.
    }
  }
  return {
    ...base,
    name: release.PRETTY_NAME ?? release.NAME ?? os.type(),
    release: release.VERSION_ID ?? '',
    build: os.version(),
  };
}
