import type { SignatureGroup, StoredMinidump, StoredReport } from '../../contract/review';

/**
 * A report as the server keeps it (the exact bytes it received, and what it indexes from them), a
 * minidump from the Breakpad endpoint, and their signature groups.
 */
export type { SignatureGroup, StoredMinidump, StoredReport };

/** How many values a report row is written with (`REPORT_ROW_COLUMNS`). */
export const REPORT_ROW_WIDTH = 13;

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
  'id, sha256, received_at, app_name, app_version, os_platform, os_name, os_version, signature, size_bytes, attachments, deletion_token_hash, bytes';

export function reportRowValues(report: NewReport, receivedAt: string): (string | number | Buffer | null)[] {
  return [
    report.id,
    report.sha256,
    receivedAt,
    report.appName,
    report.appVersion,
    report.osPlatform,
    report.osName,
    report.osVersion,
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
  /** The start of a report's id (a support code read out), or all of it. */
  idPrefix?: string | undefined;
  /** ISO times: received at or after `receivedFrom`, before `receivedBefore`. */
  receivedFrom?: string | undefined;
  receivedBefore?: string | undefined;
  /** A page: at most `limit` rows after the first `offset`. */
  limit: number;
  offset: number;
}

/** A stored minidump, or a report (its minidump attachment), whose stack the server walks. */
export interface StackTarget {
  kind: 'minidump' | 'report';
  id: string;
}

/** A module a walk had no symbols for. */
export interface ModuleId {
  debugFile: string;
  debugId: string;
}

/** The outcome of walking a target: the analysis (JSON of StackAnalysisSchema), or why there is none. */
export interface StackOutcome {
  status: 'done' | 'failed' | 'no-dump';
  /** StackAnalysis as JSON when done; the failure's message when failed. */
  detail: string | null;
  signature: string | null;
  missing: ModuleId[];
}

export interface StoredStack extends StackOutcome {
  updatedAt: string;
}

export interface MissingSymbols extends ModuleId {
  /** How many stored crashes need these symbols. */
  crashes: number;
}

/** The tables of stack walks and the symbols they lacked; the same SQL in both stores. */
export const STACK_TABLES_SQL = `
  CREATE TABLE IF NOT EXISTS stacks (
    kind TEXT NOT NULL, target_id TEXT NOT NULL, status TEXT NOT NULL, claimed_at TEXT, updated_at TEXT,
    detail TEXT, signature TEXT, PRIMARY KEY (kind, target_id));
  CREATE TABLE IF NOT EXISTS stack_missing_symbols (
    kind TEXT NOT NULL, target_id TEXT NOT NULL, debug_file TEXT NOT NULL, debug_id TEXT NOT NULL,
    PRIMARY KEY (kind, target_id, debug_file, debug_id));
  CREATE INDEX IF NOT EXISTS stack_missing_module ON stack_missing_symbols (debug_file, debug_id);`;

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
  /**
   * Takes up to `limit` targets whose stack is not walked yet (or whose walk was claimed before
   * `staleBefore` and never finished), oldest first, marking them claimed at `now`. Several
   * servers sharing a database never take the same target.
   */
  claimStackTargets(limit: number, now: string, staleBefore: string): Promise<StackTarget[]>;
  /** Keeps a walk's outcome, what symbols it lacked, and (when it has one) its signature for grouping. */
  saveStack(target: StackTarget, outcome: StackOutcome, now: string): Promise<void>;
  stack(target: StackTarget): Promise<StoredStack | undefined>;
  /** Symbols for this module arrived: the walks that lacked them are done again. Returns how many. */
  requeueStacksMissing(module: ModuleId): Promise<number>;
  /** Modules whose symbols the most stored crashes lack, most wanted first. */
  missingSymbols(limit: number): Promise<MissingSymbols[]>;
  close(): Promise<void>;
}
