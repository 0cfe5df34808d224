import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startInitialisedServer, type InitialisedServer } from '../../helpers/candor-server-process';
import { fixturePath } from '../../helpers/fixtures';
import { sampleNewCrash } from '../../helpers/sample-crash';
import { createTestServices } from '../../helpers/services';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
let server: InitialisedServer;
beforeEach(async () => {
  server = await startInitialisedServer();
});
afterEach(() => server.stop());

const ExportListingSchema = z.object({
  schema: z.literal('candor.export/1'),
  files: z.array(z.object({ part: z.string(), name: z.string(), sizeBytes: z.number(), sha256: z.string() })),
});

/** Real services with one report sent to the real server and one crash still waiting for a decision. */
async function servicesWithData() {
  const home = await tempDir();
  const services = createTestServices('http', home, { protocol: 'candor', url: server.endpoint, ingestKey: server.ingestKey });
  const dump = path.join(home, 'crash.dmp');
  writeFileSync(dump, readFileSync(fixturePath('minidumps', 'electron-node-minidump_linux.dmp')));
  const crash = services.crashes.record(sampleNewCrash({ kind: 'native', minidump: { path: dump, sizeBytes: 0 } }));
  const preview = await services.reports.preview({
    crashId: crash.id,
    comment: 'it froze',
    email: '',
    exclude: [],
    minidump: 'stack-only',
  });
  expect((await services.reports.send(preview.sha256, 'no')).status).toBe('sent');
  services.crashes.record(sampleNewCrash({ kind: 'exception' }));
  return { home, services, reportId: preview.reportId };
}

/** `unzip`, the tool a user would open the export with. */
function unzip(args: string[]): Buffer {
  return execFileSync('unzip', args, { maxBuffer: 64 * 1024 * 1024 });
}

describe('Settings → Your data, against real files and a real candor-server', () => {
  it('lists what is kept here, part by part, and the retention the receiving server said', async () => {
    const { services } = await servicesWithData();
    const summary = await services.handlers.getLocalData();
    const files = Object.fromEntries(summary.parts.map((part) => [part.part, part.files]));
    expect(files).toMatchObject({ receipts: 1, consent: 1 });
    for (const part of ['reports', 'outbox', 'crashes', 'diagnostics-cache'] as const) expect(files[part], part).toBeGreaterThan(0);
    // candor-server's default retention is four years (`--retention-days`), said in its receipt.
    expect(summary.servers).toEqual([{ host: new URL(server.endpoint).host, protocol: 'candor', reports: 1, retentionDays: 1460 }]);
  });

  it('exports everything kept here as one zip that unzip reads, each file byte for byte, listed with its digest', async () => {
    const { home, services, reportId } = await servicesWithData();
    const result = await services.handlers.exportLocalData();
    expect(result?.file).toMatch(/exports[\\/]candor-data-\d{4}-\d{2}-\d{2}\.zip$/);
    const file = result?.file ?? '';
    expect(statSync(file).size).toBe(result?.sizeBytes);
    expect(unzip(['-t', file]).toString()).toContain('No errors detected');
    const names = unzip(['-Z1', file]).toString().trim().split('\n');
    expect(names).toHaveLength(result?.files ?? 0);
    const listing = ExportListingSchema.parse(JSON.parse(unzip(['-p', file, 'export.json']).toString()));
    expect(listing.files.map((entry) => entry.name).sort()).toEqual(names.filter((name) => name !== 'export.json').sort());
    for (const entry of listing.files) {
      const bytes = unzip(['-p', file, entry.name]);
      expect(bytes.equals(readFileSync(path.join(home, entry.name))), entry.name).toBe(true);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(entry.sha256);
    }
    expect(names).toEqual(
      expect.arrayContaining([
        `reports/${reportId}/report.json`,
        'receipts.jsonl',
        'consent/ledger.jsonl',
        'cache/diagnostics-static.json',
      ]),
    );
    // The server's key is configuration, not data about the user.
    expect(names).not.toContain('settings.json');
    expect(existsSync(`${file}.partial`)).toBe(false);
  });

  it('asks every server that received a report to delete it, and the server no longer has it', async () => {
    const { services, reportId } = await servicesWithData();
    expect((await server.review(`reports/${reportId}`)).status).toBe(200);
    expect(await services.handlers.askServersToDelete()).toEqual([{ reportId, ok: true, reason: { code: 'server-deleted' } }]);
    expect((await server.review(`reports/${reportId}`)).status).toBe(404);
  });

  it('deletes everything kept here, leaving the services working: a new crash is recorded, previewed and sent', async () => {
    const { home, services } = await servicesWithData();
    const settings = path.join(home, 'settings.json');
    writeFileSync(settings, '{"schema":"candor.settings/1"}\n');
    const after = await services.handlers.deleteLocalData();
    expect(after.parts.filter((part) => part.files > 0)).toEqual([]);
    expect(after.servers).toEqual([]);
    expect(await services.handlers.getPendingCrash()).toBeNull();
    expect(services.reports.history()).toMatchObject({ reports: [], crashes: [], decisions: [] });
    // Configuration stays.
    expect(readFileSync(settings, 'utf8')).toBe('{"schema":"candor.settings/1"}\n');

    const crash = services.crashes.record(sampleNewCrash({ kind: 'exception' }));
    const preview = await services.reports.preview({ crashId: crash.id, comment: '', email: '', exclude: [], minidump: 'stack-only' });
    expect((await services.reports.send(preview.sha256, 'no')).status).toBe('sent');
    expect((await server.review(`reports/${preview.reportId}`)).status).toBe(200);
  });
});
