/**
 * Canonical JSON: object keys in code-unit order at every level, no insignificant whitespace,
 * undefined members left out. Two equal values always serialise to the same bytes.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      // defineProperty, so a key named __proto__ stays a key.
      if (member !== undefined)
        Object.defineProperty(sorted, key, { value: sortKeys(member), enumerable: true, writable: true, configurable: true });
    }
    return sorted;
  }
  return value;
}
