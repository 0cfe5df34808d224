import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { fsyncFolderSync, writeFileDurable } from '../../main/storage/durable-write';
import type { IngestResult, NewReport, ReportStore, StoredMinidump, StoredReport } from './report-store';

interface ReportRow {
  id: string;
  sha256: string;
  received_at: string;
  app_name: string;
  app_version: string;
  os_platform: string | null;
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
    signature: row.signature,
    sizeBytes: row.size_bytes,
    attachments: JSON.parse(row.attachments) as StoredReport['attachments'],
  };
}

/**
 * The embedded store: SQLite (WAL, synchronous=FULL) for the index, and the received bytes as
 * content-addressed files (`blobs/ab/abcdef…`) written and fsynced before the row commits.
 */
export class SqliteReportStore implements ReportStore {
  private readonly db: Database.Database;
  // Prepared once: preparing them for every report cost as much as hashing it.
  private readonly selectReport: Database.Statement;
  private readonly insertReport: Database.Statement;
  private readonly waitingRows: {
    report: NewReport;
    receivedAt: string;
    resolve: (result: IngestResult) => void;
    reject: (error: unknown) => void;
  }[] = [];
  private readonly blobsInFlight = new Map<string, number>();
  private readonly blobWrites = new Map<string, Promise<void>>();

