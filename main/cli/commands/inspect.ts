import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MinidumpSummary } from '../../../contract/minidump';
import type { StackAnalysis, StackFrameRow, WalkedThreadRows } from '../../../contract/stackwalk';
import { MinidumpError } from '../../minidump/binary-reader';
import { readMinidump, type Minidump } from '../../minidump/read-minidump';
import { analyseMinidump } from '../../minidump/stackwalk/analyse';
import { formatFrameRow } from '../../minidump/stackwalk/frame-rows';
import { candorHome } from '../../paths';
import { SymbolStore } from '../../symbols/symbol-store';
import { summariseMinidump } from '../../minidump/summarise';
import { formatBytes, formatTable } from '../format';
import { parseCommandLine } from '../parse-options';
import { UsageError } from '../usage-error';
import { FileRefusedError, readMinidumpFile } from '../../storage/regular-file';

export const inspectUsage = 'candor inspect <minidump> [--symbols DIR]... [--all-threads] [--json]';

/** Minidumps of a crashed process are megabytes; a file this large is not one worth reading whole. */
const MAX_MINIDUMP_BYTES = 2 * 1024 * 1024 * 1024 - 1;

export async function runInspect(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandLine({
    args: argv,
    options: { json: { type: 'boolean' }, symbols: { type: 'string', multiple: true }, 'all-threads': { type: 'boolean' } },
    allowPositionals: true,
  });
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
  let dump: Minidump;
  try {
    const identity = { userName: os.userInfo().username, homeDir: os.homedir(), hostName: os.hostname() };
    dump = readMinidump(bytes);
    summary = summariseMinidump(dump, bytes, identity);
  } catch (error) {
    if (error instanceof MinidumpError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
  const symbolDirs = values.symbols ?? [];
  for (const dir of symbolDirs) {
    const info = await stat(dir).catch(() => undefined);
    if (info?.isDirectory() !== true)
      throw new UsageError(`--symbols ${dir}: not a folder (a symbol store holds <debug file>/<debug id>/<name>.sym)`);
  }
  const store = new SymbolStore(symbolDirs, path.join(candorHome(process.env, process.platform, os.homedir()), 'symbol-index'));
  let analysis: StackAnalysis;
  try {
    analysis = analyseMinidump(dump, bytes, await store.lookupFor(dump.modules));
  } finally {
    store.close();
  }
  const { threads, signature } = analysis;
  const crashing = analysis.crashingThread === undefined ? undefined : threads[analysis.crashingThread];
  if (values.json === true) {
    // `threads` holds the walked threads; the summary's count and stack size move to `threadStacks`.
    const { threads: threadStacks, ...rest } = summary;
    const output = {
      ...rest,
      threadStacks,
      ...(signature === undefined ? {} : { signature }),
      ...(crashing === undefined ? {} : { crashingThread: { frames: crashing.frames } }),
      threads,
    };
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    return;
  }
  const shown = values['all-threads'] === true ? threads : crashing === undefined ? threads.slice(0, 1) : [crashing];
  const stacks = shown.map((thread) => formatThread(thread, thread === crashing));
  const signatureLine = signature === undefined ? [] : [`Signature: ${signature}`];
  process.stdout.write(`${[formatMinidumpSummary(summary), ...signatureLine, ...stacks].join('\n\n')}\n`);
}

const STATUS_TEXT: Readonly<Record<WalkedThreadRows['status'], string>> = {
  ok: '',
  'no-context': ' (no register context in the dump)',
  'no-stack-memory': ' (no stack memory in the dump: only its first frame)',
  'dump-thread-skipped': ' (the thread that wrote the dump: not walked)',
  'unsupported-cpu': ' (a processor Candor does not walk)',
};

const TRUST_TEXT: Readonly<Record<StackFrameRow['trust'], string>> = {
  context: 'the crash context',
  cfi: 'call frame info',
  'frame-pointer': 'frame pointer',
  scan: 'stack scanning',
  inline: 'inlined',
};

/** A thread's frames, numbered, each with how it was found. */
export function formatThread(thread: WalkedThreadRows, crashed: boolean): string {
  const heading = `Thread ${thread.id}${crashed ? ' (crashed)' : ''}${STATUS_TEXT[thread.status]}`;
  const lines = thread.frames.map((row, index) => `${String(index).padStart(3)}  ${formatFrameRow(row)}  — ${TRUST_TEXT[row.trust]}`);
  return [heading, ...lines].join('\n');
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
