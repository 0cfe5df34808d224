import type { DotnetRuntime, DotnetSdk } from '../../../contract/diagnostics';

// "Microsoft.NETCore.App 6.0.0 [C:\Program Files\dotnet\shared\Microsoft.NETCore.App]"
const RUNTIME_LINE = /^\s*(\S+) (\S+) \[(.+)\]\s*$/;
// "6.0.100 [/usr/local/share/dotnet/sdk]"
const SDK_LINE = /^\s*(\d\S*) \[(.+)\]\s*$/;

/**
 * Parses `dotnet --list-runtimes`. The root is the dotnet folder: the bracket holds
 * `<root>/shared/<name>` today, and held `<root>/shared` in 2018's hosts.
 */
export function parseListRuntimes(text: string): DotnetRuntime[] {
  const runtimes: DotnetRuntime[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = RUNTIME_LINE.exec(line);
    if (match?.[1] === undefined || match[2] === undefined || match[3] === undefined) continue;
    if (!/^\d/.test(match[2])) continue;
    runtimes.push({ name: match[1], version: match[2], root: rootAbove(match[3], 'shared') });
  }
  return runtimes;
}

/** Parses `dotnet --list-sdks`; the bracket holds `<root>/sdk`. */
export function parseListSdks(text: string): DotnetSdk[] {
  const sdks: DotnetSdk[] = [];
  for (const line of text.split(/\r?\n/)) {
    const match = SDK_LINE.exec(line);
    if (match?.[1] === undefined || match[2] === undefined) continue;
    sdks.push({ version: match[1], root: rootAbove(match[2], 'sdk') });
  }
  return sdks;
}

/** The folder above the last `<segment>` in a Windows or POSIX path, or the path itself. */
function rootAbove(folder: string, segment: string): string {
  const separator = folder.includes('\\') ? '\\' : '/';
  const parts = folder.replace(/[\\/]+$/, '').split(/[\\/]/);
  const index = parts.map((part) => part.toLowerCase()).lastIndexOf(segment);
  return index > 0 ? parts.slice(0, index).join(separator) : folder;
}
