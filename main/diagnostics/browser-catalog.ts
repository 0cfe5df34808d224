import type { BrowserName } from '../../contract/diagnostics';

/** How each browser Candor reports is found on each platform. */
export interface BrowserCatalogEntry {
  name: BrowserName;
  /** Linux executables on PATH. */
  executables: readonly string[];
  /** Linux desktop file ids (what `xdg-settings get default-web-browser` prints). */
  desktopIds: readonly string[];
  /** Windows `StartMenuInternet` subkey names (a trailing `*` matches any suffix). */
  windowsClients: readonly string[];
  /** Windows URL-association ProgId prefixes (UserChoice for https). */
  windowsProgIds: readonly string[];
  /** macOS application bundle folder names. */
  macApps: readonly string[];
  /** macOS bundle identifiers (LaunchServices default handler). */
  macBundleIds: readonly string[];
}

export const BROWSER_CATALOG: readonly BrowserCatalogEntry[] = [
  {
    name: 'Chrome',
    executables: ['google-chrome-stable', 'google-chrome'],
    desktopIds: ['google-chrome.desktop', 'com.google.Chrome.desktop'],
    windowsClients: ['Google Chrome'],
    windowsProgIds: ['ChromeHTML'],
    macApps: ['Google Chrome.app'],
    macBundleIds: ['com.google.chrome'],
  },
  {
    name: 'Chromium',
    executables: ['chromium', 'chromium-browser'],
    desktopIds: ['chromium.desktop', 'chromium-browser.desktop', 'org.chromium.Chromium.desktop'],
    windowsClients: ['Chromium*'],
    windowsProgIds: ['ChromiumHTM'],
    macApps: ['Chromium.app'],
    macBundleIds: ['org.chromium.chromium'],
  },
  {
    name: 'Edge',
    executables: ['microsoft-edge-stable', 'microsoft-edge'],
    desktopIds: ['microsoft-edge.desktop'],
    windowsClients: ['Microsoft Edge'],
    windowsProgIds: ['MSEdgeHTM'],
    macApps: ['Microsoft Edge.app'],
    macBundleIds: ['com.microsoft.edgemac'],
  },
  {
    name: 'Firefox',
    executables: ['firefox'],
    desktopIds: ['firefox.desktop', 'org.mozilla.firefox.desktop'],
    windowsClients: ['Firefox-*', 'FIREFOX.EXE'],
    windowsProgIds: ['FirefoxURL'],
    macApps: ['Firefox.app'],
    macBundleIds: ['org.mozilla.firefox'],
  },
  {
    name: 'Firefox ESR',
    executables: ['firefox-esr'],
    desktopIds: ['firefox-esr.desktop'],
    windowsClients: [],
    windowsProgIds: [],
    macApps: [],
    macBundleIds: [],
  },
  {
    name: 'Safari',
    executables: [],
    desktopIds: [],
    windowsClients: [],
    windowsProgIds: [],
    macApps: ['Safari.app'],
    macBundleIds: ['com.apple.safari'],
  },
  {
    name: 'Brave',
    executables: ['brave-browser', 'brave-browser-stable', 'brave'],
    desktopIds: ['brave-browser.desktop', 'com.brave.Browser.desktop'],
    windowsClients: ['Brave*'],
    windowsProgIds: ['BraveHTML'],
    macApps: ['Brave Browser.app'],
    macBundleIds: ['com.brave.browser'],
  },
  {
    name: 'Opera',
    executables: ['opera'],
    desktopIds: ['opera.desktop'],
    windowsClients: ['OperaStable', 'Opera*'],
    windowsProgIds: ['OperaStable', 'Opera'],
    macApps: ['Opera.app'],
    macBundleIds: ['com.operasoftware.opera'],
  },
  {
    name: 'Vivaldi',
    executables: ['vivaldi', 'vivaldi-stable'],
    desktopIds: ['vivaldi-stable.desktop', 'vivaldi.desktop'],
    windowsClients: ['Vivaldi*'],
    windowsProgIds: ['VivaldiHTM'],
    macApps: ['Vivaldi.app'],
    macBundleIds: ['com.vivaldi.vivaldi'],
  },
];

/** Firefox ESR reports itself by its version ("115.6.0esr"), whatever its executable is called. */
export function classifyFirefox(name: BrowserName, version: string): BrowserName {
  return name === 'Firefox' && /esr$/i.test(version) ? 'Firefox ESR' : name;
}

export function matchesPattern(value: string, pattern: string): boolean {
  const lowerValue = value.toLowerCase();
  const lowerPattern = pattern.toLowerCase();
  return lowerPattern.endsWith('*') ? lowerValue.startsWith(lowerPattern.slice(0, -1)) : lowerValue === lowerPattern;
}
