import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { candorHome } from '../../paths';
import type { Destinations } from '../../destination/destinations';
import { consentedDestination, describeDestination } from '../../destination/destinations';
import { ConsentLedger } from '../../privacy/consent';
import { withdrawConsent } from '../../privacy/withdraw';
import { Outbox, type OutboxItem } from '../../outbox/outbox';
import { readBundle, type Bundle } from '../../report/bundle';
import { sendDueReports } from '../../upload/deliver';
import { checkServerCopy } from '../../upload/server-copy';
import { destinationOptions, destinationsForCli, destinationUsage, privacyPolicyForCli } from '../destination-options';
import { formatBytes, formatTable } from '../format';
import { errorText, noticeText } from '../../notice-text';
import { parseCommandLine } from '../parse-options';
import { UsageError } from '../usage-error';

export const sendUsage = `candor send DIR [--consent SHA256] ${destinationUsage}`;
export const outboxUsage = `candor outbox list | flush ${destinationUsage} | retry REPORT_ID | purge`;
export const historyUsage = 'candor history [--json] | candor history fetch REPORT_ID [--json]';
export const withdrawUsage = 'candor withdraw';

function homeParts(): { home: string; outbox: Outbox; consent: ConsentLedger } {
  const home = candorHome(process.env, process.platform, os.homedir());
  const outbox = new Outbox(path.join(home, 'outbox'));
  outbox.recover();
  return { home, outbox, consent: new ConsentLedger(path.join(home, 'consent', 'ledger.jsonl'), undefined, privacyPolicyForCli().version) };
}

async function askYesNo(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}

function flushOutbox(outbox: Outbox, consent: ConsentLedger, destinations: Destinations): Promise<OutboxItem[]> {
  return sendDueReports(outbox, consent, destinations.current()?.destination ?? null);
}

function describeItem(item: OutboxItem): string {
  const { state } = item;
  if (state.status === 'sent' && state.receipt !== undefined) {
    return `sent: report ${state.reportId}, SHA-256 ${state.receipt.sha256}, received ${state.receipt.receivedAt}; support code ${state.reportId}`;
  }
  const reason = state.lastError === undefined ? 'unknown reason' : noticeText(state.lastError.reason);
  if (state.status === 'failed') return `not sent: ${reason} (kept in the outbox; \`candor outbox retry ${state.reportId}\` tries again)`;
  if (state.status === 'needs-destination') return `waiting for a valid destination: ${reason}`;
  if (state.status === 'needs-approval') return `waiting for your approval: ${reason}`;
  const next = `queued, next attempt ${state.nextAttemptAt ?? 'now'}`;
  return state.lastError === undefined ? next : `${next}: ${reason}`;
}

/**
 * Sends a bundle, only with consent for its exact bytes: the digest given with --consent, or a
 * yes typed at the prompt after seeing size, digest and destination. Without a terminal and
 * without --consent it refuses.
 */
