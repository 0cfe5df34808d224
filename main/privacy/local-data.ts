import { lstatSync, mkdirSync, readdirSync, rmSync, type Dirent } from 'node:fs';
import path from 'node:path';
import type { LocalDataSummary, LocalDataPart, ExportLocalDataResult } from '../../contract/report-flow';
import { SERVER_DELETIONS_FILE } from '../outbox/outbox';
import { ZipFileWriter } from '../report/zip';

/**
 * Everything Candor keeps about the user in its data folder, part by part. Settings (the server
 * and its key) are the user's configuration, not data about them, and stay.
 */
export const LOCAL_DATA_PARTS: readonly { part: LocalDataPart; path: string; folders?: readonly string[] }[] = [
  { part: 'reports', path: 'reports' },
  { part: 'outbox', path: 'outbox' },
  { part: 'receipts', path: 'receipts.jsonl' },
  { part: 'server-deletions', path: SERVER_DELETIONS_FILE },
  { part: 'consent', path: 'consent' },
  { part: 'crashes', path: 'crashes' },
  // The inbox's `rejected/` is where CrashInbox moves unreadable files; it must stay a folder.
  { part: 'inbox', path: 'inbox', folders: ['rejected'] },
  { part: 'diagnostics-cache', path: 'cache' },
  { part: 'minidumps-taken', path: 'minidumps-taken.json' },
];

/** Every regular file under `root`, depth first; links are not followed (they are not Candor's data). */
function regularFiles(root: string): string[] {
  let stat;
  try {
    stat = lstatSync(root);
  } catch {
    return [];
  }
  if (stat.isFile()) return [root];
  if (!stat.isDirectory()) return [];
  const files: string[] = [];
  const walk = (folder: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile()) files.push(full);
    }
  };
  walk(root);
  return files;
}

/** How many files and bytes each part holds now. */
export function summariseLocalData(dataDir: string): LocalDataSummary['parts'] {
  return LOCAL_DATA_PARTS.map(({ part, path: relative }) => {
    const files = regularFiles(path.join(dataDir, relative));
    return { part, files: files.length, bytes: files.reduce((total, file) => total + lstatSync(file).size, 0) };
  });
}

/**
 * Writes everything Candor keeps locally into one zip at `outFile`, one file at a time: the parts'
 * files under their paths in the data folder, and `export.json` listing each with its size and
 * SHA-256. Only regular files go in.
 */
export function exportLocalData(dataDir: string, outFile: string, exportedAt: Date): ExportLocalDataResult {
  mkdirSync(path.dirname(outFile), { recursive: true });
  const writer = new ZipFileWriter(outFile);
  try {
    const listed = [];
    for (const { part, path: relative } of LOCAL_DATA_PARTS) {
      for (const file of regularFiles(path.join(dataDir, relative))) {
        const name = path.relative(dataDir, file).split(path.sep).join('/');
        listed.push({ part, name, ...writer.addFile(name, file) });
      }
    }
    const manifest = {
      schema: 'candor.export/1',
      exportedAt: exportedAt.toISOString(),
      note: 'Everything Candor kept on this computer when it was exported. settings.json (the report server and its key) is configuration and is not included.',
      files: listed,
    };
    writer.addBytes('export.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8'));
    const { sizeBytes, files } = writer.finish();
    return { file: outFile, sizeBytes, files };
  } catch (error) {
    writer.abandon();
    throw error;
  }
}

/**
 * Deletes everything Candor keeps locally. A part's folder stays, emptied, because the running
 * services hold it open (the inbox is watched, the stores create files in it); a part that is a
 * file is removed.
 */
export function deleteLocalData(dataDir: string): void {
  for (const { path: relative, folders = [] } of LOCAL_DATA_PARTS) {
    const target = path.join(dataDir, relative);
    let stat;
    try {
      stat = lstatSync(target);
    } catch {
      continue;
    }
    if (!stat.isDirectory()) {
      rmSync(target, { force: true });
      continue;
    }
    for (const name of readdirSync(target)) rmSync(path.join(target, name), { recursive: true, force: true });
    for (const folder of folders) mkdirSync(path.join(target, folder), { recursive: true, mode: 0o700 });
  }
}
