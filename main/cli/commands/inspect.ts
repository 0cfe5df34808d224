import os from 'node:os';
import type { MinidumpSummary } from '../../../contract/minidump';
import { MinidumpError } from '../../minidump/binary-reader';
import { readMinidump } from '../../minidump/read-minidump';
import { summariseMinidump } from '../../minidump/summarise';
import { formatBytes, formatTable } from '../format';
import { parseCommandLine } from '../parse-options';
import { UsageError } from '../usage-error';
import { FileRefusedError, readMinidumpFile } from '../../storage/regular-file';

export const inspectUsage = 'candor inspect <minidump> [--json]';

/** Minidumps of a crashed process are megabytes; a file this large is not one worth reading whole. */
const MAX_MINIDUMP_BYTES = 2 * 1024 * 1024 * 1024 - 1;

export async function runInspect(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandLine({ args: argv, options: { json: { type: 'boolean' } }, allowPositionals: true });
  const [file, ...extra] = positionals;
  if (file === undefined || extra.length > 0) throw new UsageError(`usage: ${inspectUsage}`);
  let bytes: Buffer;
  try {
    bytes = await readMinidumpFile(file, MAX_MINIDUMP_BYTES);
  } catch (error) {
    if (error instanceof FileRefusedError) throw new UsageError(error.message);
    throw error;
  }
  let summary: MinidumpSummary;
  try {
    const identity = { userName: os.userInfo().username, homeDir: os.homedir(), hostName: os.hostname() };
    summary = summariseMinidump(readMinidump(bytes), bytes, identity);
  } catch (error) {
    if (error instanceof MinidumpError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
  process.stdout.write(values.json === true ? `${JSON.stringify(summary, null, 2)}\n` : `${formatMinidumpSummary(summary)}\n`);
}

export function formatMinidumpSummary(summary: MinidumpSummary): string {
  const rows: string[][] = [];
  if (summary.os !== undefined)
    rows.push(['System', `${summary.os.platform} ${summary.os.version}${summary.os.build ? ` (${summary.os.build})` : ''}`]);
  if (summary.cpu !== undefined) rows.push(['CPU', `${summary.cpu.arch}, ${summary.cpu.count} processors`]);
  if (summary.exception !== undefined) {
    rows.push([
      'Exception',
      `${summary.exception.name ?? 'unknown'} (${summary.exception.code}) at ${summary.exception.address}, thread ${summary.exception.threadId}`,
    ]);
  }
  rows.push(['Written', `${summary.writtenAt} by ${summary.producer}`]);
  rows.push(['Threads', `${summary.threads.count} (${formatBytes(summary.threads.stackBytes)} of stacks)`]);
  rows.push(['Modules', `${summary.modules.count}${summary.modules.first === undefined ? '' : `, first ${summary.modules.first}`}`]);
  rows.push(['Raw memory', `${formatBytes(summary.memory.bytes)} in ${summary.memory.regionCount} regions`]);
  for (const [name, value] of Object.entries(summary.annotations)) rows.push([`Annotation ${name}`, value]);
  const personal =
    summary.personalData.length === 0
      ? 'No personal data found.'
      : [
          'Personal data in this dump:',
          ...summary.personalData.map(
            (finding) => `  ${finding.kind} in ${finding.where}: ${finding.count}× (${finding.values.slice(0, 3).join(', ')})`,
          ),
        ].join('\n');
  return `${summary.headline}\n\n${formatTable(rows)}\n\n${personal}`;
}
