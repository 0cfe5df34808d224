import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { InstalledBrowser } from '../../../contract/diagnostics';
import { BROWSER_CATALOG } from '../browser-catalog';
import { isPlistDict, parsePlistXml, type PlistValue } from '../parsers/plist';
import { commandOptions, type ProbeContext } from '../probe-context';
import { runCommand } from '../run-command';
import type { FoundBrowsers } from './browsers-linux';

const SAFARI_CRYPTEX = '/System/Volumes/Preboot/Cryptexes/App/System/Applications';
const LAUNCH_SERVICES_PLIST = 'Library/Preferences/com.apple.LaunchServices/com.apple.launchservices.secure.plist';

/** Reads a property list, converting a binary one (`bplist00`) to XML with `plutil` first. */
async function readPlist(file: string, context: ProbeContext): Promise<PlistValue> {
  const bytes = await readFile(file);
  if (bytes.subarray(0, 6).toString('latin1') === 'bplist') {
    return parsePlistXml(await runCommand('plutil', ['-convert', 'xml1', '-o', '-', file], commandOptions(context)));
  }
  return parsePlistXml(bytes.toString('utf8'));
}

/** `CFBundleShortVersionString` of an Info.plist. */
export function bundleShortVersion(infoPlist: PlistValue): string | undefined {
  if (!isPlistDict(infoPlist)) return undefined;
  const version = infoPlist.CFBundleShortVersionString;
  return typeof version === 'string' ? version : undefined;
}

/** The bundle id LaunchServices opens https links with, from its secure plist. */
export function defaultHttpsHandler(launchServices: PlistValue): string | undefined {
  if (!isPlistDict(launchServices)) return undefined;
  const handlers = launchServices.LSHandlers;
  if (!Array.isArray(handlers)) return undefined;
  for (const handler of handlers) {
    if (!isPlistDict(handler) || handler.LSHandlerURLScheme !== 'https') continue;
    const bundleId = handler.LSHandlerRoleAll;
    if (typeof bundleId === 'string') return bundleId.toLowerCase();
  }
  return undefined;
}

/**
 * macOS: `Info.plist` of each known browser under /Applications and ~/Applications (Safari
 * also in its cryptex), and the https handler from LaunchServices (Safari when none is set).
 */
export async function findMacBrowsers(context: ProbeContext): Promise<FoundBrowsers> {
  const folders = ['/Applications', path.join(context.homeDir, 'Applications'), SAFARI_CRYPTEX];
  const found = await Promise.all(
    BROWSER_CATALOG.flatMap((entry) =>
      entry.macApps.flatMap((app) =>
        folders.map(async (folder) => {
          try {
            const version = bundleShortVersion(await readPlist(path.join(folder, app, 'Contents', 'Info.plist'), context));
            return version === undefined ? undefined : { name: entry.name, version };
          } catch {
            return undefined;
          }
        }),
      ),
    ),
  );

  let handler: string | undefined;
  try {
    handler = defaultHttpsHandler(await readPlist(path.join(context.homeDir, LAUNCH_SERVICES_PLIST), context));
  } catch {
    handler = undefined;
  }
  // With no user choice recorded, macOS opens https links in Safari.
  const defaultBundleId = handler ?? 'com.apple.safari';
  const defaultEntry = BROWSER_CATALOG.find((entry) => entry.macBundleIds.includes(defaultBundleId));

  const installed: InstalledBrowser[] = [];
  for (const browser of found) {
    if (browser === undefined) continue;
    if (installed.some((other) => other.name === browser.name && other.version === browser.version)) continue;
    installed.push({ ...browser, isDefault: defaultEntry?.name === browser.name });
  }
  return { installed, defaultBrowser: defaultEntry?.name ?? defaultBundleId };
}
