import { randomBytes } from 'node:crypto';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, describe } from 'vitest';
import { openReportStore } from '../../server/store/open-store';
import { PostgresReportStore } from '../../server/store/postgres-store';
import type { ReportStore } from '../../server/store/report-store';
import { SqliteReportStore } from '../../server/store/sqlite-store';

/** A store opened for one test, and the `candor-server` options that open the same store. */
export interface OpenedStore {
  store: ReportStore;
  storeArgs: string[];
  /** How many stored byte objects (files, or rows holding bytes) exist: a refused upload must add none. */
  countStoredBytes(): Promise<number>;
  /** Makes writing fail for real from now on, as a full or broken disk or database would. */
  breakStorage(): Promise<void>;
}

export interface StoreKind {
  name: 'sqlite' | 'postgres';
  /** Opens a new, empty store; `dir` is a fresh folder the SQLite store keeps its data in. */
  open(dir: string): Promise<OpenedStore>;
}

/**
 * An administrator URL of a running PostgreSQL (`.ci/run` starts one and sets it). Each store
 * gets a database of its own, dropped when the test file ends.
 */
/**
 * An administrator URL of a running PostgreSQL. `skip` says on purpose that this machine has none
 * (the Windows and macOS CI runners; Linux CI tests the PostgreSQL store).
 */
const POSTGRES_SETTING = process.env.CANDOR_TEST_POSTGRES;
const POSTGRES_URL = POSTGRES_SETTING === 'skip' ? undefined : POSTGRES_SETTING;

const createdDatabases: string[] = [];

async function queryAt(connectionString: string | undefined, sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

const sqlite: StoreKind = {
  name: 'sqlite',
  open: (dir) =>
    Promise.resolve({
      store: new SqliteReportStore(dir),
      storeArgs: ['--data', dir],
      countStoredBytes: () => {
        // Report bytes live in their rows, attachments and minidumps in files.
        const files = readdirSync(path.join(dir, 'blobs'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());
        const db = new Database(path.join(dir, 'candor.sqlite'), { readonly: true });
        try {
          return Promise.resolve(files.length + (db.prepare('SELECT COUNT(*) AS count FROM reports').get() as { count: number }).count);
        } finally {
          db.close();
        }
      },
      breakStorage: () => {
        // A file where the blobs folder was: every new blob's folder fails with ENOTDIR (permissions would not stop root).
        rmSync(path.join(dir, 'blobs'), { recursive: true });
        writeFileSync(path.join(dir, 'blobs'), 'not a folder');
        return Promise.resolve();
      },
    }),
};

const postgres: StoreKind = {
  name: 'postgres',
  async open() {
    const database = `candor_test_${randomBytes(6).toString('hex')}`;
    await queryAt(POSTGRES_URL, `CREATE DATABASE ${database}`);
    createdDatabases.push(database);
    const url = new URL(POSTGRES_URL ?? '');
    url.pathname = `/${database}`;
    const query = (sql: string): Promise<pg.QueryResult> => queryAt(url.href, sql);
    return {
      store: await PostgresReportStore.open(url.href),
      storeArgs: ['--database', url.href],
      async countStoredBytes() {
        const result = await query(
          'SELECT (SELECT COUNT(*) FROM reports) + (SELECT COUNT(*) FROM attachments) + (SELECT COUNT(*) FROM minidumps) AS count',
        );
        return Number((result.rows[0] as { count: string } | undefined)?.count);
      },
      async breakStorage() {
        // The report row is written first, so this also shows that the failed transaction leaves no row behind.
        await query('ALTER TABLE attachments RENAME TO attachments_gone');
      },
    };
  },
};

/** Opens again, in this process, the store that `storeArgs` name for `candor-server`. */
export function reopenStore(storeArgs: readonly string[]): Promise<ReportStore> {
  const [option, value = ''] = storeArgs;
  return openReportStore(option === '--database' ? { dataDir: '', database: value } : { dataDir: value });
}

/**
 * Runs the same tests against both stores. Without a PostgreSQL to test against, the PostgreSQL
 * half is skipped with its reason in the name, except in CI, where that is a failure.
 */
export function describeEachStore(title: string, body: (kind: StoreKind) => void): void {
  describe(`${title} (sqlite store)`, () => {
    body(sqlite);
  });
  if (POSTGRES_SETTING === undefined && process.env.CI === 'true')
    throw new Error(
      'CANDOR_TEST_POSTGRES is not set: CI must test the PostgreSQL store (see .ci/run), or say skip on a machine without one',
    );
  const describePostgres = POSTGRES_URL === undefined ? describe.skip : describe;
  const reason =
    POSTGRES_SETTING === 'skip'
      ? ' — skipped: CANDOR_TEST_POSTGRES=skip, no PostgreSQL on this machine'
      : POSTGRES_URL === undefined
        ? ' — skipped: CANDOR_TEST_POSTGRES is not set to a PostgreSQL URL'
        : '';
  describePostgres(`${title} (postgres store)${reason}`, () => {
    body(postgres);
    afterAll(async () => {
      for (const database of createdDatabases.splice(0)) await queryAt(POSTGRES_URL, `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    });
  });
}
