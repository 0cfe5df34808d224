import { ReportSchema, type Report } from '../../contract/report';
import type { ReviewedReport } from '../../contract/review';
import { canonicalJson } from '../../main/report/canonical-json';
import { describeAttachments } from '../../main/report/describe-attachments';
import { addCounts, redactText, type RedactionCounts, type RedactionKind } from '../../main/privacy/redact';
import type { ReportStore } from '../store/report-store';

const NOT_FREE_TEXT: ReadonlySet<string> = new Set(['schema', 'id', 'createdAt', 'occurredAt', 'lastOccurredAt', 'collectedAt', 'sha256']);

/**
 * The server's redaction backstop: the client's rules applied again to every free-text value a
 * reviewer is shown, in case an old or modified client let something through. The email the user
 * typed on purpose stays. The stored bytes are never changed; only what the console displays.
 */
function redactForDisplay(report: Report): { report: Report; counts: RedactionCounts } {
  const counts: RedactionCounts = {};
  const walk = (value: unknown, pathNames: readonly string[]): unknown => {
    const name = pathNames.at(-1) ?? '';
    // Identifiers, times and the attachment list are checked by the schema, not free text; the email was typed on purpose.
    if (NOT_FREE_TEXT.has(name) || pathNames[0] === 'attachments' || pathNames.join('.') === 'user.email') return value;
    if (typeof value === 'string') {
      const result = redactText(value);
      addCounts(counts, result.counts);
      return result.text;
    }
    if (Array.isArray(value)) return value.map((item: unknown) => walk(item, pathNames));
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, walk(item, [...pathNames, key])]));
    return value;
  };
  return { report: ReportSchema.parse(walk(report, [])), counts };
}

/** A stored report as its review page shows it: the user's preview, with the backstop applied. */
export async function reviewedReport(store: ReportStore, id: string): Promise<ReviewedReport | undefined> {
  const stored = await store.get(id);
  const bytes = await store.reportBytes(id);
  if (stored === undefined || bytes === undefined) return undefined;
  const received = ReportSchema.parse(JSON.parse(bytes.toString('utf8')));
  const { report, counts } = redactForDisplay(received);
  const attachments = [];
  for (const meta of received.attachments) {
    const attachmentBytes = await store.attachmentBytes(id, meta.name);
    if (attachmentBytes === undefined) continue;
    if (meta.kind !== 'log') {
      attachments.push({ meta, bytes: attachmentBytes });
      continue;
    }
    const log = redactText(attachmentBytes.toString('utf8'));
    addCounts(counts, log.counts);
    attachments.push({ meta, bytes: Buffer.from(log.text) });
  }
  const described = describeAttachments(attachments);
  const serverRedactions = Object.entries(counts).map(([kind, count]) => ({ kind: kind as RedactionKind, count }));
  return {
    reportId: stored.id,
    sha256: stored.sha256,
    sizeBytes: stored.sizeBytes,
    // Exactly the received text when the backstop found nothing; its redacted canonical form otherwise.
    bytes: serverRedactions.length === 0 ? bytes.toString('utf8') : canonicalJson(report),
    report,
    ...described,
    // The dump's personal-data findings list the values found; a reviewer sees the kinds and counts only.
    ...(described.minidump === undefined
      ? {}
      : {
          minidump: { ...described.minidump, personalData: described.minidump.personalData.map((finding) => ({ ...finding, values: [] })) },
        }),
    receivedAt: stored.receivedAt,
    serverRedactions,
  };
}
