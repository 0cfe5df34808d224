import { constants } from 'node:fs';
import { access, open, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { BrowserName, InstalledBrowser } from '../../../contract/diagnostics';
import { BROWSER_CATALOG, classifyFirefox } from '../browser-catalog';
import { desktopExecProgram, parseDesktopEntry, type DesktopEntry } from '../parsers/desktop-entry';
import { parseBrowserVersion } from '../parsers/browser-version';
import { commandOptions, type ProbeContext } from '../probe-context';
import { runCommand } from '../run-command';
import { linuxDefaultBrowserId } from './linux-default-browser';

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

/** Each folder's entries, read once and concurrently: cheaper than probing every name in every folder. */
async function listFolders(folders: readonly string[]): Promise<Map<string, Set<string>>> {
  const listings = await Promise.all(
    folders.map(async (folder) => {
      try {
        return [folder, new Set(await readdir(folder))] as const;
      } catch {
        return [folder, new Set<string>()] as const;
      }
    }),
  );
  return new Map(listings);
}

function firstFolderWith(listings: Map<string, Set<string>>, name: string): string | undefined {
  for (const [folder, names] of listings) if (names.has(name)) return path.join(folder, name);
  return undefined;
}

/**
 * Linux: executables on PATH and programs named by desktop files, each asked for `--version`
 * concurrently; the default as `xdg-settings get default-web-browser` resolves it.
 */
export async function findLinuxBrowsers(context: ProbeContext): Promise<FoundBrowsers> {
  const defaultIdLookup = defaultDesktopId(context);
  const pathDirs = [...new Set((context.env.PATH ?? '').split(path.delimiter).filter(Boolean))];
  const desktopListing = listFolders(desktopFileDirs(context));
  const readDesktopFile = async (id: string): Promise<DesktopEntry | undefined> => {
    const file = firstFolderWith(await desktopListing, id);
    return file === undefined ? undefined : parseDesktopEntry(await readFile(file, 'utf8').catch(() => ''));
  };
  const askVersion = async (file: string, name: BrowserName): Promise<{ name: BrowserName; version: string } | undefined> => {
    try {
      const version = parseBrowserVersion(await runCommand(file, ['--version'], commandOptions(context)));
      return version === undefined ? undefined : { name: classifyFirefox(name, version), version };
    } catch {
      return undefined;
    }
  };

  // Browsers on PATH are asked for their versions as soon as they are found; starting a browser
  // is the slow part, so it should not wait for the desktop files to be read.
  const onPath = await listFolders(pathDirs);
  const pathCandidates = new Map<string, BrowserName>();
  for (const entry of BROWSER_CATALOG) {
    for (const executable of entry.executables) {
      const file = firstFolderWith(onPath, executable);
      if (file !== undefined && !pathCandidates.has(file) && (await isExecutable(file))) pathCandidates.set(file, entry.name);
    }
  }
  await dropWrapperScripts(pathCandidates);
  const pathVersions = [...pathCandidates].map(([file, name]) => askVersion(file, name));

  // Browsers only a desktop file names (installed outside PATH).
  const fromDesktopFiles = await Promise.all(
    BROWSER_CATALOG.flatMap((entry) =>
      entry.desktopIds.map(async (id) => {
        const program = desktopExecProgram((await readDesktopFile(id))?.exec ?? '');
        if (program === undefined || !path.isAbsolute(program) || onPath.get(path.dirname(program))?.has(path.basename(program)) === true)
          return undefined;
        return (await isExecutable(program)) ? ([program, entry.name] as const) : undefined;
      }),
    ),
  );
  const desktopCandidates = new Map(fromDesktopFiles.filter((candidate) => candidate !== undefined));
  const versions = await Promise.all([...pathVersions, ...[...desktopCandidates].map(([file, name]) => askVersion(file, name))]);

  const defaultId = await defaultIdLookup;
  const defaultEntry = BROWSER_CATALOG.find((entry) => defaultId !== undefined && entry.desktopIds.includes(defaultId));
  const installed: InstalledBrowser[] = [];
  for (const found of versions) {
    if (found === undefined) continue;
    if (installed.some((browser) => browser.name === found.name && browser.version === found.version)) continue;
    installed.push({ ...found, isDefault: defaultEntry?.name === found.name });
  }

  const result: FoundBrowsers = { installed };
  if (defaultId !== undefined) {
    const name = defaultEntry?.name ?? (await readDesktopFile(defaultId))?.name ?? defaultId;
    result.defaultBrowser = name;
  }
  return result;
}

/** Distributions install launcher scripts under a browser's other names (Debian's `firefox` runs `firefox-esr`). */
const MAX_WRAPPER_SCRIPT_BYTES = 4096;

/**
 * Drops a candidate that is a short shell script starting another candidate: asking both for
 * `--version` would start the same browser twice and report it once.
 */
async function dropWrapperScripts(candidates: Map<string, BrowserName>): Promise<void> {
  const names = [...candidates.keys()].map((file) => path.basename(file));
  await Promise.all(
    [...candidates.keys()].map(async (file) => {
      let head: string;
      try {
        const handle = await open(file, 'r');
        try {
          const buffer = Buffer.alloc(MAX_WRAPPER_SCRIPT_BYTES + 1);
          const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
          if (bytesRead > MAX_WRAPPER_SCRIPT_BYTES) return;
          head = buffer.subarray(0, bytesRead).toString('utf8');
        } finally {
          await handle.close();
        }
      } catch {
        return;
      }
      const self = path.basename(file);
      if (
        head.startsWith('#!') &&
        names.some((name) => name !== self && new RegExp(`\\bexec\\s+(?:\\S*/)?${name.replace(/[.+]/g, '\\$&')}\\b`).test(head))
      ) {
        candidates.delete(file);
      }
    }),
  );
}

/** The spec's answer read directly; `xdg-settings` only when that finds nothing. */
async function defaultDesktopId(context: ProbeContext): Promise<string | undefined> {
  const direct = await linuxDefaultBrowserId(context);
  if (direct !== undefined) return direct;
  try {
    const stdout = await runCommand('xdg-settings', ['get', 'default-web-browser'], commandOptions(context));
    const id = stdout.trim();
    return id.endsWith('.desktop') ? id : undefined;
  } catch {
    return undefined;
  }
}
