import { collectUsage, defaultCollectorEntry, runCollect } from './commands/collect';
import { inspectUsage, runInspect } from './commands/inspect';
import { manifestUsage, runManifest } from './commands/manifest';
import { policyUsage, runPolicy } from './commands/policy';
import { redactUsage, runRedact } from './commands/redact';
import { previewUsage, reportUsage, runPreview, runReport } from './commands/report';
import { historyUsage, outboxUsage, runHistory, runOutbox, runSend, runWithdraw, sendUsage, withdrawUsage } from './commands/send';
import { runMain, UsageError } from './usage-error';

const USAGE = [
  'Usage:',
  collectUsage,
  inspectUsage,
  manifestUsage,
  policyUsage,
  redactUsage,
  reportUsage,
  previewUsage,
  sendUsage,
  outboxUsage,
  historyUsage,
  withdrawUsage,
].join('\n  ');

runMain('candor', async () => {
  const [command, ...rest] = process.argv.slice(2);
  switch (command) {
    case 'collect':
      await runCollect(rest, defaultCollectorEntry());
      return;
    case 'inspect':
      await runInspect(rest);
      return;
    case 'manifest':
      runManifest(rest);
      return;
    case 'policy':
      runPolicy(rest);
      return;
    case 'redact':
      await runRedact();
      return;
    case 'report':
      await runReport(rest, defaultCollectorEntry());
      return;
    case 'preview':
      await runPreview(rest);
      return;
    case 'send':
      await runSend(rest);
      return;
    case 'outbox':
      await runOutbox(rest);
      return;
    case 'history':
      await runHistory(rest);
      return;
    case 'withdraw':
      await runWithdraw(rest);
      return;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(`${USAGE}\n`);
      return;
    default:
      throw new UsageError(`unknown command "${command}"; run \`candor help\``);
  }
});
