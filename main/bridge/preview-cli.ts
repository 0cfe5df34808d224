import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseCommandLine } from '../cli/parse-options';
import { runMain, UsageError } from '../cli/usage-error';
import { CrashFileError } from '../capture/crash-file';
import { takeCrashFile } from '../capture/crash-inbox';
import { forkNodeCollector } from '../diagnostics/collect-in-child';
import { candorHome } from '../paths';
import { createServices } from '../services';
import { startHttpBridge } from './http-bridge';

const PreviewArgsSchema = z.object({
  host: z.enum(['127.0.0.1', 'localhost', '::1']).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(0),
  'crash-file': z.string().min(1).optional(),
  endpoint: z.url().optional(),
  'no-sample-crash': z.boolean().optional(),
});

/** Shown when preview is started without --crash-file, so the dialog has something to show; it says what it is. */
const SAMPLE_CRASH = {
  kind: 'exception',
  processType: 'renderer',
  app: { name: 'Sample App (a sample crash for npm run preview)', version: '1.0.0' },
  error: {
    name: 'TypeError',
    message: "This is a sample crash: nothing crashed. Cannot read properties of undefined (reading 'length')",
    stack: `TypeError: Cannot read properties of undefined (reading 'length')\n    at countWords (file://${os.homedir()}/sample-app/editor.js:120:17)\n    at onInput (file://${os.homedir()}/sample-app/editor.js:80:5)`,
  },
} as const;

function parsePreviewArgs(argv: string[]): z.infer<typeof PreviewArgsSchema> {
  const { values } = parseCommandLine({
    args: argv,
    options: {
      host: { type: 'string' },
      port: { type: 'string' },
      'crash-file': { type: 'string' },
      endpoint: { type: 'string' },
      'no-sample-crash': { type: 'boolean' },
    },
  });
  const parsed = PreviewArgsSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'} (the bridge serves loopback only)`);
  }
  return parsed.data;
}

/** How often queued reports are offered to the server again (each has its own backoff on top). */
const OUTBOX_RETRY_INTERVAL_MS = 30_000;

runMain('candor preview', async () => {
  const args = parsePreviewArgs(process.argv.slice(2));
  const services = createServices({
    transport: 'http',
    dataDir: candorHome(process.env, process.platform, os.homedir()),
    startCollector: () => forkNodeCollector(fileURLToPath(new URL('./collector.js', import.meta.url))),
    endpoint: args.endpoint ?? null,
  });
  if (args['crash-file'] !== undefined) {
    try {
      await takeCrashFile(path.resolve(args['crash-file']), services.crashes);
    } catch (error) {
      if (error instanceof CrashFileError) throw new UsageError(error.message);
      throw error;
    }
  } else if (args['no-sample-crash'] !== true && services.crashes.pending().length === 0) {
    services.crashes.record(SAMPLE_CRASH);
  }
  // Retries of queued reports, as the desktop app does them.
  setInterval(() => void services.flushOutbox().catch(() => undefined), OUTBOX_RETRY_INTERVAL_MS).unref();
  const bridge = await startHttpBridge({
    handlers: services.handlers,
    events: services.events,
    rendererDir: fileURLToPath(new URL('../renderer/', import.meta.url)),
    bridgeClientFile: fileURLToPath(new URL('../bridge/candor-bridge.js', import.meta.url)),
    host: args.host,
    port: args.port,
  });
  process.stdout.write(`Candor preview: ${bridge.url}\n`);
  const stop = (): void => {
    void bridge.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
