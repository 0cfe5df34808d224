import { mkdirSync } from 'node:fs';
import { PostgresReportStore } from './postgres-store';
import type { ReportStore } from './report-store';
import { SqliteReportStore } from './sqlite-store';

/** PostgreSQL when a database URL is given, the embedded SQLite store in the data folder otherwise. */
export async function openReportStore(options: { dataDir: string; database?: string | undefined }): Promise<ReportStore> {
  if (options.database !== undefined) {
    if (!/^postgres(ql)?:\/\//.test(options.database)) throw new Error('--database must be a postgres:// URL');
    return PostgresReportStore.open(options.database);
  }
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  return new SqliteReportStore(options.dataDir);
}
