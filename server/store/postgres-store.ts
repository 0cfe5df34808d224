import { randomBytes } from 'node:crypto';
import pg from 'pg';
import {
  REPORT_ROW_COLUMNS,
  REPORT_ROW_WIDTH,
  reportRowValues,
  STACK_TABLES_SQL,
  type Credential,
  type CredentialKind,
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

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS reports (
    id TEXT PRIMARY KEY, sha256 TEXT NOT NULL, received_at TEXT NOT NULL, app_name TEXT NOT NULL,
    app_version TEXT NOT NULL, os_platform TEXT, signature TEXT, size_bytes INTEGER NOT NULL,
    attachments JSONB NOT NULL, deletion_token_hash TEXT NOT NULL, bytes BYTEA NOT NULL);
  ALTER TABLE reports ADD COLUMN IF NOT EXISTS os_name TEXT;
  ALTER TABLE reports ADD COLUMN IF NOT EXISTS os_version TEXT;
  CREATE INDEX IF NOT EXISTS reports_received ON reports (received_at);
  CREATE INDEX IF NOT EXISTS reports_signature ON reports (signature);
  CREATE TABLE IF NOT EXISTS attachments (
    report_id TEXT NOT NULL REFERENCES reports (id) ON DELETE CASCADE, name TEXT NOT NULL, bytes BYTEA NOT NULL,
    PRIMARY KEY (report_id, name));
  CREATE TABLE IF NOT EXISTS minidumps (
    id TEXT PRIMARY KEY, received_at TEXT NOT NULL, app_name TEXT NOT NULL, app_version TEXT NOT NULL,
    os_platform TEXT, fields JSONB NOT NULL, sha256 TEXT NOT NULL, size_bytes INTEGER NOT NULL, signature TEXT,
    bytes BYTEA NOT NULL);
  CREATE INDEX IF NOT EXISTS minidumps_received ON minidumps (received_at);
  CREATE TABLE IF NOT EXISTS credentials (
    id TEXT PRIMARY KEY, kind TEXT NOT NULL, secret_hash TEXT NOT NULL UNIQUE, label TEXT NOT NULL,
    created_at TEXT NOT NULL, revoked_at TEXT);
  CREATE TABLE IF NOT EXISTS settings (name TEXT PRIMARY KEY, value BYTEA NOT NULL);
`;

const REPORT_COLUMNS = `id, sha256, received_at AS "receivedAt", app_name AS "appName", app_version AS "appVersion",
  os_platform AS "osPlatform", os_name AS "osName", os_version AS "osVersion", signature, size_bytes AS "sizeBytes", attachments`;

const FILTER_SQL = `($1::text IS NULL OR app_name = $1) AND ($2::text IS NULL OR app_version = $2)
  AND ($3::text IS NULL OR os_platform = $3) AND ($4::text IS NULL OR signature = $4)
  AND ($5::text IS NULL OR received_at >= $5) AND ($6::text IS NULL OR received_at < $6)
  AND ($9::text IS NULL OR left(id, length($9)) = $9)`;

/** ($1, $2, …), ($n+1, …) for `rows` rows of `columns` values each. */
function placeholders(rows: number, columns: number): string {
  return Array.from(
    { length: rows },
    (_row, row) => `(${Array.from({ length: columns }, (_column, column) => `$${row * columns + column + 1}`).join(', ')})`,
  ).join(', ');
}

function filterParameters(filter: ReportFilter): (string | number | null)[] {
  return [
    filter.appName ?? null,
    filter.appVersion ?? null,
    filter.osPlatform ?? null,
    filter.signature ?? null,
    filter.receivedFrom ?? null,
    filter.receivedBefore ?? null,
    filter.limit,
    filter.offset,
    filter.idPrefix ?? null,
  ];
}

/** The most reports one transaction takes; more wait for the next. */
const MAX_BATCH = 256;

/**
 * The store for a team that has outgrown one machine: everything, bytes included, in PostgreSQL,
 * so any number of servers can share it. A commit is durable (synchronous_commit is on by
 * default), so `ingest` resolves after the COMMIT that holds the report returns.
 */
export class PostgresReportStore implements ReportStore {
  private readonly waiting: WaitingReport[] = [];
  private committing = false;

  private constructor(private readonly pool: pg.Pool) {}

  static async open(connectionString: string): Promise<PostgresReportStore> {
    const pool = new pg.Pool({ connectionString, max: 10 });
    // An idle connection that drops must not take the whole server down.
    pool.on('error', () => undefined);
    try {
      // Two servers starting at once must not race each other's CREATE TABLE.
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock(7263)');
        await client.query(SCHEMA);
        await client.query(STACK_TABLES_SQL);
        await client.query('SELECT pg_advisory_unlock(7263)');
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresReportStore(pool);
  }

  ingest(report: NewReport, receivedAt: string): Promise<IngestResult> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ report, receivedAt, resolve, reject });
      void this.commitWaiting();
    });
  }

  /**
   * Group commit: the reports that arrive while one transaction commits go into the next one, so
   * one WAL flush acknowledges them all. A failure fails the whole batch (each client retries).
   */
  private async commitWaiting(): Promise<void> {
    if (this.committing || this.waiting.length === 0) return;
    this.committing = true;
    // PostgreSQL takes at most 65535 parameters a statement: 11 a report, 3 an attachment.
    let take = 0;
    for (let parameters = 0; take < this.waiting.length && take < MAX_BATCH; take++) {
      parameters += 11 + 3 * (this.waiting[take]?.report.attachments.length ?? 0);
      if (parameters > 60_000 && take > 0) break;
    }
    const batch = this.waiting.splice(0, take);
    try {
      const results = await this.commitBatch(batch);
      batch.forEach((waiting, index) => {
        const result = results[index];
        if (result !== undefined) waiting.resolve(result);
      });
    } catch (error) {
      for (const waiting of batch) waiting.reject(error);
    } finally {
      this.committing = false;
      void this.commitWaiting();
    }
  }

  private async commitBatch(batch: readonly WaitingReport[]): Promise<IngestResult[]> {
    const client = await this.pool.connect();
    let insertedIds: Set<string>;
    try {
      await client.query('BEGIN');
      // One statement for the batch. The same id earlier in it, or in another server's transaction
      // (which this waits for), makes a row do nothing; it is judged against what was stored.
      const rows = batch.map(({ report, receivedAt }) => reportRowValues(report, receivedAt));
      const inserted = await client.query<{ id: string }>(
        `INSERT INTO reports (${REPORT_ROW_COLUMNS}) VALUES ${placeholders(rows.length, REPORT_ROW_WIDTH)} ON CONFLICT (id) DO NOTHING RETURNING id`,
        rows.flat(),
      );
      insertedIds = new Set(inserted.rows.map((row) => row.id));
      // A repeated id in the batch is inserted once, by its first report.
      const claimed = new Set<string>();
      const attachmentRows = batch.flatMap(({ report }) => {
        if (!insertedIds.has(report.id) || claimed.has(report.id)) return [];
        claimed.add(report.id);
        return report.attachments.flatMap((attachment) => {
          const bytes = report.attachmentBytes.get(attachment.name);
          return bytes === undefined ? [] : [[report.id, attachment.name, bytes]];
        });
      });
      if (attachmentRows.length > 0)
        await client.query(
          `INSERT INTO attachments (report_id, name, bytes) VALUES ${placeholders(attachmentRows.length, 3)}`,
          attachmentRows.flat(),
        );
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
    const created = new Set<string>();
    return Promise.all(
      batch.map(async ({ report, receivedAt }): Promise<IngestResult> => {
        if (insertedIds.has(report.id) && !created.has(report.id)) {
          created.add(report.id);
          return { status: 'created', report: { ...report, receivedAt } };
        }
        const existing = await this.get(report.id);
        if (existing === undefined) throw new Error(`report ${report.id} vanished while it was being received again`);
        return existing.sha256 === report.sha256 ? { status: 'repeated', report: existing } : { status: 'conflict' };
      }),
    );
  }

  async get(id: string): Promise<StoredReport | undefined> {
    const result = await this.pool.query<StoredReport>(`SELECT ${REPORT_COLUMNS} FROM reports WHERE id = $1`, [id]);
    return result.rows[0];
  }

  async reportBytes(id: string): Promise<Buffer | undefined> {
    const result = await this.pool.query<{ bytes: Buffer }>('SELECT bytes FROM reports WHERE id = $1', [id]);
    return result.rows[0]?.bytes;
  }

  async attachmentBytes(id: string, name: string): Promise<Buffer | undefined> {
    const result = await this.pool.query<{ bytes: Buffer }>('SELECT bytes FROM attachments WHERE report_id = $1 AND name = $2', [id, name]);
    return result.rows[0]?.bytes;
  }

  async deletionTokenHash(id: string): Promise<string | undefined> {
    const result = await this.pool.query<{ hash: string }>('SELECT deletion_token_hash AS hash FROM reports WHERE id = $1', [id]);
    return result.rows[0]?.hash;
  }

  async delete(id: string): Promise<boolean> {
    // Attachments go with their report (ON DELETE CASCADE).
    const result = await this.pool.query('DELETE FROM reports WHERE id = $1', [id]);
    await this.deleteStackRows({ kind: 'report', id });
    return result.rowCount === 1;
  }

  async list(filter: ReportFilter): Promise<StoredReport[]> {
    const result = await this.pool.query<StoredReport>(
      `SELECT ${REPORT_COLUMNS} FROM reports WHERE ${FILTER_SQL} ORDER BY received_at DESC, id LIMIT $7 OFFSET $8`,
      filterParameters(filter),
    );
    return result.rows;
  }

  async signatures(filter: ReportFilter): Promise<SignatureGroup[]> {
    const result = await this.pool.query<SignatureGroup>(
      `SELECT signature, app_name AS "appName", COUNT(*)::int AS count, MIN(received_at) AS "firstSeen", MAX(received_at) AS "lastSeen"
       FROM (SELECT id, signature, app_name, app_version, os_platform, received_at FROM reports
             UNION ALL SELECT id, signature, app_name, app_version, os_platform, received_at FROM minidumps) AS crashes
       WHERE signature IS NOT NULL AND ${FILTER_SQL}
       GROUP BY signature, app_name ORDER BY count DESC, "lastSeen" DESC LIMIT $7 OFFSET $8`,
      filterParameters(filter),
    );
    return result.rows;
  }

  async ingestMinidump(upload: Omit<StoredMinidump, 'receivedAt'>, bytes: Buffer, receivedAt: string): Promise<StoredMinidump> {
    await this.pool.query(
      `INSERT INTO minidumps (id, received_at, app_name, app_version, os_platform, fields, sha256, size_bytes, signature, bytes)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        upload.id,
        receivedAt,
        upload.appName,
        upload.appVersion,
        upload.osPlatform,
        JSON.stringify(upload.fields),
        upload.sha256,
        upload.sizeBytes,
        upload.signature,
        bytes,
      ],
    );
    return { ...upload, receivedAt };
  }

  async listMinidumps(filter: ReportFilter): Promise<StoredMinidump[]> {
    const result = await this.pool.query<StoredMinidump>(
      `SELECT id, received_at AS "receivedAt", app_name AS "appName", app_version AS "appVersion", os_platform AS "osPlatform",
         fields, sha256, size_bytes AS "sizeBytes", signature
       FROM minidumps WHERE ${FILTER_SQL} ORDER BY received_at DESC, id LIMIT $7 OFFSET $8`,
      filterParameters(filter),
    );
    return result.rows;
  }

  async minidumpBytes(id: string): Promise<Buffer | undefined> {
    const result = await this.pool.query<{ bytes: Buffer }>('SELECT bytes FROM minidumps WHERE id = $1', [id]);
    return result.rows[0]?.bytes;
  }

  /** Nothing to sweep: a report and its attachments commit in one transaction or not at all. */
  sweepLeftovers(): Promise<void> {
    return Promise.resolve();
  }

  async deleteMinidump(id: string): Promise<boolean> {
    const result = await this.pool.query('DELETE FROM minidumps WHERE id = $1', [id]);
    await this.deleteStackRows({ kind: 'minidump', id });
    return result.rowCount === 1;
  }

  private async deleteStackRows(target: StackTarget): Promise<void> {
    await this.pool.query('DELETE FROM stacks WHERE kind = $1 AND target_id = $2', [target.kind, target.id]);
    await this.pool.query('DELETE FROM stack_missing_symbols WHERE kind = $1 AND target_id = $2', [target.kind, target.id]);
  }

  async purgeReceivedBefore(cutoff: string): Promise<{ reports: number; minidumps: number }> {
    const reports = await this.pool.query<{ id: string }>('DELETE FROM reports WHERE received_at < $1 RETURNING id', [cutoff]);
    const minidumps = await this.pool.query<{ id: string }>('DELETE FROM minidumps WHERE received_at < $1 RETURNING id', [cutoff]);
    for (const { id } of reports.rows) await this.deleteStackRows({ kind: 'report', id });
    for (const { id } of minidumps.rows) await this.deleteStackRows({ kind: 'minidump', id });
    return { reports: reports.rowCount ?? 0, minidumps: minidumps.rowCount ?? 0 };
  }

  async tokenSecret(): Promise<Buffer> {
    await this.pool.query("INSERT INTO settings (name, value) VALUES ('token-secret', $1) ON CONFLICT (name) DO NOTHING", [
      randomBytes(32),
    ]);
    const result = await this.pool.query<{ value: Buffer }>("SELECT value FROM settings WHERE name = 'token-secret'");
    const secret = result.rows[0]?.value;
    if (secret === undefined) throw new Error('the token secret could not be created');
    return secret;
  }

  async addCredential(credential: Omit<Credential, 'revokedAt'>, secretHash: string): Promise<void> {
    await this.pool.query('INSERT INTO credentials (id, kind, secret_hash, label, created_at) VALUES ($1, $2, $3, $4, $5)', [
      credential.id,
      credential.kind,
      secretHash,
      credential.label,
      credential.createdAt,
    ]);
  }

  async listCredentials(kind: CredentialKind): Promise<Credential[]> {
    const result = await this.pool.query<Credential>(
      `SELECT id, kind, label, created_at AS "createdAt", revoked_at AS "revokedAt" FROM credentials WHERE kind = $1 ORDER BY created_at, id`,
      [kind],
    );
    return result.rows;
  }

  async revokeCredential(kind: CredentialKind, id: string, revokedAt: string): Promise<boolean> {
    const result = await this.pool.query('UPDATE credentials SET revoked_at = $1 WHERE kind = $2 AND id = $3 AND revoked_at IS NULL', [
      revokedAt,
      kind,
      id,
    ]);
    return result.rowCount === 1;
  }

  async findCredential(kind: CredentialKind, secretHash: string): Promise<string | undefined> {
    const result = await this.pool.query<{ id: string }>(
      'SELECT id FROM credentials WHERE kind = $1 AND secret_hash = $2 AND revoked_at IS NULL',
      [kind, secretHash],
    );
    return result.rows[0]?.id;
  }

  async claimStackTargets(limit: number, now: string, staleBefore: string): Promise<StackTarget[]> {
    const targets: StackTarget[] = [];
    // Walks claimed by a server that stopped: each row is taken back by exactly one UPDATE.
    const stale = await this.pool.query<{ kind: StackTarget['kind']; id: string }>(
      `UPDATE stacks SET claimed_at = $1 WHERE (kind, target_id) IN (
         SELECT kind, target_id FROM stacks WHERE status = 'running' AND claimed_at < $2 LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING kind, target_id AS id`,
      [now, staleBefore, limit],
    );
    targets.push(...stale.rows.map((row) => ({ kind: row.kind, id: row.id })));
    // A report without attachments has no dump to walk: it is never claimed, and costs ingest nothing.
    for (const [kind, table, withDump] of [
      ['minidump', 'minidumps', 'TRUE'],
      ['report', 'reports', 'jsonb_array_length(t.attachments) > 0'],
    ] as const) {
      if (targets.length >= limit) break;
      // ON CONFLICT DO NOTHING: a target another server claimed meanwhile is not returned here.
      const claimed = await this.pool.query<{ id: string }>(
        `INSERT INTO stacks (kind, target_id, status, claimed_at)
         SELECT $1, t.id, 'running', $2 FROM ${table} t
         WHERE ${withDump} AND NOT EXISTS (SELECT 1 FROM stacks s WHERE s.kind = $1 AND s.target_id = t.id)
         ORDER BY t.received_at, t.id LIMIT $3
         ON CONFLICT (kind, target_id) DO NOTHING RETURNING target_id AS id`,
        [kind, now, limit - targets.length],
      );
      targets.push(...claimed.rows.map((row) => ({ kind, id: row.id })));
    }
    return targets;
  }

  async saveStack(target: StackTarget, outcome: StackOutcome, now: string): Promise<void> {
    const table = target.kind === 'minidump' ? 'minidumps' : 'reports';
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      // A target deleted while it was walked stays deleted.
      const exists = await client.query(`SELECT 1 FROM ${table} WHERE id = $1 FOR UPDATE`, [target.id]);
      if (exists.rowCount === 1) {
        await client.query(
          `INSERT INTO stacks (kind, target_id, status, claimed_at, updated_at, detail, signature) VALUES ($1, $2, $3, NULL, $4, $5, $6)
           ON CONFLICT (kind, target_id) DO UPDATE SET status = excluded.status, claimed_at = NULL, updated_at = excluded.updated_at,
             detail = excluded.detail, signature = excluded.signature`,
          [target.kind, target.id, outcome.status, now, outcome.detail, outcome.signature],
        );
        await client.query('DELETE FROM stack_missing_symbols WHERE kind = $1 AND target_id = $2', [target.kind, target.id]);
        for (const module of outcome.missing) {
          await client.query(
            'INSERT INTO stack_missing_symbols (kind, target_id, debug_file, debug_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING',
            [target.kind, target.id, module.debugFile, module.debugId],
          );
        }
        if (outcome.signature !== null)
          await client.query(`UPDATE ${table} SET signature = $1 WHERE id = $2`, [outcome.signature, target.id]);
      }
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  async stack(target: StackTarget): Promise<StoredStack | undefined> {
    const row = await this.pool.query<{
      status: StoredStack['status'];
      detail: string | null;
      signature: string | null;
      updatedAt: string;
    }>(
      `SELECT status, detail, signature, updated_at AS "updatedAt" FROM stacks WHERE kind = $1 AND target_id = $2 AND status <> 'running'`,
      [target.kind, target.id],
    );
    const found = row.rows[0];
    if (found === undefined) return undefined;
    const missing = await this.pool.query<ModuleId>(
      `SELECT debug_file AS "debugFile", debug_id AS "debugId" FROM stack_missing_symbols WHERE kind = $1 AND target_id = $2 ORDER BY debug_file, debug_id`,
      [target.kind, target.id],
    );
    return { ...found, missing: missing.rows };
  }

  async requeueStacksMissing(module: ModuleId): Promise<number> {
    const result = await this.pool.query(
      `DELETE FROM stacks WHERE status <> 'running' AND EXISTS (SELECT 1 FROM stack_missing_symbols m
         WHERE m.kind = stacks.kind AND m.target_id = stacks.target_id AND m.debug_file = $1 AND m.debug_id = $2)`,
      [module.debugFile, module.debugId],
    );
    return result.rowCount ?? 0;
  }

  async missingSymbols(limit: number): Promise<MissingSymbols[]> {
    const result = await this.pool.query<MissingSymbols>(
      `SELECT debug_file AS "debugFile", debug_id AS "debugId", COUNT(*)::int AS crashes FROM stack_missing_symbols
       GROUP BY debug_file, debug_id ORDER BY crashes DESC, debug_file, debug_id LIMIT $1`,
      [limit],
    );
    return result.rows;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
