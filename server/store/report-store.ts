import type { SignatureGroup, StoredMinidump, StoredReport } from '../../contract/review';

/**
 * A report as the server keeps it (the exact bytes it received, and what it indexes from them), a
 * minidump from the Breakpad endpoint, and their signature groups.
 */
export type { SignatureGroup, StoredMinidump, StoredReport };

export interface NewReport extends Omit<StoredReport, 'receivedAt'> {
  /** The report part exactly as received. */
  bytes: Buffer;
  attachmentBytes: Map<string, Buffer>;
  deletionTokenHash: string;
}

/** A report waiting for the group commit that will acknowledge it. */
export interface WaitingReport {
  report: NewReport;
  receivedAt: string;
  resolve: (result: IngestResult) => void;
  reject: (error: unknown) => void;
}

/** The columns a report row is written with, in the order of `reportRowValues`; both stores write them so. */
export const REPORT_ROW_COLUMNS =
  'id, sha256, received_at, app_name, app_version, os_platform, signature, size_bytes, attachments, deletion_token_hash, bytes';

export function reportRowValues(report: NewReport, receivedAt: string): (string | number | Buffer | null)[] {
  return [
    report.id,
    report.sha256,
    receivedAt,
    report.appName,
    report.appVersion,
    report.osPlatform,
    report.signature,
    report.sizeBytes,
    JSON.stringify(report.attachments),
    report.deletionTokenHash,
    report.bytes,
  ];
}

export type IngestResult = { status: 'created' | 'repeated'; report: StoredReport } | { status: 'conflict' };

/** What the review console filters by; every field left out matches everything. */
export interface ReportFilter {
  appName?: string | undefined;
  appVersion?: string | undefined;
  osPlatform?: string | undefined;
  signature?: string | undefined;
  /** ISO times: received at or after `receivedFrom`, before `receivedBefore`. */
  receivedFrom?: string | undefined;
  receivedBefore?: string | undefined;
  /** A page: at most `limit` rows after the first `offset`. */
  limit: number;
  offset: number;
}

/** Ingest keys send reports, reviewer tokens read them, symbols keys upload symbol files. */
export type CredentialKind = 'ingest-key' | 'reviewer-token' | 'symbols-key';

/** An ingest key or reviewer token as stored: the secret itself is only ever kept hashed. */
export interface Credential {
  id: string;
  kind: CredentialKind;
  label: string;
  createdAt: string;
  revokedAt: string | null;
}

/**
 * Where the server keeps reports. `ingest` resolves only once the report and its attachments are
 * durable, so a 201 is never answered for something a crash could lose. Both stores (SQLite with
 * files, PostgreSQL) pass the same tests in `test/server/`.
 */
export interface ReportStore {
  ingest(report: NewReport, receivedAt: string): Promise<IngestResult>;
  get(id: string): Promise<StoredReport | undefined>;
  reportBytes(id: string): Promise<Buffer | undefined>;
  attachmentBytes(id: string, name: string): Promise<Buffer | undefined>;
  deletionTokenHash(id: string): Promise<string | undefined>;
  delete(id: string): Promise<boolean>;
  /** Newest first. */
  list(filter: ReportFilter): Promise<StoredReport[]>;
  /** Groups of the reports and minidumps `filter` matches, most frequent first. */
  signatures(filter: ReportFilter): Promise<SignatureGroup[]>;
  ingestMinidump(upload: Omit<StoredMinidump, 'receivedAt'>, bytes: Buffer, receivedAt: string): Promise<StoredMinidump>;
  /** Newest first. */
  listMinidumps(filter: ReportFilter): Promise<StoredMinidump[]>;
  minidumpBytes(id: string): Promise<Buffer | undefined>;
  /** Removes what an interrupted ingest left (temporary and unreferenced files); only while nothing is ingested. */
  sweepLeftovers(): Promise<void>;
  /** Removes one minidump and its bytes; false when there is none. */
  deleteMinidump(id: string): Promise<boolean>;
  /** Removes reports and minidumps received before `cutoff`, with their bytes; returns how many of each. */
  purgeReceivedBefore(cutoff: string): Promise<{ reports: number; minidumps: number }>;
  /** The key of the deletion-token HMAC, made on first use and kept with the data (servers sharing a database share it). */
  tokenSecret(): Promise<Buffer>;
  addCredential(credential: Omit<Credential, 'revokedAt'>, secretHash: string): Promise<void>;
  listCredentials(kind: CredentialKind): Promise<Credential[]>;
  /** False when there is no such credential of this kind (or it was already revoked). */
  revokeCredential(kind: CredentialKind, id: string, revokedAt: string): Promise<boolean>;
  /** The id of the live (not revoked) credential with this secret hash, if any. */
  findCredential(kind: CredentialKind, secretHash: string): Promise<string | undefined>;
  close(): Promise<void>;
}
