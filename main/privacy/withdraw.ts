import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { ServerDeletions, WithdrawResult } from '../../contract/report-flow';
import { IdSchema } from '../../contract/ids';
import type { Notice } from '../../contract/notice';
import type { Receipt } from '../../contract/receipt';
import type { Outbox } from '../outbox/outbox';
import { deleteFromServer } from '../upload/candor-transport';
import type { ConsentLedger } from './consent';

/** Asks the server that received a report to delete it; a confirmed deletion is kept, so History says so. */
export async function deleteSentReport(
  outbox: Outbox,
  receipt: Receipt,
  now: () => Date = () => new Date(),
): Promise<{ ok: boolean; reason: Notice }> {
  const outcome = await deleteFromServer(receipt);
  if (outcome.ok) outbox.serverDeletions.append({ reportId: receipt.id, deletedAt: now().toISOString(), reason: outcome.reason });
  return outcome;
}

/** Asks every server that received a report (each receipt in the outbox's log, unless given) to delete it. */
export async function askServersToDelete(outbox: Outbox, receipts = outbox.receipts.read().records): Promise<ServerDeletions> {
  const deletions = [];
  for (const receipt of receipts) deletions.push({ reportId: receipt.id, ...(await deleteSentReport(outbox, receipt)) });
  return deletions;
}

/**
 * Withdrawing consent, the one way the app and the CLI do it: "always send" ends, the outbox is
 * emptied, the local copies of reports that never reached a server are deleted (a copy of a sent
 * report stays until the user deletes it, so what was sent can still be shown and checked), and
 * every server that received a report is asked to delete it.
 */
export async function withdrawConsent(parts: { consent: ConsentLedger; outbox: Outbox; reportsDir: string }): Promise<WithdrawResult> {
  parts.consent.record({ decision: 'withdraw' });
  const removed = parts.outbox.purge();
  const receipts = parts.outbox.receipts.read().records;
  const sent = new Set(receipts.map((receipt) => receipt.id));
  let removedLocalCopies = 0;
  for (const name of await readdir(parts.reportsDir).catch(() => [])) {
    // Only report folders: a name that is not a report id is not Candor's to delete.
    if (!IdSchema.safeParse(name).success || sent.has(name)) continue;
    await rm(path.join(parts.reportsDir, name), { recursive: true, force: true });
    removedLocalCopies++;
  }
  return { removedFromOutbox: removed.length, removedLocalCopies, deletions: await askServersToDelete(parts.outbox, receipts) };
}
