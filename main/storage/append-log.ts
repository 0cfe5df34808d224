import { closeSync, fstatSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { fsyncFolderSync } from './durable-write';

/**
 * An append-only file of JSON records, one a line, each append fsynced before it counts. A line
 * that cannot be read (torn by a crash mid-append, or damaged) is skipped and counted; a new
 * record always starts on a line of its own, so a torn tail never swallows the next one. Write
 * errors are thrown, never swallowed.
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
    const descriptor = openSync(this.file, 'a+', 0o600);
    try {
      writeSync(descriptor, `${endsMidLine(descriptor) ? '\n' : ''}${JSON.stringify(parsed)}\n`);
      fsyncSync(descriptor);
    } finally {
      closeSync(descriptor);
    }
    fsyncFolderSync(path.dirname(this.file));
    return parsed;
  }

  /** The readable records, oldest first, and how many non-empty lines were skipped. */
  read(): { records: T[]; skipped: number } {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return { records: [], skipped: 0 };
    }
    const records: T[] = [];
    let skipped = 0;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let json: unknown;
      try {
        json = JSON.parse(line);
      } catch {
        skipped++;
        continue;
      }
      const parsed = this.schema.safeParse(json);
      if (parsed.success) records.push(parsed.data);
      else skipped++;
    }
    return { records, skipped };
  }
}

/** Whether the file's last byte is not a line end: a previous append was cut short. */
function endsMidLine(descriptor: number): boolean {
  const { size } = fstatSync(descriptor);
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  readSync(descriptor, last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}
