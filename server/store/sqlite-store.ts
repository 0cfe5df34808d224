import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { fsyncFolderSync, removeStaleTemporaries, writeFileDurable } from '../../main/storage/durable-write';
import {
  REPORT_ROW_COLUMNS,
  REPORT_ROW_WIDTH,
  reportRowValues,
  type Credential,
  type CredentialKind,
  STACK_TABLES_SQL,
  type IngestResult,
  type MissingSymbols,
  type ModuleId,
  type StackOutcome,
  type StackTarget,
  type StoredStack,
  type NewReport,
  type ReportFilter,
  type ReportStore,
  type SignatureGroup,
  type StoredMinidump,
  type StoredReport,
  type WaitingReport,
} from './report-store';

interface ReportRow {
  id: string;
  sha256: string;
  received_at: string;
  app_name: string;
  app_version: string;
  os_platform: string | null;
  os_name: string | null;
  os_version: string | null;
  signature: string | null;
  size_bytes: number;
  attachments: string;
}

function fromRow(row: ReportRow): StoredReport {
  return {
    id: row.id,
    sha256: row.sha256,
    receivedAt: row.received_at,
    appName: row.app_name,
    appVersion: row.app_version,
    osPlatform: row.os_platform,
    osName: row.os_name,
    osVersion: row.os_version,
    signature: row.signature,
    sizeBytes: row.size_bytes,
    attachments: JSON.parse(row.attachments) as StoredReport['attachments'],
  };
}

/** A report's columns but its bytes, which only `reportBytes` reads. */
const REPORT_COLUMNS =
  'id, sha256, received_at, app_name, app_version, os_platform, os_name, os_version, signature, size_bytes, attachments';

/**
 * The embedded store: SQLite (WAL, synchronous=FULL) for the index and each report's bytes (a few
 * kilobytes, committed with its row), and attachments and minidumps as content-addressed files
 * (`blobs/ab/abcdef…`) written and fsynced before the row that points at them commits.
 */
export class SqliteReportStore implements ReportStore {
  private readonly db: Database.Database;
  // Prepared once: preparing them for every report cost as much as hashing it.
  private readonly selectReport: Database.Statement;
  private readonly insertReport: Database.Statement;
  private readonly findCredentialStatement: Database.Statement;
  private readonly waitingRows: WaitingReport[] = [];
  private readonly blobsInFlight = new Map<string, number>();
  private readonly blobWrites = new Map<string, Promise<void>>();

