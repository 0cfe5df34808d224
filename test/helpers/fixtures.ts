import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shared fixtures live beside the repository: ../shared/fixtures. */
export const FIXTURES_DIR = fileURLToPath(new URL('../../../shared/fixtures/', import.meta.url));

export function fixturePath(...parts: string[]): string {
  return path.join(FIXTURES_DIR, ...parts);
}

export function readFixture(...parts: string[]): string {
  return readFileSync(fixturePath(...parts), 'utf8');
}

export function listFixtures(...parts: string[]): string[] {
  return readdirSync(fixturePath(...parts));
}

/** Parses a CSV file with a header row and quoted fields. */
export function readCsvFixture(...parts: string[]): Record<string, string>[] {
  const [header, ...rows] = readFixture(...parts)
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => [...line.matchAll(/(?:^|,)("((?:[^"]|"")*)"|[^,]*)/g)].map((match) => match[2]?.replace(/""/g, '"') ?? match[1] ?? ''));
  return rows.map((cells) => Object.fromEntries((header ?? []).map((name, index) => [name, cells[index] ?? ''])));
}
