import { createHash, randomUUID } from 'node:crypto';
import type { CrashEvent } from '../../contract/crash-event';
import type { DiagnosticsSnapshot } from '../../contract/diagnostics';
import { PRIVACY_MANIFEST_VERSION } from '../../contract/privacy-manifest';
import { ReportSchema, type Attachment, type Report, type ReportSection } from '../../contract/report';
import { stackOnlyMinidump } from '../minidump/stack-only';
import { addCounts, redactText, type RedactionCounts, type RedactionOptions } from '../privacy/redact';
import { canonicalJson } from './canonical-json';

export interface ReportInput {
  id?: string;
  now: Date;
  app: Report['app'];
  crash?: CrashEvent | undefined;
  diagnostics: DiagnosticsSnapshot;
  comment?: string | undefined;
  /** Typed by the user on purpose; sent only if given and not left out. */
  email?: string | undefined;
  log?: { name: string; text: string } | undefined;
  minidump?: { name: string; bytes: Uint8Array } | undefined;
  exclude: readonly ReportSection[];
  /** The minidump whole, or reduced to thread stacks and modules. */
  minidumpVariant?: 'full' | 'stack-only';
  identity?: RedactionOptions['identity'];
  privacyPolicyVersion: string;
}

export interface BuiltAttachment {
  meta: Attachment;
  bytes: Uint8Array;
}

/** A report and its exact bytes: what is shown is these bytes, and what is sent is these bytes. */
export interface BuiltReport {
  report: Report;
  bytes: Buffer;
  sha256: string;
  attachments: BuiltAttachment[];
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Redacts every string inside a value, tallying what was removed. */
function redactDeep<T>(value: T, options: RedactionOptions, counts: RedactionCounts): T {
  if (typeof value === 'string') {
    const result = redactText(value, options);
    addCounts(counts, result.counts);
    return result.text as T;
  }
  if (Array.isArray(value)) return value.map((item: unknown) => redactDeep(item, options, counts)) as T;
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      Object.defineProperty(copy, key, {
        value: redactDeep(member, options, counts),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy as T;
  }
  return value;
}

function attachment(
  name: string,
  kind: Attachment['kind'],
  contentType: string,
  bytes: Uint8Array,
  variant?: Attachment['variant'],
): BuiltAttachment {
  return {
    meta: { name, kind, contentType, sizeBytes: bytes.length, sha256: sha256Hex(bytes), ...(variant === undefined ? {} : { variant }) },
    bytes,
  };
}

/** A file name safe in a bundle and a multipart upload, keeping the original's extension. */
function safeName(name: string, fallback: string): string {
  const cleaned = name
    .replace(/^.*[\\/]/, '')
    .replace(/[^\w.-]+/g, '_')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 100);
  return cleaned === '' ? fallback : cleaned;
}

/**
 * Builds the report: personal data redacted from every free-text field, the diagnostics and the
 * log; the sections the user left out removed; attachments listed with size and SHA-256; then
 * the canonical bytes and their digest, computed once from those bytes.
 */
export function buildReport(input: ReportInput): BuiltReport {
  const excluded = new Set(input.exclude);
  const email = excluded.has('email') || input.email === undefined || input.email.trim() === '' ? undefined : input.email.trim();
  const options: RedactionOptions = { identity: input.identity, keepEmail: email };
  const counts: RedactionCounts = {};

  const probes = Object.fromEntries(
    Object.entries(input.diagnostics.probes).filter(([name]) => !excluded.has(name as ReportSection)),
  ) as DiagnosticsSnapshot['probes'];
  const system = redactDeep({ ...input.diagnostics, probes }, options, counts);

  const attachments: BuiltAttachment[] = [];
  if (input.minidump !== undefined && !excluded.has('minidump')) {
    const variant = input.minidumpVariant ?? 'full';
    const bytes = variant === 'full' ? input.minidump.bytes : stackOnlyMinidump(Buffer.from(input.minidump.bytes));
    attachments.push(attachment(safeName(input.minidump.name, 'crash.dmp'), 'minidump', 'application/x-dmp', bytes, variant));
  }
  if (input.log !== undefined && !excluded.has('logs')) {
    const log = redactText(input.log.text, options);
    addCounts(counts, log.counts);
    attachments.push(attachment(safeName(input.log.name, 'log.txt'), 'log', 'text/plain; charset=utf-8', Buffer.from(log.text, 'utf8')));
  }

  const comment = input.comment === undefined || input.comment.trim() === '' ? undefined : redactDeep(input.comment, options, counts);
  const crash = input.crash;
  const report: Report = {
    schema: 'candor.report/1',
    id: input.id ?? randomUUID(),
    createdAt: input.now.toISOString(),
    app: input.app,
    ...(crash === undefined
      ? {}
      : {
          crash: {
            kind: crash.kind,
            processType: crash.processType,
            occurredAt: crash.occurredAt,
            lastOccurredAt: crash.lastOccurredAt,
            count: crash.count,
            signature: redactDeep(crash.signature, options, counts),
            ...(crash.error === undefined ? {} : { error: redactDeep(crash.error, options, counts) }),
            ...(crash.exit === undefined ? {} : { exit: crash.exit }),
          },
        }),
    system,
    user: { ...(comment === undefined ? {} : { comment }), ...(email === undefined ? {} : { email }) },
    attachments: attachments.map((built) => built.meta),
    redactions: Object.entries(counts)
      .map(([kind, count]) => ({ kind: kind as Report['redactions'][number]['kind'], count }))
      .sort((a, b) => a.kind.localeCompare(b.kind)),
    excluded: [...excluded].sort(),
    privacyPolicyVersion: input.privacyPolicyVersion,
    privacyManifestVersion: PRIVACY_MANIFEST_VERSION,
  };
  const bytes = Buffer.from(canonicalJson(ReportSchema.parse(report)), 'utf8');
  return { report, bytes, sha256: sha256Hex(bytes), attachments };
}
