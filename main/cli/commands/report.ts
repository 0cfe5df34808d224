import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MAX_COMMENT_CHARS, reportSections, type ReportSection } from '../../../contract/report';
import type { ProbeName } from '../../../contract/probe-names';
import { CrashFileError } from '../../capture/crash-file';
import { MinidumpError } from '../../minidump/binary-reader';
import { takeCrashFile } from '../../capture/crash-inbox';
import { CrashStore } from '../../capture/crash-store';
import { candorHome } from '../../paths';
import { buildReport } from '../../report/build-report';
import { readBundle, writeBundle, type Bundle } from '../../report/bundle';
import { collectForCli } from '../collect-for-cli';
import { privacyPolicyForCli } from '../destination-options';
import { formatBytes, formatTable } from '../format';
import { parseCommandLine } from '../parse-options';
import { UsageError } from '../usage-error';
import { FileRefusedError, readRegularFileTail } from '../../storage/regular-file';

export const reportUsage =
  'candor report --crash-file F [--log L] [--comment C] [--email E] [--exclude hardware,browsers,dotnet,logs,minidump,email] [--minidump full|stack-only] [--out DIR] [--json]';
export const previewUsage = 'candor preview DIR [--json]';

/** A report carries the end of a log, not all of it. */
const MAX_LOG_BYTES = 1024 * 1024;

export function parseExclude(value: string | undefined): ReportSection[] {
  if (value === undefined || value.trim() === '') return [];
  const names = value.split(',').map((name) => name.trim());
  const unknown = names.filter((name) => !(reportSections as readonly string[]).includes(name));
  if (unknown.length > 0) throw new UsageError(`--exclude takes ${reportSections.join(', ')}; got "${unknown.join(', ')}"`);
  return names as ReportSection[];
}

async function readLogExcerpt(file: string): Promise<{ name: string; text: string }> {
  try {
    return { name: path.basename(file), text: (await readRegularFileTail(file, 'log', MAX_LOG_BYTES)).toString('utf8') };
  } catch (error) {
    if (error instanceof FileRefusedError) throw new UsageError(error.message);
    throw error;
  }
}

export async function runReport(argv: string[], collectorEntry: string): Promise<void> {
  const { values, positionals } = parseCommandLine({
    args: argv,
    options: {
      'crash-file': { type: 'string' },
      log: { type: 'string' },
      comment: { type: 'string' },
      email: { type: 'string' },
      exclude: { type: 'string' },
      minidump: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
    },
    allowPositionals: true,
  });
  const crashFile = values['crash-file'];
  if (crashFile === undefined || positionals.length > 0) throw new UsageError(`usage: ${reportUsage}`);
  const minidumpVariant = values.minidump ?? 'full';
  if (minidumpVariant !== 'full' && minidumpVariant !== 'stack-only')
    throw new UsageError(`--minidump takes full or stack-only; got "${minidumpVariant}"`);
  if (values.email !== undefined && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(values.email))
    throw new UsageError(`--email "${values.email}" is not an email address`);
  const exclude = parseExclude(values.exclude);
  if (values.comment !== undefined && values.comment.length > MAX_COMMENT_CHARS)
    throw new UsageError(`--comment is ${values.comment.length} characters; the limit is ${MAX_COMMENT_CHARS}`);

  const home = candorHome(process.env, process.platform, os.homedir());
  const store = new CrashStore(path.join(home, 'crashes'));
  let crash;
  try {
    crash = await takeCrashFile(path.resolve(crashFile), store);
  } catch (error) {
    if (error instanceof CrashFileError) throw new UsageError(error.message);
    throw error;
  }

  const only: ProbeName[] = ['os', 'app', ...(['hardware', 'browsers', 'dotnet'] as const).filter((probe) => !exclude.includes(probe))];
  // Read before the slow collection, so a broken vendor policy is said at once.
  const policy = privacyPolicyForCli();
  const diagnostics = await collectForCli(home, collectorEntry, only);
  const logFile = values.log ?? crash.log?.path;
  const log = logFile === undefined ? undefined : await readLogExcerpt(logFile);
  const minidump = crash.minidump === undefined ? undefined : { name: 'crash.dmp', bytes: await readFile(crash.minidump.path) };
  let built: ReturnType<typeof buildReport>;
  try {
    built = buildReport({
      now: new Date(),
      app: crash.app,
      crash,
      diagnostics,
      comment: values.comment,
      email: values.email,
      log,
      minidump,
      exclude,
      minidumpVariant,
      identity: { userName: os.userInfo().username, homeDir: os.homedir(), hostName: os.hostname() },
      privacyPolicyVersion: policy.version,
    });
  } catch (error) {
    // Only a readable dump can be reduced; an unreadable one is sent whole or left out.
    if (error instanceof MinidumpError)
      throw new UsageError(`--minidump stack-only: ${error.message}; use --minidump full or --exclude minidump`);
    throw error;
  }
  const dir = path.resolve(values.out ?? path.join(home, 'reports', built.report.id));
  if (values.out !== undefined && (await stat(dir).catch(() => undefined))?.isFile() === true)
    throw new UsageError(`--out ${dir} is a file`);
  writeBundle(dir, built);
  printBundle(readBundle(dir), values.json === true);
}

export async function runPreview(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandLine({ args: argv, options: { json: { type: 'boolean' } }, allowPositionals: true });
  const [dir, ...extra] = positionals;
  if (dir === undefined || extra.length > 0) throw new UsageError(`usage: ${previewUsage}`);
  printBundle(readBundleForCli(dir), values.json === true);
  return Promise.resolve();
}

function readBundleForCli(dir: string): Bundle {
  try {
    return readBundle(path.resolve(dir));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function printBundle(bundle: Bundle, json: boolean): void {
  if (json) {
    process.stdout.write(
      `${JSON.stringify({ dir: bundle.dir, sha256: bundle.sha256, size: bundle.bytes.length, bytes: bundle.bytes.toString('utf8') })}\n`,
    );
    return;
  }
  process.stdout.write(formatPreview(bundle));
}

/** The preview a person reads before agreeing: the exact bytes, their digest, and what they bind. */
export function formatPreview(bundle: Bundle): string {
  const attachments = bundle.report.attachments.map((meta) => [
    `  ${meta.name}`,
    meta.kind,
    formatBytes(meta.sizeBytes),
    `sha256 ${meta.sha256}`,
  ]);
  const removed = bundle.report.redactions.map((entry) => `${entry.count} ${entry.kind}`).join(', ');
  return [
    'Exactly what will be sent (report.json):',
    '',
    bundle.bytes.toString('utf8'),
    '',
    `report.json: ${bundle.bytes.length} bytes, SHA-256 ${bundle.sha256}`,
    attachments.length === 0 ? 'No attachments.' : `Attachments, each bound by that digest:\n${formatTable(attachments)}`,
    `Removed before you saw it: ${removed === '' ? 'nothing' : removed}.`,
    `Left out: ${bundle.report.excluded.length === 0 ? 'nothing' : bundle.report.excluded.join(', ')}.`,
    `Bundle: ${bundle.dir}`,
    'Nothing has been sent.',
    '',
  ].join('\n');
}
