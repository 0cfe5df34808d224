import { constants } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserName, InstalledBrowser } from '../../../contract/diagnostics';
import { BROWSER_CATALOG, classifyFirefox } from '../browser-catalog';
import { desktopExecProgram, parseDesktopEntry } from '../parsers/desktop-entry';
import { parseBrowserVersion } from '../parsers/browser-version';
import { commandOptions, type ProbeContext } from '../probe-context';
import { runCommand } from '../run-command';

export interface FoundBrowsers {
  installed: InstalledBrowser[];
  defaultBrowser?: string;
}

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function desktopFileDirs(context: Pick<ProbeContext, 'env' | 'homeDir'>): string[] {
  const dataHome = context.env.XDG_DATA_HOME ?? path.join(context.homeDir, '.local', 'share');
  const dataDirs = (context.env.XDG_DATA_DIRS ?? '/usr/local/share:/usr/share').split(':').filter(Boolean);
  return [
    path.join(dataHome, 'applications'),
    ...dataDirs.map((dir) => path.join(dir, 'applications')),
    '/var/lib/flatpak/exports/share/applications',
    '/var/lib/snapd/desktop/applications',
  ];
}

async function readDesktopFile(dirs: readonly string[], id: string): Promise<ReturnType<typeof parseDesktopEntry> | undefined> {
  for (const dir of dirs) {
    try {
      return parseDesktopEntry(await readFile(path.join(dir, id), 'utf8'));
    } catch {
      // Not in this folder; the next one may have it.
    }
  }
  return undefined;
}

/**
 * Linux: executables on PATH and programs named by desktop files, each asked for `--version`
 * concurrently; the default from `xdg-settings get default-web-browser`.
 */
export async function findLinuxBrowsers(context: ProbeContext): Promise<FoundBrowsers> {
  const pathDirs = (context.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const desktopDirs = desktopFileDirs(context);
  const candidates = new Map<string, BrowserName>();

  for (const entry of BROWSER_CATALOG) {
    for (const executable of entry.executables) {
      for (const dir of pathDirs) {
        const file = path.join(dir, executable);
        if (!candidates.has(file) && (await isExecutable(file))) {
          candidates.set(file, entry.name);
          break;
        }
      }
    }
    for (const id of entry.desktopIds) {
      const program = desktopExecProgram((await readDesktopFile(desktopDirs, id))?.exec ?? '');
      if (program !== undefined && path.isAbsolute(program) && !candidates.has(program) && (await isExecutable(program))) {
        candidates.set(program, entry.name);
      }
    }
  }

  const versions = await Promise.all(
    [...candidates].map(async ([file, name]) => {
      try {
        const { stdout } = await runCommand(file, ['--version'], commandOptions(context));
        const version = parseBrowserVersion(stdout);
        return version === undefined ? undefined : { name: classifyFirefox(name, version), version };
      } catch {
        return undefined;
      }
    }),
  );

  const defaultId = await defaultDesktopId(context);
  const defaultEntry = BROWSER_CATALOG.find((entry) => defaultId !== undefined && entry.desktopIds.includes(defaultId));
  const installed: InstalledBrowser[] = [];
  for (const found of versions) {
    if (found === undefined) continue;
    if (installed.some((browser) => browser.name === found.name && browser.version === found.version)) continue;
    installed.push({ ...found, isDefault: defaultEntry?.name === found.name });
  }

  const result: FoundBrowsers = { installed };
  if (defaultId !== undefined) {
    const name = defaultEntry?.name ?? (await readDesktopFile(desktopDirs, defaultId))?.name ?? defaultId;
    result.defaultBrowser = name;
  }
  return result;
}

async function defaultDesktopId(context: ProbeContext): Promise<string | undefined> {
  try {
    const { stdout } = await runCommand('xdg-settings', ['get', 'default-web-browser'], commandOptions(context));
    const id = stdout.trim();
    return id.endsWith('.desktop') ? id : undefined;
  } catch {
    return undefined;
  }
}
