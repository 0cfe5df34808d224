import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseCommandLine } from '../cli/parse-options';
import { runMain, UsageError } from '../cli/usage-error';
import { CrashFileError } from '../capture/crash-file';
import { CrashInbox, takeCrashFile } from '../capture/crash-inbox';
import { destinationOptions, destinationsForCli, privacyPolicyForCli } from '../cli/destination-options';
import { forkNodeCollector } from '../diagnostics/collect-in-child';
import { candorHome } from '../paths';
import { createServices } from '../services';
import { PREVIEW_ACCESS_FILE, startHttpBridge } from './http-bridge';

const PreviewArgsSchema = z.object({
  host: z.enum(['127.0.0.1', 'localhost', '::1']).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(0),
  'crash-file': z.string().min(1).optional(),
  endpoint: z.string().optional(),
  key: z.string().optional(),
  protocol: z.string().optional(),
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
      ...destinationOptions,
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
  const dataDir = candorHome(process.env, process.platform, os.homedir());
  const services = createServices({
    transport: 'http',
    dataDir,
    startCollector: () => forkNodeCollector(fileURLToPath(new URL('./collector.js', import.meta.url))),
    destinations: destinationsForCli(args, dataDir),
    privacyPolicy: privacyPolicyForCli(),
  });
  if (args['crash-file'] !== undefined) {
    try {
      await takeCrashFile(path.resolve(args['crash-file']), services.crashes);
    } catch (error) {
      if (error instanceof CrashFileError) throw new UsageError(error.message);
      throw error;
    }
  } else if (
    args['no-sample-crash'] !== true &&
    services.crashes.pending().length === 0 &&
    // A sample is for looking at: never sent or kept by a remembered choice.
    services.reports.settings().consentMode === 'ask'
  ) {
    services.crashes.record(SAMPLE_CRASH);
  }
  // Crash files other programs drop into the inbox, as the desktop app takes them.
  const inbox = new CrashInbox(path.join(dataDir, 'inbox'), services.crashes);
  await inbox.start();
  // Retries of queued reports, as the desktop app does them.
  setInterval(() => void services.flushOutbox().catch(() => undefined), OUTBOX_RETRY_INTERVAL_MS).unref();
  const bridge = await startHttpBridge({
    handlers: services.handlers,
    events: services.events,
    rendererDir: fileURLToPath(new URL('../renderer/', import.meta.url)),
    bridgeClientFile: fileURLToPath(new URL('../bridge/candor-bridge.js', import.meta.url)),
    host: args.host,
    port: args.port,
    accessFile: path.join(dataDir, PREVIEW_ACCESS_FILE),
  });
  process.stdout.write(`Candor preview: ${bridge.accessUrl()}\n`);
  const stop = (): void => {
    inbox.stop();
    void bridge.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
});