  constructor(private readonly dataDir: string) {
    mkdirSync(path.join(dataDir, 'blobs'), { recursive: true, mode: 0o700 });
    this.db = new Database(path.join(dataDir, 'candor.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS reports (
        id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, received_at TEXT NOT NULL, app_name TEXT NOT NULL,
        app_version TEXT NOT NULL, os_platform TEXT, signature TEXT, size_bytes INTEGER NOT NULL,
        attachments TEXT NOT NULL, deletion_token_hash TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS reports_received ON reports (received_at);
      CREATE INDEX IF NOT EXISTS reports_signature ON reports (signature);
      CREATE TABLE IF NOT EXISTS minidumps (
        id TEXT PRIMARY KEY, received_at TEXT NOT NULL, fields TEXT NOT NULL, sha256 TEXT NOT NULL,
        size_bytes INTEGER NOT NULL, signature TEXT);
      CREATE INDEX IF NOT EXISTS minidumps_received ON minidumps (received_at);
      CREATE TABLE IF NOT EXISTS ingest_keys (key_hash TEXT PRIMARY KEY, label TEXT NOT NULL, created_at TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS reviewer_tokens (token_hash TEXT PRIMARY KEY, label TEXT NOT NULL, created_at TEXT NOT NULL, revoked_at TEXT);
    `);
    this.selectReport = this.db.prepare('SELECT * FROM reports WHERE id = ?');
    this.insertReport = this.db.prepare(
      `INSERT INTO reports (id, sha256, received_at, app_name, app_version, os_platform, signature, size_bytes, attachments, deletion_token_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
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
    const digests = [report.sha256, ...report.attachments.map((attachment) => attachment.sha256)];
    return this.holdingBlobs(digests, async () => {
      // Files first, fsynced; the row that points at them commits after, so an acknowledged report is whole.
      await this.writeBlob(report.sha256, report.bytes);
      for (const attachment of report.attachments) {
        const bytes = report.attachmentBytes.get(attachment.name);
        if (bytes !== undefined) await this.writeBlob(attachment.sha256, bytes);
      }
      return new Promise<IngestResult>((resolve, reject) => {
        this.waitingRows.push({ report, receivedAt, resolve, reject });
        if (this.waitingRows.length === 1) setImmediate(() => this.commitWaitingRows());
      });
    });
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
          this.insertReport.run(
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
          );
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

  get(id: string): StoredReport | undefined {
    const row = this.selectReport.get(id) as ReportRow | undefined;
    return row === undefined ? undefined : fromRow(row);
  }

  reportBytes(id: string): Buffer | undefined {
    const report = this.get(id);
    return report === undefined ? undefined : readFileSync(this.blobPath(report.sha256));
  }

  deletionTokenHash(id: string): string | undefined {
    return (this.db.prepare('SELECT deletion_token_hash FROM reports WHERE id = ?').get(id) as { deletion_token_hash: string } | undefined)
      ?.deletion_token_hash;
  }

  delete(id: string): boolean {
    const report = this.get(id);
    if (report === undefined) return false;
    this.db.prepare('DELETE FROM reports WHERE id = ?').run(id);
    // A blob goes when no other report points at it (the same bytes can arrive under two ids).
    for (const sha256 of [report.sha256, ...report.attachments.map((attachment) => attachment.sha256)]) {
      const stillUsed = this.db
        .prepare("SELECT 1 FROM reports WHERE sha256 = ? OR attachments LIKE '%' || ? || '%' LIMIT 1")
        .get(sha256, sha256);
      if (stillUsed === undefined && !this.blobsInFlight.has(sha256)) rmSync(this.blobPath(sha256), { force: true });
    }
    return true;
  }

  list(filter: { appName?: string | undefined; signature?: string | undefined; limit: number }): StoredReport[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM reports WHERE (@appName IS NULL OR app_name = @appName) AND (@signature IS NULL OR signature = @signature)
         ORDER BY received_at DESC LIMIT @limit`,
      )
      .all({ appName: filter.appName ?? null, signature: filter.signature ?? null, limit: filter.limit }) as ReportRow[];
    return rows.map(fromRow);
  }

  async ingestMinidump(upload: Omit<StoredMinidump, 'receivedAt'>, bytes: Buffer, receivedAt: string): Promise<StoredMinidump> {
    return this.holdingBlobs([upload.sha256], async () => {
      await this.writeBlob(upload.sha256, bytes);
      this.db
        .prepare('INSERT INTO minidumps (id, received_at, fields, sha256, size_bytes, signature) VALUES (?, ?, ?, ?, ?, ?)')
        .run(upload.id, receivedAt, JSON.stringify(upload.fields), upload.sha256, upload.sizeBytes, upload.signature);
      return { ...upload, receivedAt };
    });
  }

  listMinidumps(limit: number): StoredMinidump[] {
    const rows = this.db.prepare('SELECT * FROM minidumps ORDER BY received_at DESC LIMIT ?').all(limit) as {
      id: string;
      received_at: string;
      fields: string;
      sha256: string;
      size_bytes: number;
      signature: string | null;
    }[];
    return rows.map((row) => ({
      id: row.id,
      receivedAt: row.received_at,
      fields: JSON.parse(row.fields) as Record<string, string>,
      sha256: row.sha256,
      sizeBytes: row.size_bytes,
      signature: row.signature,
    }));
  }

  purgeReceivedBefore(cutoff: string): { reports: number; minidumps: number } {
    const reports = (this.db.prepare('SELECT id FROM reports WHERE received_at < ?').all(cutoff) as { id: string }[]).map((row) => row.id);
    for (const id of reports) this.delete(id);
    const dumps = this.db.prepare('SELECT id, sha256 FROM minidumps WHERE received_at < ?').all(cutoff) as { id: string; sha256: string }[];
    for (const dump of dumps) {
      this.db.prepare('DELETE FROM minidumps WHERE id = ?').run(dump.id);
      const stillUsed = this.db.prepare('SELECT 1 FROM minidumps WHERE sha256 = ? LIMIT 1').get(dump.sha256);
      if (stillUsed === undefined && !this.blobReferencedByReport(dump.sha256) && !this.blobsInFlight.has(dump.sha256))
        rmSync(this.blobPath(dump.sha256), { force: true });
    }
    return { reports: reports.length, minidumps: dumps.length };
  }

  private blobReferencedByReport(sha256: string): boolean {
    return (
      this.db.prepare("SELECT 1 FROM reports WHERE sha256 = ? OR attachments LIKE '%' || ? || '%' LIMIT 1").get(sha256, sha256) !==
      undefined
    );
  }

  hasIngestKey(keyHash: string): boolean {
    return this.db.prepare('SELECT 1 FROM ingest_keys WHERE key_hash = ?').get(keyHash) !== undefined;
  }

  hasReviewerToken(tokenHash: string): boolean {
    return this.db.prepare('SELECT 1 FROM reviewer_tokens WHERE token_hash = ? AND revoked_at IS NULL').get(tokenHash) !== undefined;
  }

  addIngestKey(keyHash: string, label: string): void {
    this.db.prepare('INSERT INTO ingest_keys (key_hash, label, created_at) VALUES (?, ?, ?)').run(keyHash, label, new Date().toISOString());
  }

  addReviewerToken(tokenHash: string, label: string): void {
    this.db
      .prepare('INSERT INTO reviewer_tokens (token_hash, label, created_at) VALUES (?, ?, ?)')
      .run(tokenHash, label, new Date().toISOString());
  }

  close(): void {
    this.db.close();
  }
}
