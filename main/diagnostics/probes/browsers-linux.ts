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
  const [onPath, desktopFiles] = await Promise.all([listFolders(pathDirs), listFolders(desktopFileDirs(context))]);
  const readDesktopFile = async (id: string): Promise<DesktopEntry | undefined> => {
    const file = firstFolderWith(desktopFiles, id);
    return file === undefined ? undefined : parseDesktopEntry(await readFile(file, 'utf8').catch(() => ''));
  };

  const found = await Promise.all(
    BROWSER_CATALOG.flatMap((entry) => [
      ...entry.executables.map((executable) => ({ entry, file: Promise.resolve(firstFolderWith(onPath, executable)) })),
      ...entry.desktopIds.map((id) => ({
        entry,
        file: readDesktopFile(id).then((desktop) => {
          const program = desktopExecProgram(desktop?.exec ?? '');
          return program !== undefined && path.isAbsolute(program) ? program : undefined;
        }),
      })),
    ]).map(async ({ entry, file }) => {
      const resolved = await file;
      return resolved !== undefined && (await isExecutable(resolved)) ? { name: entry.name, file: resolved } : undefined;
    }),
  );
  const candidates = new Map<string, BrowserName>();
  for (const candidate of found) {
    if (candidate !== undefined && !candidates.has(candidate.file)) candidates.set(candidate.file, candidate.name);
  }
  await dropWrapperScripts(candidates);

  const versions = await Promise.all(
    [...candidates].map(async ([file, name]) => {
      try {
        const stdout = await runCommand(file, ['--version'], commandOptions(context));
        const version = parseBrowserVersion(stdout);
        return version === undefined ? undefined : { name: classifyFirefox(name, version), version };
      } catch {
        return undefined;
      }
    }),
  );

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
