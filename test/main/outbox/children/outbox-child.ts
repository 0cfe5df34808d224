import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Outbox, OutboxFullError } from '../../../../main/outbox/outbox';
import { ConsentLedger } from '../../../../main/privacy/consent';
import { readBundle } from '../../../../main/report/bundle';
import { sendDueReports } from '../../../../main/upload/deliver';

/**
 * Queues every approved bundle that is not in the outbox yet, then flushes until all are sent:
 * `node outbox-child.mjs <home> <bundle list> <endpoint> <ingest key>`. The test kills it at random moments.
 */
const [home = '', list = '', endpoint = '', ingestKey = ''] = process.argv.slice(2);
const outbox = new Outbox(path.join(home, 'outbox'), { retryBaseMs: 5, retryMaxMs: 20 });
const consent = new ConsentLedger(path.join(home, 'consent.jsonl'));
outbox.recover();

const bundles = readFileSync(list, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((dir) => readBundle(dir));

/** Queues what is not queued yet, as far as the outbox limits allow. */
function enqueueWaiting(): void {
  const queued = new Set(outbox.list().map((item) => item.state.reportId));
  for (const bundle of bundles) {
    if (queued.has(bundle.report.id)) continue;
    const record = consent.consentFor(bundle.sha256);
    if (record === undefined) throw new Error(`no consent for ${bundle.dir}`);
    try {
      outbox.enqueue(bundle, record);
    } catch (error) {
      if (error instanceof OutboxFullError) return;
      throw error;
    }
  }
}

const allSent = (): boolean => {
  const sent = new Set(
    outbox
      .list()
      .filter((item) => item.state.status === 'sent')
      .map((item) => item.state.reportId),
  );
  return bundles.every((bundle) => sent.has(bundle.report.id));
};

for (let round = 0; round < 5_000 && !allSent(); round++) {
  enqueueWaiting();
  await sendDueReports(outbox, consent, { protocol: 'candor', url: endpoint, ingestKey }, { timeoutMs: 2_000 });
  await new Promise((resolve) => setTimeout(resolve, 5));
}
process.exit(allSent() ? 0 : 3);
