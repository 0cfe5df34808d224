import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startReportServer } from '../../../server/http-server';
import { issueCredential } from '../../../server/credentials';
import { SqliteReportStore } from '../../../server/store/sqlite-store';
import { uploadCandor } from '../../../main/upload/candor-transport';
import { sampleBundle } from '../../helpers/sample-bundle';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();

describe('the SQLite store on disk', () => {
  it('keeps the database (report bytes, the token secret), its WAL and every blob owner-only', async () => {
    const dir = await tempDir();
    const store = new SqliteReportStore(dir);
    const server = await startReportServer({ store });
    try {
      const ingestKey = (await issueCredential(store, 'ingest-key', 'test')).secret;
      const { bundle } = sampleBundle(await tempDir());
      expect((await uploadCandor(bundle, { url: `${server.url}/api/v1/reports`, ingestKey })).ok).toBe(true);
      const files = readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => path.join(entry.parentPath, entry.name));
      expect(files.map((file) => path.basename(file))).toEqual(expect.arrayContaining(['candor.sqlite', 'candor.sqlite-wal']));
      expect(files.filter((file) => (statSync(file).mode & 0o777) !== 0o600)).toEqual([]);
    } finally {
      await server.close();
      await store.close();
    }
  });
});