  constructor(private readonly dataDir: string) {
    mkdirSync(path.join(dataDir, 'blobs'), { recursive: true, mode: 0o700 });
    // Report bytes and the deletion-token secret live here: owner-only, before SQLite creates it,
    // and the WAL and shared-memory files SQLite makes beside it take the same mode.
    const file = path.join(dataDir, 'candor.sqlite');
    closeSync(openSync(file, 'a', 0o600));
    chmodSync(file, 0o600);
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS reports (
        id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, received_at TEXT NOT NULL, app_name TEXT NOT NULL,
        app_version TEXT NOT NULL, os_platform TEXT, signature TEXT, size_bytes INTEGER NOT NULL,
        attachments TEXT NOT NULL, deletion_token_hash TEXT NOT NULL, bytes BLOB NOT NULL);
      CREATE INDEX IF NOT EXISTS reports_received ON reports (received_at);
      CREATE INDEX IF NOT EXISTS reports_signature ON reports (signature);
      CREATE TABLE IF NOT EXISTS minidumps (
        id TEXT PRIMARY KEY, received_at TEXT NOT NULL, app_name TEXT NOT NULL, app_version TEXT NOT NULL,
        os_platform TEXT, fields TEXT NOT NULL, sha256 TEXT NOT NULL, size_bytes INTEGER NOT NULL, signature TEXT);
      CREATE INDEX IF NOT EXISTS minidumps_received ON minidumps (received_at);
      CREATE TABLE IF NOT EXISTS credentials (
        id TEXT PRIMARY KEY, kind TEXT NOT NULL, secret_hash TEXT NOT NULL UNIQUE, label TEXT NOT NULL,
        created_at TEXT NOT NULL, revoked_at TEXT);
      CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value BLOB NOT NULL);
      ${STACK_TABLES_SQL}
    `);
    // Stores made before the OS name and version were kept gain the columns; their rows show none.
    const columns = new Set((this.db.prepare('PRAGMA table_info(reports)').all() as { name: string }[]).map((column) => column.name));
    for (const column of ['os_name', 'os_version']) if (!columns.has(column)) this.db.exec(`ALTER TABLE reports ADD COLUMN ${column} TEXT`);
    this.selectReport = this.db.prepare(`SELECT ${REPORT_COLUMNS} FROM reports WHERE id = ?`);
    this.insertReport = this.db.prepare(
      `INSERT INTO reports (${REPORT_ROW_COLUMNS}) VALUES (${Array.from({ length: REPORT_ROW_WIDTH }, () => '?').join(', ')})`,
    );
    this.findCredentialStatement = this.db.prepare('SELECT id FROM credentials WHERE kind = ? AND secret_hash = ? AND revoked_at IS NULL');
  }

  /**
   * What a server killed mid-ingest leaves: temporary files, and attachment files written before
   * their row committed (the upload was never acknowledged, so the client sends it again).
   * Called by `candor-server` before it serves, when no ingest is under way.
   */
  async sweepLeftovers(): Promise<void> {
    const blobs = path.join(this.dataDir, 'blobs');
    removeStaleTemporaries(blobs);
    const referenced = new Set<string>();
    for (const row of this.db.prepare('SELECT attachments FROM reports').iterate() as Iterable<{ attachments: string }>)
      for (const attachment of JSON.parse(row.attachments) as { sha256: string }[]) referenced.add(attachment.sha256);
    for (const row of this.db.prepare('SELECT sha256 FROM minidumps').iterate() as Iterable<{ sha256: string }>) referenced.add(row.sha256);
    for (const entry of readdirSync(blobs, { withFileTypes: true, recursive: true })) {
      if (entry.isFile() && /^[0-9a-f]{64}$/.test(entry.name) && !referenced.has(entry.name))
        rmSync(path.join(entry.parentPath, entry.name), { force: true });
    }
    return Promise.resolve();
  }

  private blobPath(sha256: string): string {
    return path.join(this.dataDir, 'blobs', sha256.slice(0, 2), sha256);
  }

  /**
   * Writes a content-addressed file durably, once: a second writer of the same digest waits for the
   * first, so nobody sees the file before its folder entry is on disk.
   */
  private writeBlob(sha256: string, bytes: Buffer): Promise<void> {
    const file = this.blobPath(sha256);
    if (existsSync(file) && !this.blobWrites.has(sha256)) return Promise.resolve();
    const inProgress = this.blobWrites.get(sha256);
    if (inProgress !== undefined) return inProgress;
    const writing = (async () => {
      const folder = path.dirname(file);
      // A new fan-out folder is itself an entry in blobs/, which must reach the disk too.
      if (mkdirSync(folder, { recursive: true, mode: 0o700 }) !== undefined) fsyncFolderSync(path.dirname(folder));
      await writeFileDurable(file, bytes);
    })().finally(() => this.blobWrites.delete(sha256));
    this.blobWrites.set(sha256, writing);
    return writing;
  }

  async ingest(report: NewReport, receivedAt: string): Promise<IngestResult> {
    const existing = this.selectReport.get(report.id) as ReportRow | undefined;
    if (existing !== undefined)
      return existing.sha256 === report.sha256 ? { status: 'repeated', report: fromRow(existing) } : { status: 'conflict' };
    return this.holdingBlobs(
      report.attachments.map((attachment) => attachment.sha256),
      async () => {
        // Attachment files first, fsynced; the row (with the report's bytes) commits after, so an acknowledged report is whole.
        for (const attachment of report.attachments) {
          const bytes = report.attachmentBytes.get(attachment.name);
          if (bytes !== undefined) await this.writeBlob(attachment.sha256, bytes);
        }
        return new Promise<IngestResult>((resolve, reject) => {
          this.waitingRows.push({ report, receivedAt, resolve, reject });
          if (this.waitingRows.length === 1) setImmediate(() => this.commitWaitingRows());
        });
      },
    );
  }

  /** Until the rows that point at these files commit, no delete or purge may remove them. */
  private async holdingBlobs<T>(digests: string[], work: () => Promise<T>): Promise<T> {
    for (const digest of digests) this.blobsInFlight.set(digest, (this.blobsInFlight.get(digest) ?? 0) + 1);
    try {
      return await work();
    } finally {
      for (const digest of digests) {
        const count = (this.blobsInFlight.get(digest) ?? 1) - 1;
        if (count === 0) this.blobsInFlight.delete(digest);
        else this.blobsInFlight.set(digest, count);
      }
    }
  }

  /**
   * Group commit: the rows of every report whose files became durable since the last commit go
   * into one transaction, so one SQLite fsync acknowledges them all.
   */
  private commitWaitingRows(): void {
    const batch = this.waitingRows.splice(0);
    let results: IngestResult[];
    try {
      results = this.db.transaction(() =>
        batch.map(({ report, receivedAt }): IngestResult => {
          // The same id can arrive twice at once; the second is judged against the first here.
          const existing = this.selectReport.get(report.id) as ReportRow | undefined;
          if (existing !== undefined)
            return existing.sha256 === report.sha256 ? { status: 'repeated', report: fromRow(existing) } : { status: 'conflict' };
          this.insertReport.run(...reportRowValues(report, receivedAt));
          return { status: 'created', report: { ...report, receivedAt } };
        }),
      )();
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
      return;
    }
    batch.forEach((waiting, index) => {
      const result = results[index];
      if (result !== undefined) waiting.resolve(result);
    });
  }

  async get(id: string): Promise<StoredReport | undefined> {
    const row = this.selectReport.get(id) as ReportRow | undefined;
    return Promise.resolve(row === undefined ? undefined : fromRow(row));
  }

  async reportBytes(id: string): Promise<Buffer | undefined> {
    const row = this.db.prepare('SELECT bytes FROM reports WHERE id = ?').get(id) as { bytes: Buffer } | undefined;
    return Promise.resolve(row?.bytes);
  }

  async attachmentBytes(id: string, name: string): Promise<Buffer | undefined> {
    const attachment = (await this.get(id))?.attachments.find((candidate) => candidate.name === name);
    return attachment === undefined ? undefined : readFile(this.blobPath(attachment.sha256));
  }

  async deletionTokenHash(id: string): Promise<string | undefined> {
    const row = this.db.prepare('SELECT deletion_token_hash FROM reports WHERE id = ?').get(id) as
      { deletion_token_hash: string } | undefined;
    return Promise.resolve(row?.deletion_token_hash);
  }

  async delete(id: string): Promise<boolean> {
    return Promise.resolve(this.deleteNow(id));
  }

  private deleteNow(id: string): boolean {
    const row = this.selectReport.get(id) as ReportRow | undefined;
    if (row === undefined) return false;
    const report = fromRow(row);
    this.db.prepare('DELETE FROM reports WHERE id = ?').run(id);
    this.deleteStackRows({ kind: 'report', id });
    // A blob goes when nothing else points at it (the same bytes can arrive under two ids).
    for (const attachment of report.attachments) this.removeBlobIfUnused(attachment.sha256);
    return true;
  }

  private removeBlobIfUnused(sha256: string): void {
    const stillUsed =
      this.db.prepare("SELECT 1 FROM reports WHERE attachments LIKE '%' || ? || '%' LIMIT 1").get(sha256) !== undefined ||
      this.db.prepare('SELECT 1 FROM minidumps WHERE sha256 = ? LIMIT 1').get(sha256) !== undefined;
    if (!stillUsed && !this.blobsInFlight.has(sha256)) rmSync(this.blobPath(sha256), { force: true });
  }

  async list(filter: ReportFilter): Promise<StoredReport[]> {
    const rows = this.db
      .prepare(`SELECT ${REPORT_COLUMNS} FROM reports WHERE ${FILTER_SQL} ORDER BY received_at DESC, id LIMIT @limit OFFSET @offset`)
      .all(filterParameters(filter)) as ReportRow[];
    return Promise.resolve(rows.map(fromRow));
  }

  async signatures(filter: ReportFilter): Promise<SignatureGroup[]> {
    const rows = this.db
      .prepare(
        `SELECT signature, app_name AS appName, COUNT(*) AS count, MIN(received_at) AS firstSeen, MAX(received_at) AS lastSeen
         FROM (SELECT id, signature, app_name, app_version, os_platform, received_at FROM reports
               UNION ALL SELECT id, signature, app_name, app_version, os_platform, received_at FROM minidumps)
         WHERE signature IS NOT NULL AND ${FILTER_SQL}
         GROUP BY signature, app_name ORDER BY count DESC, lastSeen DESC LIMIT @limit OFFSET @offset`,
      )
      .all(filterParameters(filter)) as SignatureGroup[];
    return Promise.resolve(rows);
  }

  async ingestMinidump(upload: Omit<StoredMinidump, 'receivedAt'>, bytes: Buffer, receivedAt: string): Promise<StoredMinidump> {
    return this.holdingBlobs([upload.sha256], async () => {
      await this.writeBlob(upload.sha256, bytes);
      this.db
        .prepare(
          `INSERT INTO minidumps (id, received_at, app_name, app_version, os_platform, fields, sha256, size_bytes, signature)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          upload.id,
          receivedAt,
          upload.appName,
          upload.appVersion,
          upload.osPlatform,
          JSON.stringify(upload.fields),
          upload.sha256,
          upload.sizeBytes,
          upload.signature,
        );
      return { ...upload, receivedAt };
    });
  }

  async listMinidumps(filter: ReportFilter): Promise<StoredMinidump[]> {
    const rows = this.db
      .prepare(`SELECT * FROM minidumps WHERE ${FILTER_SQL} ORDER BY received_at DESC, id LIMIT @limit OFFSET @offset`)
      .all(filterParameters(filter)) as MinidumpRow[];
    return Promise.resolve(rows.map(minidumpFromRow));
  }

  async minidumpBytes(id: string): Promise<Buffer | undefined> {
    const row = this.db.prepare('SELECT sha256 FROM minidumps WHERE id = ?').get(id) as { sha256: string } | undefined;
    return row === undefined ? undefined : readFile(this.blobPath(row.sha256));
  }

  async deleteMinidump(id: string): Promise<boolean> {
    return Promise.resolve(this.deleteMinidumpNow(id));
  }

  private deleteMinidumpNow(id: string): boolean {
    const row = this.db.prepare('SELECT sha256 FROM minidumps WHERE id = ?').get(id) as { sha256: string } | undefined;
    if (row === undefined) return false;
    this.db.prepare('DELETE FROM minidumps WHERE id = ?').run(id);
    this.deleteStackRows({ kind: 'minidump', id });
    this.removeBlobIfUnused(row.sha256);
    return true;
  }

  async purgeReceivedBefore(cutoff: string): Promise<{ reports: number; minidumps: number }> {
    const reports = (this.db.prepare('SELECT id FROM reports WHERE received_at < ?').all(cutoff) as { id: string }[]).map((row) => row.id);
    for (const id of reports) this.deleteNow(id);
    const dumps = this.db.prepare('SELECT id FROM minidumps WHERE received_at < ?').all(cutoff) as { id: string }[];
    for (const dump of dumps) this.deleteMinidumpNow(dump.id);
    return Promise.resolve({ reports: reports.length, minidumps: dumps.length });
  }

  async tokenSecret(): Promise<Buffer> {
    this.db.prepare("INSERT OR IGNORE INTO settings (name, value) VALUES ('token-secret', ?)").run(randomBytes(32));
    const row = this.db.prepare("SELECT value FROM settings WHERE name = 'token-secret'").get() as { value: Buffer };
    return Promise.resolve(row.value);
  }

  async addCredential(credential: Omit<Credential, 'revokedAt'>, secretHash: string): Promise<void> {
    this.db
      .prepare('INSERT INTO credentials (id, kind, secret_hash, label, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(credential.id, credential.kind, secretHash, credential.label, credential.createdAt);
    return Promise.resolve();
  }

  async listCredentials(kind: CredentialKind): Promise<Credential[]> {
    const rows = this.db
      .prepare(
        'SELECT id, kind, label, created_at AS createdAt, revoked_at AS revokedAt FROM credentials WHERE kind = ? ORDER BY created_at, id',
      )
      .all(kind) as Credential[];
    return Promise.resolve(rows);
  }

  async revokeCredential(kind: CredentialKind, id: string, revokedAt: string): Promise<boolean> {
    const result = this.db
      .prepare('UPDATE credentials SET revoked_at = ? WHERE kind = ? AND id = ? AND revoked_at IS NULL')
      .run(revokedAt, kind, id);
    return Promise.resolve(result.changes === 1);
  }

  async findCredential(kind: CredentialKind, secretHash: string): Promise<string | undefined> {
    const row = this.findCredentialStatement.get(kind, secretHash) as { id: string } | undefined;
    return Promise.resolve(row?.id);
  }

  private deleteStackRows(target: StackTarget): void {
    this.db.prepare('DELETE FROM stacks WHERE kind = ? AND target_id = ?').run(target.kind, target.id);
    this.db.prepare('DELETE FROM stack_missing_symbols WHERE kind = ? AND target_id = ?').run(target.kind, target.id);
  }

  async claimStackTargets(limit: number, now: string, staleBefore: string): Promise<StackTarget[]> {
    const claim = this.db.transaction((): StackTarget[] => {
      const targets: StackTarget[] = [];
      // A report without attachments has no dump to walk: it is never claimed, and costs ingest nothing.
      for (const [kind, table, withDump] of [
        ['minidump', 'minidumps', 'TRUE'],
        ['report', 'reports', "t.attachments <> '[]'"],
      ] as const) {
        const rows = this.db
          .prepare(
            `SELECT t.id FROM ${table} t LEFT JOIN stacks s ON s.kind = ? AND s.target_id = t.id
             WHERE ${withDump} AND (s.target_id IS NULL OR (s.status = 'running' AND s.claimed_at < ?)) ORDER BY t.received_at, t.id LIMIT ?`,
          )
          .all(kind, staleBefore, limit - targets.length) as { id: string }[];
        for (const row of rows) {
          this.db
            .prepare(
              `INSERT INTO stacks (kind, target_id, status, claimed_at) VALUES (?, ?, 'running', ?)
               ON CONFLICT (kind, target_id) DO UPDATE SET status = 'running', claimed_at = excluded.claimed_at`,
            )
            .run(kind, row.id, now);
          targets.push({ kind, id: row.id });
        }
      }
      return targets;
    });
    return Promise.resolve(claim());
  }

  async saveStack(target: StackTarget, outcome: StackOutcome, now: string): Promise<void> {
    const save = this.db.transaction(() => {
      // A target deleted while it was walked stays deleted.
      const table = target.kind === 'minidump' ? 'minidumps' : 'reports';
      if (this.db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).get(target.id) === undefined) return;
      this.db
        .prepare(
          `INSERT INTO stacks (kind, target_id, status, claimed_at, updated_at, detail, signature) VALUES (?, ?, ?, NULL, ?, ?, ?)
           ON CONFLICT (kind, target_id) DO UPDATE SET status = excluded.status, claimed_at = NULL, updated_at = excluded.updated_at,
             detail = excluded.detail, signature = excluded.signature`,
        )
        .run(target.kind, target.id, outcome.status, now, outcome.detail, outcome.signature);
      this.db.prepare('DELETE FROM stack_missing_symbols WHERE kind = ? AND target_id = ?').run(target.kind, target.id);
      const insertMissing = this.db.prepare(
        'INSERT OR IGNORE INTO stack_missing_symbols (kind, target_id, debug_file, debug_id) VALUES (?, ?, ?, ?)',
      );
      for (const module of outcome.missing) insertMissing.run(target.kind, target.id, module.debugFile, module.debugId);
      if (outcome.signature !== null) this.db.prepare(`UPDATE ${table} SET signature = ? WHERE id = ?`).run(outcome.signature, target.id);
    });
    save();
    return Promise.resolve();
  }

  async stack(target: StackTarget): Promise<StoredStack | undefined> {
    const row = this.db
      .prepare(`SELECT status, detail, signature, updated_at FROM stacks WHERE kind = ? AND target_id = ? AND status <> 'running'`)
      .get(target.kind, target.id) as
      { status: StoredStack['status']; detail: string | null; signature: string | null; updated_at: string } | undefined;
    if (row === undefined) return Promise.resolve(undefined);
    const missing = this.db
      .prepare(
        'SELECT debug_file AS debugFile, debug_id AS debugId FROM stack_missing_symbols WHERE kind = ? AND target_id = ? ORDER BY debug_file, debug_id',
      )
      .all(target.kind, target.id) as ModuleId[];
    return Promise.resolve({ status: row.status, detail: row.detail, signature: row.signature, missing, updatedAt: row.updated_at });
  }

  async requeueStacksMissing(module: ModuleId): Promise<number> {
    const result = this.db
      .prepare(
        `DELETE FROM stacks WHERE status <> 'running' AND EXISTS (SELECT 1 FROM stack_missing_symbols m
           WHERE m.kind = stacks.kind AND m.target_id = stacks.target_id AND m.debug_file = ? AND m.debug_id = ?)`,
      )
      .run(module.debugFile, module.debugId);
    return Promise.resolve(result.changes);
  }

  async missingSymbols(limit: number): Promise<MissingSymbols[]> {
    return Promise.resolve(
      this.db
        .prepare(
          `SELECT debug_file AS debugFile, debug_id AS debugId, COUNT(*) AS crashes FROM stack_missing_symbols
           GROUP BY debug_file, debug_id ORDER BY crashes DESC, debug_file, debug_id LIMIT ?`,
        )
        .all(limit) as MissingSymbols[],
    );
  }

  async close(): Promise<void> {
    this.db.close();
    return Promise.resolve();
  }
}

