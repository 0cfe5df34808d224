import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommandLine } from '../main/cli/parse-options';
import { runMain, UsageError } from '../main/cli/usage-error';
import { issueCredential } from './credentials';
import { DEFAULT_RATE_LIMIT_PER_MINUTE, startReportServer } from './http-server';
import { openReportStore } from './store/open-store';
import type { CredentialKind, ReportStore } from './store/report-store';
import { ServerSymbols, SymbolUploadError, type StoredSymbolFile } from './symbols/server-symbols';
import { StackQueue } from './symbols/stack-queue';
import { threadWalker } from './symbols/stack-walk-thread';
import { formatBytes } from '../main/cli/format';

const USAGE = [
  'Usage:',
  '  candor-server init [STORE] [--json]                create the store; print a new ingest key and reviewer token',
  '  candor-server keys add [STORE] [--scope ingest|symbols] [--label L] [--json]   make another key (shown once)',
  '  candor-server keys list [STORE] [--scope ingest|symbols] [--json]   list keys (never the secrets)',
  '  candor-server keys revoke ID [STORE] [--scope ingest|symbols]      stop accepting uploads with a key',
  '  candor-server symbols add PATH [STORE] [--json]            add a .sym file, a folder of them or a zip of a symbol store',
  '  candor-server symbols list [STORE] [--json]                list the symbol files held',
  '  candor-server reviewers add|list|revoke …                  the same for reviewer tokens',
  '  candor-server purge [STORE] [--retention-days N]           remove reports older than the retention period',
  '  candor-server [STORE] [--host 127.0.0.1] [--port P] [--retention-days N] [--rate-limit N]   serve',
  '',
  'STORE is --data DIR (embedded SQLite and files; default ./candor-server-data) or --database postgres://…',
  '--rate-limit: reports per minute per ingest key (default 6000); --retention-days: default 1460 (four years).',
  'Symbol files are kept in DIR/symbols (with --data DIR, also beside a --database); a symbols key uploads them to',
  '/api/v1/symbols as symupload does (the key as "Authorization: Bearer KEY" or "?key=KEY") or as a zip.',
].join('\n');

/** Reports are kept four years unless the operator says otherwise. */
const DEFAULT_RETENTION_DAYS = 4 * 365;
const DAY_MS = 24 * 60 * 60 * 1000;

const CREDENTIAL_COMMANDS: Readonly<Record<string, { kind: CredentialKind; noun: string }>> = {
  keys: { kind: 'ingest-key', noun: 'ingest key' },
  reviewers: { kind: 'reviewer-token', noun: 'reviewer token' },
};

function wholeNumber(value: string | undefined, fallback: number, option: string): number {
  const parsed = Number(value ?? fallback);
  if (!Number.isInteger(parsed) || parsed < 1) throw new UsageError(`${option} ${value ?? ''} is not a whole number above 0`);
  return parsed;
}

async function manageCredentials(
  store: ReportStore,
  command: { kind: CredentialKind; noun: string },
  action: string | undefined,
  target: string | undefined,
  options: { label?: string | undefined; json?: boolean | undefined },
): Promise<void> {
  const print = (value: unknown, text: string): void => {
    process.stdout.write(options.json === true ? `${JSON.stringify(value)}\n` : `${text}\n`);
  };
  if (action === 'add') {
    const { credential, secret } = await issueCredential(store, command.kind, options.label ?? 'added by hand');
    print(
      { ...credential, key: secret, secret },
      `New ${command.noun} ${credential.id} (${credential.label}): ${secret}\nIt is shown only now.`,
    );
  } else if (action === 'list') {
    const credentials = await store.listCredentials(command.kind);
    print(
      credentials,
      credentials
        .map((item) => `${item.id}  ${item.createdAt}  ${item.revokedAt === null ? 'active ' : `revoked ${item.revokedAt}`}  ${item.label}`)
        .join('\n') || `No ${command.noun}s.`,
    );
  } else if (action === 'revoke') {
    if (target === undefined) throw new UsageError(`say which ${command.noun} to revoke: its id from "list"`);
    if (!(await store.revokeCredential(command.kind, target, new Date().toISOString())))
      throw new UsageError(`there is no active ${command.noun} with id ${target}`);
    print({ revoked: target }, `Revoked ${command.noun} ${target}; it is refused from now on.`);
  } else {
    throw new UsageError(`expected add, list or revoke after the command\n${USAGE}`);
  }
}

/** Adds or lists symbol files; returns what was added. */
async function manageSymbols(
  symbols: ServerSymbols,
  action: string | undefined,
  target: string | undefined,
  json: boolean,
): Promise<StoredSymbolFile[]> {
  const describe = (file: StoredSymbolFile): string =>
    `${file.debugFile}/${file.debugId}  ${file.os} ${file.cpu}  ${formatBytes(file.sizeBytes)}${file.codeFile === undefined ? '' : `  ${file.codeFile}`}${file.codeId === undefined ? '' : ` ${file.codeId}`}`;
  let files: StoredSymbolFile[];
  if (action === 'add') {
    if (target === undefined) throw new UsageError('say what to add: a .sym file, a folder of them, or a zip');
    try {
      files = await symbols.addPath(path.resolve(target));
    } catch (error) {
      if (error instanceof SymbolUploadError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new UsageError(`${target}: ${error instanceof Error ? error.message : String(error)}`);
      }
      throw error;
    }
  } else if (action === 'list') {
    files = await symbols.list();
  } else {
    throw new UsageError(`expected add or list after symbols\n${USAGE}`);
  }
  process.stdout.write(json ? `${JSON.stringify(files)}\n` : `${files.map(describe).join('\n') || 'No symbol files.'}\n`);
  return action === 'add' ? files : [];
}

