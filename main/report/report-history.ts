import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { crashKinds } from '../../contract/crash-event';
import type { HistoryEntry, HistoryState } from '../../contract/report-flow';
import type { ConsentRecord, SendRecord } from '../privacy/consent';
import type { Outbox, OutboxState } from '../outbox/outbox';
import { REPORT_FILE } from './bundle';

/** What a History row says about a report, read from its own report.json; unknown keys are dropped. */
const ReportGistSchema = z.object({
  app: z.object({ name: z.string(), version: z.string() }),
  crash: z.object({ kind: z.enum(crashKinds), processType: z.string(), count: z.number().int().positive() }).optional(),
});
type ReportGist = z.infer<typeof ReportGistSchema>;

function readGist(dir: string): ReportGist | undefined {
  try {
    const parsed = ReportGistSchema.safeParse(JSON.parse(readFileSync(path.join(dir, REPORT_FILE), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const OUTBOX_STATES: Record<OutboxState['status'], HistoryState> = {
  queued: 'waiting',
  sending: 'sending',
  sent: 'sent',
  failed: 'failed',
  'needs-destination': 'needs-destination',
  'needs-approval': 'needs-approval',
  'set-aside': 'set-aside',
};

/**
 * Every report the user approved, newest first, in the state it is in now: the outbox says where a
 * waiting one is; the receipts and the servers' confirmed deletions say what became of a sent one;
 * the consent ledger says which were approved and whether consent was withdrawn before they went.
 * A report never sent and deleted from this computer by the user is no longer listed.
 */
export function reportHistory(parts: { outbox: Outbox; decisions: readonly ConsentRecord[]; reportsDir: string }): HistoryEntry[] {
  const { outbox, decisions } = parts;
  const items = new Map(outbox.list().map((item) => [item.state.reportId, item]));
  const receipts = new Map(outbox.receipts.read().records.map((receipt) => [receipt.id, receipt]));
  const deletions = new Map(outbox.serverDeletions.read().records.map((deletion) => [deletion.reportId, deletion]));
  const approvals = new Map<string, SendRecord>();
  const withdrawals: string[] = [];
  for (const record of decisions) {
    if (record.decision === 'send') approvals.set(record.reportId, record);
    if (record.decision === 'withdraw') withdrawals.push(record.at);
  }
  const entries: HistoryEntry[] = [];
  for (const [reportId, approval] of approvals) {
    const item = items.get(reportId);
    const receipt = item?.state.receipt ?? receipts.get(reportId);
    const deletion = deletions.get(reportId);
    let state: HistoryState;
    if (receipt !== undefined && deletion !== undefined) state = 'deleted-from-server';
    else if (item !== undefined) state = OUTBOX_STATES[item.state.status];
    else if (receipt !== undefined) state = 'sent';
    else if (withdrawals.some((at) => at >= approval.at)) state = 'withdrawn';
    else continue;
    const dir = item?.dir ?? path.join(parts.reportsDir, reportId);
    const gist = readGist(dir);
    entries.push({
      reportId,
      sha256: item?.state.digest ?? approval.digest,
      state,
      approvedAt: approval.at,
      destination: { protocol: approval.destination.protocol, host: new URL(approval.destination.url).host },
      ...(gist === undefined ? {} : { app: gist.app, ...(gist.crash === undefined ? {} : { crash: gist.crash }) }),
      ...(receipt === undefined ? {} : { receipt }),
      ...(item?.state.lastError === undefined || state === 'sent' ? {} : { reason: item.state.lastError.reason }),
      ...(deletion === undefined ? {} : { deletedAt: deletion.deletedAt }),
      localCopy: gist !== undefined,
    });
  }
  return entries.sort((a, b) => (a.approvedAt < b.approvedAt ? 1 : a.approvedAt > b.approvedAt ? -1 : 0));
}
