import { constants } from 'node:fs';
import { access, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { DotnetInfo, DotnetRuntime, DotnetSdk, NetFramework } from '../../../contract/diagnostics';
import { parseListRuntimes, parseListSdks } from '../parsers/dotnet-list';
import { netFrameworksFromRegistry } from '../parsers/netfx';
import { parseRegQuery } from '../parsers/registry';
import { commandOptions, compareVersions, type ProbeContext } from '../probe-context';
import { runCommand } from '../run-command';

const NDP_KEY = 'HKLM\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP';

/** Where .NET installs itself on each OS, besides DOTNET_ROOT and `dotnet` on PATH. */
export function dotnetRootCandidates(context: Pick<ProbeContext, 'platform' | 'env' | 'homeDir'>): string[] {
  const { env, platform } = context;
  const fromEnv = Object.entries(env)
    .filter(([name]) => /^DOTNET_ROOT(_X64|_X86|_ARM64|\(x86\))?$/i.test(name))
    .map(([, value]) => value)
    .filter((value): value is string => value !== undefined && value !== '');
  const join = (...parts: string[]): string => (platform === 'win32' ? path.win32.join(...parts) : path.posix.join(...parts));
  const byPlatform =
    platform === 'win32'
      ? [env.ProgramFiles, env['ProgramFiles(x86)']].filter((dir): dir is string => dir !== undefined).map((dir) => join(dir, 'dotnet'))
      : platform === 'darwin'
        ? ['/usr/local/share/dotnet', '/usr/local/share/dotnet/x64', '/opt/homebrew/share/dotnet']
        : [
            '/usr/share/dotnet',
            '/usr/lib/dotnet',
            '/usr/lib64/dotnet',
            '/usr/local/share/dotnet',
            '/opt/dotnet',
            '/snap/dotnet-sdk/current',
          ];
  return [...new Set([...fromEnv, ...byPlatform, join(context.homeDir, '.dotnet')])];
}

async function listVersions(folder: string): Promise<string[]> {
  try {
    const entries = await readdir(folder, { withFileTypes: true });
    return entries.filter((entry) => entry.isDirectory() && /^\d+\.\d+/.test(entry.name)).map((entry) => entry.name);
  } catch {
    return [];
  }
}

/** Reads runtimes (`shared/<framework>/<version>`) and SDKs (`sdk/<version>`) straight from a root. */
export async function scanDotnetRoot(root: string): Promise<{ runtimes: DotnetRuntime[]; sdks: DotnetSdk[] }> {
  const runtimes: DotnetRuntime[] = [];
  let frameworks: string[] = [];
  try {
    frameworks = (await readdir(path.join(root, 'shared'), { withFileTypes: true }))
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
  } catch {
    frameworks = [];
  }
  for (const name of frameworks) {
    for (const version of await listVersions(path.join(root, 'shared', name))) runtimes.push({ name, version, root });
  }
  const sdks = (await listVersions(path.join(root, 'sdk'))).map((version) => ({ version, root }));
  return { runtimes, sdks };
}

async function dotnetExecutable(context: ProbeContext): Promise<string | undefined> {
  const name = context.platform === 'win32' ? 'dotnet.exe' : 'dotnet';
  for (const dir of (context.env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, name);
    try {
      await access(file, constants.X_OK);
      return file;
    } catch {
      // Not in this folder.
    }
  }
  return undefined;
}

function sameRoot(a: string, b: string, platform: NodeJS.Platform): boolean {
  const normalise = (dir: string): string => {
    const trimmed = dir.replace(/[\\/]+$/, '');
    return platform === 'win32' ? trimmed.replace(/\//g, '\\').toLowerCase() : trimmed;
  };
  return normalise(a) === normalise(b);
}

/**
 * .NET runtimes and SDKs from `dotnet --list-runtimes/--list-sdks` and from the install folders
 * (so they are found when `dotnet` is not on PATH), and on Windows .NET Framework from the registry.
 */
export async function probeDotnet(context: ProbeContext): Promise<DotnetInfo> {
  const executable = await dotnetExecutable(context);
  const [listed, scanned, framework] = await Promise.all([
    executable === undefined ? undefined : listWithDotnet(executable, context),
    Promise.all(dotnetRootCandidates(context).map((root) => scanDotnetRoot(root))),
    context.platform === 'win32' ? netFrameworkFromRegistry(context) : Promise.resolve<NetFramework[]>([]),
  ]);

  const runtimes: DotnetRuntime[] = [];
  const sdks: DotnetSdk[] = [];
  for (const source of [listed, ...scanned]) {
    for (const runtime of source?.runtimes ?? []) {
      const duplicate = runtimes.some(
        (other) => other.name === runtime.name && other.version === runtime.version && sameRoot(other.root, runtime.root, context.platform),
      );
      if (!duplicate) runtimes.push(runtime);
    }
    for (const sdk of source?.sdks ?? []) {
      if (!sdks.some((other) => other.version === sdk.version && sameRoot(other.root, sdk.root, context.platform))) sdks.push(sdk);
    }
  }
  runtimes.sort((a, b) => a.name.localeCompare(b.name) || compareVersions(a.version, b.version));
  sdks.sort((a, b) => compareVersions(a.version, b.version));
  return { framework, runtimes, sdks };
}

async function listWithDotnet(executable: string, context: ProbeContext): Promise<{ runtimes: DotnetRuntime[]; sdks: DotnetSdk[] }> {
  const options = commandOptions(context);
  const [runtimes, sdks] = await Promise.all([
    runCommand(executable, ['--list-runtimes'], options).then(parseListRuntimes, () => []),
    runCommand(executable, ['--list-sdks'], options).then(parseListSdks, () => []),
  ]);
  return { runtimes, sdks };
}

async function netFrameworkFromRegistry(context: ProbeContext): Promise<NetFramework[]> {
  return netFrameworksFromRegistry(parseRegQuery(await runCommand('reg', ['query', NDP_KEY, '/s'], commandOptions(context))));
}
