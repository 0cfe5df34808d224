import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { candorHome } from '../../paths';
import { ConsentLedger } from '../../privacy/consent';
import { Outbox, type OutboxItem } from '../../outbox/outbox';
import { readBundle, type Bundle } from '../../report/bundle';
import { checkDestination, deleteFromServer, uploadBundle } from '../../upload/candor-transport';
import { UploadRefusedError } from '../../upload/upload-errors';
import { formatBytes, formatTable } from '../format';
import { parseCommandLine } from '../parse-options';
import { UsageError } from '../usage-error';

export const sendUsage = 'candor send DIR --endpoint URL [--consent SHA256] [--key KEY]';
export const outboxUsage = 'candor outbox list|flush|purge [--key KEY]';
export const historyUsage = 'candor history [--json]';
export const withdrawUsage = 'candor withdraw';

function homeParts(): { outbox: Outbox; consent: ConsentLedger } {
  const home = candorHome(process.env, process.platform, os.homedir());
  const outbox = new Outbox(path.join(home, 'outbox'));
  outbox.recover();
  return { outbox, consent: new ConsentLedger(path.join(home, 'consent', 'ledger.jsonl')) };
}

async function askYesNo(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(question)).trim());
  } finally {
    prompt.close();
  }
}

async function flushOutbox(outbox: Outbox, consent: ConsentLedger, ingestKey: string | undefined): Promise<OutboxItem[]> {
  return outbox.flush((bundle, item) => uploadBundle(bundle, { endpoint: item.state.endpoint, ingestKey }, consent));
}

function describeItem(item: OutboxItem): string {
  const { state } = item;
  if (state.status === 'sent' && state.receipt !== undefined) {
    return `sent: report ${state.reportId}, SHA-256 ${state.receipt.sha256}, received ${state.receipt.receivedAt}; support code ${state.reportId}`;
  }
  if (state.status === 'failed') return `not sent: ${state.lastError?.reason ?? 'unknown reason'} (kept in the outbox)`;
  return `queued: ${state.lastError?.reason ?? 'waiting'}; next attempt ${state.nextAttemptAt ?? 'now'}`;
}

/**
 * Sends a bundle, only with consent for its exact bytes: the digest given with --consent, or a
 * yes typed at the prompt after seeing size, digest and destination. Without a terminal and
 * without --consent it refuses.
 */
export async function runSend(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandLine({
    args: argv,
    options: { endpoint: { type: 'string' }, consent: { type: 'string' }, key: { type: 'string' } },
    allowPositionals: true,
  });
  const [dir, ...extra] = positionals;
  if (dir === undefined || extra.length > 0 || values.endpoint === undefined) throw new UsageError(`usage: ${sendUsage}`);
  let bundle: Bundle;
  try {
    bundle = readBundle(path.resolve(dir));
    checkDestination(values.endpoint);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.consent !== undefined) {
    if (values.consent.toLowerCase() !== bundle.sha256) {
      throw new UsageError(`--consent ${values.consent} does not match the bundle's SHA-256 ${bundle.sha256}; nothing was sent`);
    }
  } else if (process.stdin.isTTY) {
    const question = `Send ${formatBytes(bundle.bytes.length)} report ${bundle.report.id} (SHA-256 ${bundle.sha256}) and ${bundle.attachments.length} attachments to ${values.endpoint}? [y/N] `;
    if (!(await askYesNo(question))) {
      process.stdout.write('Not sent.\n');
      return;
    }
  } else {
    throw new UsageError('consent required: run in a terminal to be asked, or pass --consent with the SHA-256 you approved');
  }

  const { outbox, consent } = homeParts();
  const record = consent.record({ decision: 'send', digest: bundle.sha256, reportId: bundle.report.id, basis: 'asked' });
  outbox.enqueue(bundle, record, values.endpoint);
  try {
    await flushOutbox(outbox, consent, values.key);
  } catch (error) {
    if (error instanceof UploadRefusedError) throw new UsageError(error.message);
    throw error;
  }
  const item = outbox.list().find((candidate) => candidate.state.reportId === bundle.report.id);
  if (item === undefined) throw new Error(`report ${bundle.report.id} vanished from the outbox`);
  process.stdout.write(`${describeItem(item)}\n`);
  if (item.state.status === 'failed') process.exitCode = 1;
}

export async function runOutbox(argv: string[]): Promise<void> {
  const { values, positionals } = parseCommandLine({ args: argv, options: { key: { type: 'string' } }, allowPositionals: true });
  const [action, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`usage: ${outboxUsage}`);
  const { outbox, consent } = homeParts();
  switch (action) {
    case 'list': {
      const rows = outbox.list().map((item) => [item.state.reportId, item.state.status, String(item.state.attempts), describeItem(item)]);
      process.stdout.write(
        rows.length === 0 ? 'The outbox is empty.\n' : `${formatTable([['report', 'status', 'attempts', ''], ...rows])}\n`,
      );
      return;
    }
    case 'flush':
      for (const item of await flushOutbox(outbox, consent, values.key))
        process.stdout.write(`${item.state.reportId} ${describeItem(item)}\n`);
      return;
    case 'purge': {
      const removed = outbox.purge();
      process.stdout.write(`Removed ${removed.length} unsent reports from the outbox.\n`);
      return;
    }
    default:
      throw new UsageError(`usage: ${outboxUsage}`);
  }
}

export function runHistory(argv: string[]): Promise<void> {
  const { values } = parseCommandLine({ args: argv, options: { json: { type: 'boolean' } } });
  const { outbox, consent } = homeParts();
  const decisions = consent.history();
  const receipts = outbox.receipts.read();
  if (values.json === true) {
    process.stdout.write(`${JSON.stringify({ decisions, receipts, outbox: outbox.list().map((item) => item.state) }, null, 2)}\n`);
    return Promise.resolve();
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
  return Promise.resolve();
}

/** Ends "always send", empties the outbox, and asks the server to delete every report it received. */
export async function runWithdraw(argv: string[]): Promise<void> {
  parseCommandLine({ args: argv, options: {} });
  const { outbox, consent } = homeParts();
  consent.record({ decision: 'withdraw' });
  const removed = outbox.purge();
  process.stdout.write(`Consent withdrawn. Removed ${removed.length} unsent reports.\n`);
  let failures = 0;
  for (const receipt of outbox.receipts.read()) {
    const result = await deleteFromServer(receipt);
    if (!result.ok) failures++;
    process.stdout.write(`${receipt.id} at ${new URL(receipt.endpoint).origin}: ${result.reason}\n`);
  }
  if (failures > 0) process.exitCode = 1;
}
