import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProbeContext } from '../probe-context';

const HTTPS_HANDLER = 'x-scheme-handler/https';
const HTTP_HANDLER = 'x-scheme-handler/http';

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** The first desktop id a `[Default Applications]`-style group gives for a MIME type. */
export function defaultFromMimeList(text: string, groups: readonly string[], mimeType: string): string | undefined {
  let inGroup = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line.startsWith('[')) {
      inGroup = groups.includes(line);
      continue;
    }
    if (!inGroup || !line.startsWith(`${mimeType}=`)) continue;
    const first = line
      .slice(mimeType.length + 1)
      .split(';')
      .map((id) => id.trim())
      .find(Boolean);
    if (first !== undefined) return first;
  }
  return undefined;
}

/**
 * The default browser as the freedesktop MIME-applications spec and `xdg-mime`'s generic mode
 * resolve it, read directly instead of through the `xdg-settings` shell script: mimeapps.list
 * (desktop-specific first) in the config and data folders, then defaults.list and mimeinfo.cache,
 * then the desktop file with the highest InitialPreference that handles http.
 */
export async function linuxDefaultBrowserId(context: Pick<ProbeContext, 'env' | 'homeDir'>): Promise<string | undefined> {
  const { env } = context;
  const configHome = env.XDG_CONFIG_HOME ?? path.join(context.homeDir, '.config');
  const configDirs = (env.XDG_CONFIG_DIRS ?? '/etc/xdg').split(':').filter(Boolean);
  const dataHome = env.XDG_DATA_HOME ?? path.join(context.homeDir, '.local', 'share');
  const dataDirs = (env.XDG_DATA_DIRS ?? '/usr/local/share:/usr/share').split(':').filter(Boolean);
  const desktops = (env.XDG_CURRENT_DESKTOP ?? '')
    .split(':')
    .filter(Boolean)
    .map((name) => name.toLowerCase());
  const listNames = [...desktops.map((desktop) => `${desktop}-mimeapps.list`), 'mimeapps.list'];
  const applicationDirs = [dataHome, ...dataDirs].map((dir) => path.join(dir, 'applications'));

  const mimeAppsFiles = [configHome, ...configDirs, ...applicationDirs].flatMap((dir) => listNames.map((name) => path.join(dir, name)));
  const cacheFiles = applicationDirs.flatMap((dir) => [path.join(dir, 'defaults.list'), path.join(dir, 'mimeinfo.cache')]);
  const [mimeApps, caches] = await Promise.all([Promise.all(mimeAppsFiles.map(readText)), Promise.all(cacheFiles.map(readText))]);

  for (const mimeType of [HTTPS_HANDLER, HTTP_HANDLER]) {
    for (const text of mimeApps) {
      const id = text === undefined ? undefined : defaultFromMimeList(text, ['[Default Applications]'], mimeType);
      if (id !== undefined) return id;
    }
  }
  for (const text of caches) {
    const id = text === undefined ? undefined : defaultFromMimeList(text, ['[Default Applications]', '[MIME Cache]'], HTTP_HANDLER);
    if (id !== undefined) return id;
  }
  return highestPreferenceHandler(applicationDirs, HTTP_HANDLER);
}

async function highestPreferenceHandler(applicationDirs: readonly string[], mimeType: string): Promise<string | undefined> {
  let best: { id: string; preference: number } | undefined;
  for (const dir of applicationDirs) {
    let names: string[];
    try {
      names = (await readdir(dir)).filter((name) => name.endsWith('.desktop')).sort();
    } catch {
      continue;
    }
    const texts = await Promise.all(names.map((name) => readText(path.join(dir, name))));
    names.forEach((name, index) => {
      const text = texts[index] ?? '';
      if (!text.includes(`${mimeType};`)) return;
      const preference = Number(/^InitialPreference=(\d+)/m.exec(text)?.[1] ?? '0');
      if (best === undefined || preference > best.preference) best = { id: name, preference };
    });
  }
  return best?.id;
}
