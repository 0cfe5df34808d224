import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseCommandLine } from '../main/cli/parse-options';
import { runMain, UsageError } from '../main/cli/usage-error';
import { writeFileDurableSync } from '../main/storage/durable-write';
import { sha256, startReportServer } from './http-server';
import { SqliteReportStore } from './store/sqlite-store';

const USAGE = [
  'Usage:',
  '  candor-server init --data DIR [--json]     create the store; print a new ingest key and reviewer token',
  '  candor-server purge --data DIR [--retention-days N]   remove reports older than the retention period',
  '  candor-server [--data DIR] [--host 127.0.0.1] [--port P] [--retention-days N]   serve',
].join('\n');

/** Reports are kept four years unless the operator says otherwise. */
const DEFAULT_RETENTION_DAYS = 4 * 365;
const DAY_MS = 24 * 60 * 60 * 1000;

const SECRET_FILE = 'token-secret';

function tokenSecret(dataDir: string): Buffer {
  const file = path.join(dataDir, SECRET_FILE);
  if (!existsSync(file)) writeFileDurableSync(file, randomBytes(32));
  return readFileSync(file);
}

runMain('candor-server', async () => {
  const [first, ...rest] = process.argv.slice(2);
  const command = first === 'init' || first === 'purge' || first === 'help' ? first : undefined;
  const { values } = parseCommandLine({
    args: command === undefined ? process.argv.slice(2) : rest,
    options: {
      data: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      json: { type: 'boolean' },
      'retention-days': { type: 'string' },
    },
  });
  if (command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const retentionDays = Number(values['retention-days'] ?? DEFAULT_RETENTION_DAYS);
  if (!Number.isInteger(retentionDays) || retentionDays < 1)
    throw new UsageError(`--retention-days ${values['retention-days'] ?? ''} is not a whole number of days`);
  const dataDir = path.resolve(values.data ?? 'candor-server-data');
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const store = new SqliteReportStore(dataDir);
  const secret = tokenSecret(dataDir);

  if (command === 'init') {
    const ingestKey = randomBytes(24).toString('base64url');
    const reviewerToken = randomBytes(24).toString('base64url');
    // Only hashes are kept: these secrets are shown once, here.
    store.addIngestKey(sha256(ingestKey), 'created by init');
    store.addReviewerToken(sha256(reviewerToken), 'created by init');
    store.close();
    process.stdout.write(
      values.json === true
        ? `${JSON.stringify({ ingestKey, reviewerToken })}\n`
        : `ingest key: ${ingestKey}\nreviewer token: ${reviewerToken}\n`,
    );
    return;
  }

  const purge = (): { reports: number; minidumps: number } =>
    store.purgeReceivedBefore(new Date(Date.now() - retentionDays * DAY_MS).toISOString());
  if (command === 'purge') {
    const removed = purge();
    store.close();
    process.stdout.write(
      `Removed ${removed.reports} reports and ${removed.minidumps} minidumps received more than ${retentionDays} days ago.\n`,
    );
    return;
  }

  const port = Number(values.port ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${values.port ?? ''} is not a port`);
  const server = await startReportServer({ store, tokenSecret: secret, host: values.host ?? '127.0.0.1', port });
  // Retention on start and daily after.
  purge();
  setInterval(purge, DAY_MS).unref();
  process.stdout.write(`Candor report server: ${server.url}/api/v1/reports\n`);
  const stop = (): void => {
    void server.close().then(() => {
      store.close();
      process.exit(0);
    });
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