export async function runSend(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandLine({
    args: argv,
    options: { ...destinationOptions, consent: { type: 'string' } },
    allowPositionals: true,
  });
  const [dir, ...extra] = positionals;
  if (dir === undefined || extra.length > 0) throw new UsageError(`usage: ${sendUsage}`);
  let bundle: Bundle;
  try {
    bundle = readBundle(path.resolve(dir));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { home, outbox, consent } = homeParts();
  const resolved = destinationsForCli(values, home).current();
  if (resolved === null) throw new UsageError("no destination: give --endpoint, set CANDOR_ENDPOINT, or set one in the app's Settings");
  const shown = describeDestination(resolved);
  if (values.consent !== undefined) {
    if (values.consent.toLowerCase() !== bundle.sha256) {
      throw new UsageError(`--consent ${values.consent} does not match the bundle's SHA-256 ${bundle.sha256}; nothing was sent`);
    }
  } else if (process.stdin.isTTY) {
    const question = `Send ${formatBytes(bundle.bytes.length)} report ${bundle.report.id} (SHA-256 ${bundle.sha256}) and ${bundle.attachments.length} attachments to ${shown.displayUrl} (${shown.protocol})? [y/N] `;
    if (!(await askYesNo(question))) {
      process.stdout.write('Not sent.\n');
      return;
    }
  } else {
    throw new UsageError('consent required: run in a terminal to be asked, or pass --consent with the SHA-256 you approved');
  }

  const record = consent.record({
    decision: 'send',
    digest: bundle.sha256,
    reportId: bundle.report.id,
    basis: 'asked',
    destination: consentedDestination(resolved.destination),
  });
  outbox.enqueue(bundle, record);
  await sendDueReports(outbox, consent, resolved.destination);
  const item = outbox.list().find((candidate) => candidate.state.reportId === bundle.report.id);
  if (item === undefined) throw new Error(`report ${bundle.report.id} vanished from the outbox`);
  process.stdout.write(`${describeItem(item)}\n`);
  if (item.state.status === 'failed') process.exitCode = 1;
}

/** What a flush did; when it sent nothing, why the reports still waiting wait. */
function printFlushed(outbox: Outbox, flushed: OutboxItem[]): void {
  for (const item of flushed) process.stdout.write(`${item.state.reportId} ${describeItem(item)}\n`);
  if (flushed.length > 0) return;
  const waiting = outbox.list().filter((item) => item.state.status !== 'sent');
  process.stdout.write(waiting.length === 0 ? 'Nothing to send.\n' : `Nothing was due now; ${waiting.length} waiting:\n`);
  for (const item of waiting) process.stdout.write(`${item.state.reportId} ${describeItem(item)}\n`);
}

export async function runOutbox(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandLine({ args: argv, options: destinationOptions, allowPositionals: true });
  const [action, target, ...extra] = positionals;
  if (extra.length > 0 || (target !== undefined && action !== 'retry')) throw new UsageError(`usage: ${outboxUsage}`);
  const { home, outbox, consent } = homeParts();
  switch (action) {
    case 'list': {
      const rows = outbox.list().map((item) => [item.state.reportId, item.state.status, String(item.state.attempts), describeItem(item)]);
      process.stdout.write(
        rows.length === 0 ? 'The outbox is empty.\n' : `${formatTable([['report', 'status', 'attempts', ''], ...rows])}\n`,
      );
      return;
    }
    case 'flush':
      printFlushed(outbox, await flushOutbox(outbox, consent, destinationsForCli(values, home)));
      return;
    case 'retry': {
      if (target === undefined) throw new UsageError(`say which report: ${outboxUsage}`);
      if (!outbox.retry(target.toLowerCase())) throw new UsageError(`report ${target} is not waiting in the outbox`);
      printFlushed(outbox, await flushOutbox(outbox, consent, destinationsForCli(values, home)));
      return;
    }
    case 'purge': {
      const removed = outbox.purge();
      process.stdout.write(`Removed ${removed.length} unsent reports from the outbox.\n`);
      return;
    }
    default:
      throw new UsageError(`usage: ${outboxUsage}`);
  }
}

export async function runHistory(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandLine({ args: argv, options: { json: { type: 'boolean' } }, allowPositionals: true });
  const { outbox, consent } = homeParts();
  const [action, reportId, ...extra] = positionals;
  if (action !== undefined) {
    if (action !== 'fetch' || reportId === undefined || extra.length > 0) throw new UsageError(`usage: ${historyUsage}`);
    await fetchServerCopy(outbox, consent, reportId.toLowerCase(), values.json === true);
    return;
  }
  const decisions = consent.history();
  const receipts = outbox.receipts.read().records;
  if (values.json === true) {
    process.stdout.write(`${JSON.stringify({ decisions, receipts, outbox: outbox.list().map((item) => item.state) }, null, 2)}\n`);
    return;
  }
  const rows = decisions.map((record) => [
    record.at,
    record.decision,
    'digest' in record ? record.digest : '',
    'reportId' in record ? record.reportId : '',
  ]);
  const sent = receipts.map((receipt) => [receipt.receivedAt, 'received', receipt.sha256, receipt.id]);
  const all = [...rows, ...sent].sort((a, b) => (a[0] ?? '').localeCompare(b[0] ?? ''));
  process.stdout.write(
    all.length === 0 ? 'No decisions and no reports yet.\n' : `${formatTable([['when', 'what', 'SHA-256', 'report'], ...all])}\n`,
  );
}

/** `candor history fetch`: the server's copy of a sent report, and whether it is what the user approved. */
async function fetchServerCopy(outbox: Outbox, consent: ConsentLedger, reportId: string, json: boolean): Promise<void> {
  let check;
  try {
    check = await checkServerCopy(outbox, consent, reportId);
  } catch (error) {
    throw new UsageError(errorText(error));
  }
  if (json) process.stdout.write(`${JSON.stringify(check, null, 2)}\n`);
  else
    process.stdout.write(
      check.serverSha256 === undefined
        ? `${reportId}: ${noticeText(check.reason)}\n`
        : `${reportId}: ${noticeText(check.reason)} (server SHA-256 ${check.serverSha256}, ${formatBytes(check.sizeBytes ?? 0)}; approved SHA-256 ${check.approvedSha256})\n`,
    );
  if (!check.identical) process.exitCode = 1;
}

/** Ends "always send", empties the outbox, and asks the server to delete every report it received. */
export async function runWithdraw(argv: string[]): Promise<void> {
  parseCommandLine({ args: argv, options: {} });
  const { home, outbox, consent } = homeParts();
  const endpoints = new Map(outbox.receipts.read().records.map((receipt) => [receipt.id, new URL(receipt.endpoint).origin]));
  const result = await withdrawConsent({ consent, outbox, reportsDir: path.join(home, 'reports') });
  process.stdout.write(
    `Consent withdrawn. Removed ${result.removedFromOutbox} unsent reports from the outbox and ${result.removedLocalCopies} local copies of reports never sent.\n`,
  );
  for (const deletion of result.deletions)
    process.stdout.write(`${deletion.reportId} at ${endpoints.get(deletion.reportId) ?? '?'}: ${noticeText(deletion.reason)}\n`);
  if (result.deletions.some((deletion) => !deletion.ok)) process.exitCode = 1;
}