interface MinidumpRow {
  id: string;
  received_at: string;
  app_name: string;
  app_version: string;
  os_platform: string | null;
  fields: string;
  sha256: string;
  size_bytes: number;
  signature: string | null;
}

function minidumpFromRow(row: MinidumpRow): StoredMinidump {
  return {
    id: row.id,
    receivedAt: row.received_at,
    appName: row.app_name,
    appVersion: row.app_version,
    osPlatform: row.os_platform,
    fields: JSON.parse(row.fields) as Record<string, string>,
    sha256: row.sha256,
    sizeBytes: row.size_bytes,
    signature: row.signature,
  };
}

const FILTER_SQL = `(@appName IS NULL OR app_name = @appName) AND (@appVersion IS NULL OR app_version = @appVersion)
  AND (@osPlatform IS NULL OR os_platform = @osPlatform) AND (@signature IS NULL OR signature = @signature)
  AND (@receivedFrom IS NULL OR received_at >= @receivedFrom) AND (@receivedBefore IS NULL OR received_at < @receivedBefore)
  AND (@idPrefix IS NULL OR substr(id, 1, length(@idPrefix)) = @idPrefix)`;

function filterParameters(filter: ReportFilter): Record<string, string | number | null> {
  return {
    appName: filter.appName ?? null,
    appVersion: filter.appVersion ?? null,
    osPlatform: filter.osPlatform ?? null,
    signature: filter.signature ?? null,
    receivedFrom: filter.receivedFrom ?? null,
    receivedBefore: filter.receivedBefore ?? null,
    idPrefix: filter.idPrefix ?? null,
    limit: filter.limit,
    offset: filter.offset,
  };
}
