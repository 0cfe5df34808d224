import { ReportSchema } from '../../contract/report';
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
 * It walks any JSON value, so it covers members the report schema does not know (and strips from
 * the parsed report) but the stored bytes still hold; ingest keeps reports shallow enough for it.
 */
function redactForDisplay<T>(value: T, counts: RedactionCounts): T {
  const walk = (member: unknown, pathNames: readonly string[]): unknown => {
    const name = pathNames.at(-1) ?? '';
    // Identifiers, times and the attachment list are checked by the schema, not free text; the email was typed on purpose.
    if (NOT_FREE_TEXT.has(name) || pathNames[0] === 'attachments' || pathNames.join('.') === 'user.email') return member;
    if (typeof member === 'string') {
      const result = redactText(member);
      addCounts(counts, result.counts);
      return result.text;
    }
    if (Array.isArray(member)) return member.map((item: unknown) => walk(item, pathNames));
    if (member !== null && typeof member === 'object') {
      const copy: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(member))
        // defineProperty, so a key named __proto__ stays a key.
        Object.defineProperty(copy, key, { value: walk(item, [...pathNames, key]), enumerable: true, writable: true, configurable: true });
      return copy;
    }
    return member;
  };
  // The walk replaces strings only: the value keeps its shape and type.
  return walk(value, []) as T;
}

/** A stored report as its review page shows it: the user's preview, with the backstop applied. */
export async function reviewedReport(store: ReportStore, id: string): Promise<ReviewedReport | undefined> {
  const stored = await store.get(id);
  const bytes = await store.reportBytes(id);
  if (stored === undefined || bytes === undefined) return undefined;
  const text = bytes.toString('utf8');
  const raw: unknown = JSON.parse(text);
  const received = ReportSchema.parse(raw);
  // What is shown as bytes is the stored text, every member of it, with the backstop applied;
  // the readable report is the schema's view of the same.
  const bytesCounts: RedactionCounts = {};
  const shownRaw = redactForDisplay(raw, bytesCounts);
  const counts: RedactionCounts = { ...bytesCounts };
  const report = redactForDisplay(received, {});
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
  // The dump's findings list the values found, and its module paths name home folders: a
  // reviewer sees the kinds and counts, and the paths with the backstop applied. Not counted among
  // what the client left in: the summary's own list of personal data already says what the dump holds.
  const minidump =
    described.minidump === undefined
      ? undefined
      : redactForDisplay(
          { ...described.minidump, personalData: described.minidump.personalData.map((finding) => ({ ...finding, values: [] })) },
          {},
        );
  const serverRedactions = Object.entries(counts).map(([kind, count]) => ({ kind: kind as RedactionKind, count }));
  return {
    reportId: stored.id,
    sha256: stored.sha256,
    sizeBytes: stored.sizeBytes,
    // Exactly the received text when the backstop found nothing; its redacted canonical form otherwise.
    bytes: Object.keys(bytesCounts).length === 0 ? text : canonicalJson(shownRaw),
    report,
    attachments: described.attachments,
    ...(minidump === undefined ? {} : { minidump }),
    receivedAt: stored.receivedAt,
    serverRedactions,
  };
}
