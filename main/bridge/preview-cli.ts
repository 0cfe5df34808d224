import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseCommandLine } from '../cli/parse-options';
import { runMain, UsageError } from '../cli/usage-error';
import { forkNodeCollector } from '../diagnostics/collect-in-child';
import { candorHome } from '../paths';
import { createServices } from '../services';
import { startHttpBridge } from './http-bridge';

const PreviewArgsSchema = z.object({
  host: z.enum(['127.0.0.1', 'localhost', '::1']).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65535).default(0),
});

function parsePreviewArgs(argv: string[]): z.infer<typeof PreviewArgsSchema> {
  const { values } = parseCommandLine({ args: argv, options: { host: { type: 'string' }, port: { type: 'string' } } });
  const parsed = PreviewArgsSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--${issue?.path.join('.') ?? '?'}: ${issue?.message ?? 'invalid'} (the bridge serves loopback only)`);
  }
  return parsed.data;
}

runMain('candor preview', async () => {
  const args = parsePreviewArgs(process.argv.slice(2));
  const services = createServices({
    transport: 'http',
    dataDir: candorHome(process.env, process.platform, os.homedir()),
    startCollector: () => forkNodeCollector(fileURLToPath(new URL('./collector.js', import.meta.url))),
  });
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