runMain('candor-server', async () => {
  const { values, positionals } = parseCommandLine({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      data: { type: 'string' },
      database: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      json: { type: 'boolean' },
      label: { type: 'string' },
      'retention-days': { type: 'string' },
      scope: { type: 'string' },
      'rate-limit': { type: 'string' },
    },
  });
  const [command, action, target, ...extra] = positionals;
  if (command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let credentialCommand = command === undefined ? undefined : CREDENTIAL_COMMANDS[command];
  if (values.scope !== undefined) {
    if (command !== 'keys') throw new UsageError('--scope belongs to the keys command');
    if (values.scope !== 'ingest' && values.scope !== 'symbols')
      throw new UsageError(`--scope ${values.scope}: expected ingest or symbols`);
    if (values.scope === 'symbols') credentialCommand = { kind: 'symbols-key', noun: 'symbols key' };
  }
  const known =
    command === undefined || command === 'init' || command === 'purge' || command === 'symbols' || credentialCommand !== undefined;
  if (!known) throw new UsageError(`unknown command ${command}\n${USAGE}`);
  const allowed = credentialCommand === undefined ? (command === 'symbols' ? (action === 'add' ? 3 : 2) : 1) : action === 'revoke' ? 3 : 2;
  if (positionals.length > allowed || extra.length > 0) throw new UsageError(`unexpected ${positionals.slice(allowed).join(' ')}`);
  const retentionDays = wholeNumber(values['retention-days'], DEFAULT_RETENTION_DAYS, '--retention-days');
  const rateLimitPerMinute = wholeNumber(values['rate-limit'], DEFAULT_RATE_LIMIT_PER_MINUTE, '--rate-limit');
  if (values.data !== undefined && values.database !== undefined) throw new UsageError('give --data or --database, not both');
  let store: ReportStore;
  let symbols: ServerSymbols;
  try {
    store = await openReportStore({ dataDir: path.resolve(values.data ?? 'candor-server-data'), database: values.database });
    symbols = new ServerSymbols(path.resolve(values.data ?? 'candor-server-data', 'symbols'));
  } catch (error) {
    throw new UsageError(`the store cannot be opened: ${error instanceof Error ? error.message : String(error)}`);
  }

  if (command === 'init') {
    // Only hashes are kept: these secrets are shown once, here.
    const ingestKey = (await issueCredential(store, 'ingest-key', 'created by init')).secret;
    const reviewerToken = (await issueCredential(store, 'reviewer-token', 'created by init')).secret;
    await store.close();
    process.stdout.write(
      values.json === true
        ? `${JSON.stringify({ ingestKey, reviewerToken })}\n`
        : `ingest key: ${ingestKey}\nreviewer token: ${reviewerToken}\n`,
    );
    return;
  }
  if (command === 'symbols') {
    try {
      const added = await manageSymbols(symbols, action, target, values.json === true);
      // Crashes that lacked these symbols are walked again when the server next looks.
      for (const file of added) await store.requeueStacksMissing(file);
    } finally {
      await store.close();
    }
    return;
  }
  if (credentialCommand !== undefined) {
    try {
      await manageCredentials(store, credentialCommand, action, target, values);
    } finally {
      await store.close();
    }
    return;
  }

  const purge = (): Promise<{ reports: number; minidumps: number }> =>
    store.purgeReceivedBefore(new Date(Date.now() - retentionDays * DAY_MS).toISOString());
  if (command === 'purge') {
    const removed = await purge();
    await store.close();
    process.stdout.write(
      `Removed ${removed.reports} reports and ${removed.minidumps} minidumps received more than ${retentionDays} days ago.\n`,
    );
    return;
  }

  const port = Number(values.port ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port ${values.port ?? ''} is not a port`);
  await store.sweepLeftovers();
  await symbols.sweepIncoming();
  // Stacks are walked in a worker thread beside the server: built next to this file as stack-walk.js.
  const walker = threadWalker(new URL('./stack-walk.js', import.meta.url), symbols.storeDir, symbols.indexDir);
  const stacks = new StackQueue(store, walker.walk);
  stacks.start();
  const server = await startReportServer({
    store,
    symbols,
    onStored: () => stacks.wake(),
    host: values.host ?? '127.0.0.1',
    port,
    rateLimitPerMinute,
    retentionDays,
    // Built next to this file: out/node/candor-server.js serves out/console/.
    consoleDir: path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'console'),
  });
  // Retention on start and daily after.
  await purge();
  setInterval(() => void purge().catch(() => undefined), DAY_MS).unref();
  process.stdout.write(`Candor report server: ${server.url}/api/v1/reports\nReview console: ${server.url}/\n`);
  const stop = (): void => {
    void server
      .close()
      .then(() => stacks.stop())
      .then(() => walker.close())
      .then(() => store.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
