export interface DesktopEntry {
  name?: string;
  exec?: string;
  mimeTypes: string[];
}

/** Reads the `[Desktop Entry]` group of a freedesktop `.desktop` file (unlocalised keys only). */
export function parseDesktopEntry(text: string): DesktopEntry {
  const entry: DesktopEntry = { mimeTypes: [] };
  let inMainGroup = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line.startsWith('[')) {
      inMainGroup = line === '[Desktop Entry]';
      continue;
    }
    if (!inMainGroup || line.startsWith('#')) continue;
    const index = line.indexOf('=');
    if (index <= 0) continue;
    const key = line.slice(0, index).trim();
    const value = line.slice(index + 1).trim();
    if (key === 'Name') entry.name = value;
    else if (key === 'Exec') entry.exec = value;
    else if (key === 'MimeType') entry.mimeTypes = value.split(';').filter(Boolean);
  }
  return entry;
}

/** The program an Exec line starts, without field codes (%u, %U …) or arguments. */
export function desktopExecProgram(exec: string): string | undefined {
  const match = /^\s*(?:"([^"]+)"|(\S+))/.exec(exec);
  const program = match?.[1] ?? match?.[2];
  return program === 'env' ? undefined : program;
}
