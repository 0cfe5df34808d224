import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConsentLedger } from '../../main/privacy/consent';
import { uploadBundle } from '../../main/upload/candor-transport';
import { SqliteReportStore } from '../../server/store/sqlite-store';
import { builtFile } from '../helpers/built';
import { sampleBundle } from '../helpers/sample-bundle';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();
const ROUNDS = 15;

/** Starts the built `candor-server` and waits for the URL it prints. */
function startServer(dataDir: string): Promise<{ child: ChildProcess; endpoint: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [builtFile('node/candor-server.js'), '--data', dataDir, '--port', '0'], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const match = /Candor report server: (\S+)/.exec(output);
      if (match?.[1] !== undefined) resolve({ child, endpoint: match[1] });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code ?? 'a signal'}: ${output}`)));
  });
}

describe('nothing lost after acknowledging', () => {
  it(`keeps every report it answered 201 for, across ${ROUNDS} SIGKILLs right after the answer`, async () => {
    const dataDir = await tempDir();
    const init = spawnSync(process.execPath, [builtFile('node/candor-server.js'), 'init', '--data', dataDir, '--json'], {
      encoding: 'utf8',
    });
    const { ingestKey } = JSON.parse(init.stdout) as { ingestKey: string };
    const bundlesDir = await tempDir();
    const consent = new ConsentLedger(path.join(bundlesDir, 'ledger.jsonl'));
    const acknowledged: { id: string; sha256: string; bytes: Buffer }[] = [];

    for (let round = 0; round < ROUNDS; round++) {
      const { child, endpoint } = await startServer(dataDir);
      const { bundle } = sampleBundle(bundlesDir, `report ${round}`);
      consent.record({ decision: 'send', digest: bundle.sha256, reportId: bundle.report.id, basis: 'asked' });
      const outcome = await uploadBundle(bundle, { endpoint, ingestKey }, consent);
      // Killed the moment the receipt is in hand: no orderly shutdown, no flush after the answer.
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      expect(outcome.ok).toBe(true);
      acknowledged.push({ id: bundle.report.id, sha256: bundle.sha256, bytes: bundle.bytes });
    }

    const store = new SqliteReportStore(dataDir);
    try {
      for (const report of acknowledged) {
        expect(store.get(report.id)?.sha256).toBe(report.sha256);
        expect(store.reportBytes(report.id)?.equals(report.bytes)).toBe(true);
        for (const attachment of store.get(report.id)?.attachments ?? []) {
          const blob = readFileSync(path.join(dataDir, 'blobs', attachment.sha256.slice(0, 2), attachment.sha256));
          expect(createHash('sha256').update(blob).digest('hex')).toBe(attachment.sha256);
        }
      }
    } finally {
      store.close();
    }
  }, 120_000);
});
