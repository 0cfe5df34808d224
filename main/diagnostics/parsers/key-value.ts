/**
 * KEY=value lines, values optionally quoted: `/etc/os-release`
 * (https://www.freedesktop.org/software/systemd/man/os-release.html) and Firefox's
 * `application.ini`. Section headers and comments are skipped.
 */
export function parseKeyValueLines(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = /^([A-Za-z0-9_.-]+)=(.*)$/.exec(line.trim());
    if (match?.[1] === undefined || match[2] === undefined) continue;
    let value = match[2];
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1);
      if (quote === '"') value = value.replace(/\\(["\\$`])/g, '$1');
    }
    fields[match[1]] = value;
  }
  return fields;
}

/** macOS `sw_vers`: "ProductName:\tmacOS" lines. */
export function parseSwVers(text: string): { productName?: string; productVersion?: string; buildVersion?: string } {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const index = line.indexOf(':');
    if (index > 0) fields.set(line.slice(0, index).trim(), line.slice(index + 1).trim());
  }
  const result: { productName?: string; productVersion?: string; buildVersion?: string } = {};
  const productName = fields.get('ProductName');
  const productVersion = fields.get('ProductVersion');
  const buildVersion = fields.get('BuildVersion');
  if (productName !== undefined) result.productName = productName;
  if (productVersion !== undefined) result.productVersion = productVersion;
  if (buildVersion !== undefined) result.buildVersion = buildVersion;
  return result;
}
