import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { ReportSchema, type Report } from '../../contract/report';
import { fsyncFolderSync, writeFileDurableSync } from '../storage/durable-write';
import { sha256Hex, type BuiltReport } from './build-report';

export const REPORT_FILE = 'report.json';
export const ATTACHMENTS_FOLDER = 'attachments';

/** A bundle that does not hold what its report.json lists; the message says what differs. */
export class BundleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleError';
  }
}

/** A bundle on disk: the exact report bytes, their digest (from those bytes), and the attachments. */
export interface Bundle {
  dir: string;
  report: Report;
  bytes: Buffer;
  sha256: string;
  attachments: { name: string; bytes: Buffer }[];
}

/** Writes `report.json` (the exact bytes) and `attachments/`, each file durably; readable by the user only. */
export function writeBundle(dir: string, built: BuiltReport): void {
  mkdirSync(path.join(dir, ATTACHMENTS_FOLDER), { recursive: true, mode: 0o700 });
  for (const attachment of built.attachments) {
    writeFileDurableSync(path.join(dir, ATTACHMENTS_FOLDER, attachment.meta.name), attachment.bytes);
  }
  // The report goes last: a bundle with a report.json is complete.
  writeFileDurableSync(path.join(dir, REPORT_FILE), built.bytes);
  fsyncFolderSync(path.dirname(dir));
}

/**
 * Reads a bundle back and checks it: the report parses, and every attachment has the size and
 * SHA-256 the report lists. The digest is computed from the bytes on disk, never re-serialised.
 */
export function readBundle(dir: string): Bundle {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path.join(dir, REPORT_FILE));
  } catch {
    throw new BundleError(`${dir} is not a report bundle: it has no readable ${REPORT_FILE}`);
  }
  let report: Report;
  try {
    report = ReportSchema.parse(JSON.parse(bytes.toString('utf8')));
  } catch (error) {
    const reason =
      error instanceof z.ZodError ? z.prettifyError(error).replace(/\n/g, '; ') : error instanceof Error ? error.message : String(error);
    throw new BundleError(`${path.join(dir, REPORT_FILE)} is not a candor.report/1 report: ${reason}`);
  }
  const attachments = report.attachments.map((meta) => {
    let content: Buffer;
    try {
      content = readFileSync(path.join(dir, ATTACHMENTS_FOLDER, meta.name));
    } catch {
      throw new BundleError(`attachment ${meta.name} listed in the report is missing from ${dir}`);
    }
    if (content.length !== meta.sizeBytes || sha256Hex(content) !== meta.sha256) {
      throw new BundleError(`attachment ${meta.name} does not match the report: it is not the file the user approved`);
    }
    return { name: meta.name, bytes: content };
  });
  return { dir, report, bytes, sha256: sha256Hex(bytes), attachments };
}
