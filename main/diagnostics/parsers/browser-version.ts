/**
 * The version in a browser's `--version` line: "Chromium 120.0.6099.224 built on Debian …",
 * "Mozilla Firefox 115.6.0esr", "Google Chrome 120.0.6099.109", "Vivaldi 6.5.3206.48 stable".
 */
export function parseBrowserVersion(output: string): string | undefined {
  const match = /(?:^|\s)v?(\d+(?:\.\d+)+(?:[a-z]+\d*)?)(?=\s|$)/.exec(output.trim());
  return match?.[1];
}
