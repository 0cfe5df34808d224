import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { fsyncFolderSync } from './durable-write';

/**
 * An append-only file of JSON records, one a line, each append fsynced before it counts. A torn
 * last line (a crash mid-append) is skipped when read. Write errors are thrown, never swallowed.
 */
export class AppendLog<T> {
  constructor(
    readonly file: string,
    private readonly schema: z.ZodType<T>,
  ) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  }

  append(record: T): T {
    const parsed = this.schema.parse(record);
    const descriptor = openSync(this.file, 'a', 0o600);
    try {
      writeSync(descriptor, `${JSON.stringify(parsed)}\n`);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    fsyncFolderSync(path.dirname(this.file));
    return parsed;
  }

  read(): T[] {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return [];
    }
    const records: T[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        continue;
      }
      const parsed = this.schema.safeParse(json);
      if (parsed.success) records.push(parsed.data);
    }
    return records;
  }
}
