import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ConsentLedger } from '../../main/privacy/consent';
import { sha256Hex } from '../../main/report/build-report';
import { deliver } from '../../main/upload/deliver';
import { approve } from '../helpers/approve';
import { builtFile } from '../helpers/built';
import { startCandorServer } from '../helpers/candor-server-process';
import { describeEachStore, reopenStore } from '../helpers/report-stores';
import { sampleBundle } from '../helpers/sample-bundle';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const ROUNDS = 15;

describeEachStore('nothing lost after acknowledging', (kind) => {
  it(`keeps every report it answered 201 for, across ${ROUNDS} SIGKILLs right after the answer`, async () => {
    // The test's own connection is closed first, so only the killed servers ever write.
    const { store: setup, storeArgs } = await kind.open(await tempDir());
    await setup.close();
    const init = spawnSync(process.execPath, [builtFile('node/candor-server.js'), 'init', ...storeArgs, '--json'], {
      encoding: 'utf8',
    });
    const { ingestKey } = JSON.parse(init.stdout) as { ingestKey: string };
    const bundlesDir = await tempDir();
    const consent = new ConsentLedger(path.join(bundlesDir, 'ledger.jsonl'));
    const acknowledged: { id: string; sha256: string; bytes: Buffer }[] = [];

    for (let round = 0; round < ROUNDS; round++) {
      const { child, endpoint } = await startCandorServer(storeArgs);
      const { bundle } = sampleBundle(bundlesDir, `report ${round}`);
      const destination = { protocol: 'candor', url: endpoint, ingestKey } as const;
      approve(consent, bundle, destination);
      const outcome = await deliver(bundle, destination, consent);
      // Killed the moment the receipt is in hand: no orderly shutdown, no flush after the answer.
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      expect(outcome.ok).toBe(true);
      acknowledged.push({ id: bundle.report.id, sha256: bundle.sha256, bytes: bundle.bytes });
    }

    const store = await reopenStore(storeArgs);
    try {
      for (const report of acknowledged) {
        const stored = await store.get(report.id);
        expect(stored?.sha256).toBe(report.sha256);
        expect((await store.reportBytes(report.id))?.equals(report.bytes)).toBe(true);
        expect(stored?.attachments.length).toBeGreaterThan(0);
        for (const attachment of stored?.attachments ?? []) {
          const bytes = await store.attachmentBytes(report.id, attachment.name);
          expect(bytes === undefined ? undefined : sha256Hex(bytes)).toBe(attachment.sha256);
        }
      }
    } finally {
      await store.close();
    }
  }, 120_000);
});
