import { createHash } from 'node:crypto';
import path from 'node:path';
import { parseEnvelope } from '@sentry/core';
import { describe, expect, it } from 'vitest';
import { ConsentLedger } from '../../../main/privacy/consent';
import { uploadBreakpad } from '../../../main/upload/breakpad-transport';
import { uploadSentry } from '../../../main/upload/sentry-transport';
import { UploadRefusedError } from '../../../main/upload/upload-errors';
import { startRecordingServer } from '../../helpers/recording-server';
import { sampleBundle } from '../../helpers/sample-bundle';
import { useTempDirs } from '../../helpers/temp-dir';

const tempDir = useTempDirs();
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function approvedBundle(approve = true) {
  const dir = await tempDir();
  const { bundle } = sampleBundle(dir);
  const consent = new ConsentLedger(path.join(dir, 'ledger.jsonl'));
  if (approve) consent.record({ decision: 'send', digest: bundle.sha256, reportId: bundle.report.id, basis: 'asked' });
  return { bundle, consent };
}

describe('the Breakpad transport', () => {
  it('sends the approved minidump as upload_file_minidump, with only fields taken from the report', async () => {
    const server = await startRecordingServer(200, 'bp-12345abcdef\n');
    try {
      const { bundle, consent } = await approvedBundle();
      expect(await uploadBreakpad(bundle, `${server.url}/submit`, consent)).toEqual({ ok: true, serverId: 'bp-12345abcdef' });
      const [request] = server.requests;
      const form = await new Response(new Uint8Array(request?.body ?? []), {
        headers: { 'content-type': String(request?.headers['content-type']) },
      }).formData();
      const dump = form.get('upload_file_minidump');
      if (!(dump instanceof File)) throw new Error('no minidump part');
      const listed = bundle.report.attachments.find((meta) => meta.kind === 'minidump');
      expect(sha256(new Uint8Array(await dump.arrayBuffer()))).toBe(listed?.sha256);
      const fields = Object.fromEntries([...form.entries()].filter(([, value]) => typeof value === 'string'));
      expect(fields).toEqual({
        candor_report_id: bundle.report.id,
        candor_sha256: bundle.sha256,
        comments: bundle.report.user.comment,
        platform: 'linux',
        process_type: 'renderer',
        prod: 'Example Editor',
        ptype: 'renderer',
        ver: '2.4.1',
      });
    } finally {
      await server.stop();
    }
  });

  it('sends nothing without consent', async () => {
    const server = await startRecordingServer(200, 'x');
    try {
      const { bundle, consent } = await approvedBundle(false);
      await expect(uploadBreakpad(bundle, `${server.url}/submit`, consent)).rejects.toThrow(UploadRefusedError);
      expect(server.requests).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});

describe('the Sentry envelope transport', () => {
  it("sends an envelope that Sentry's own parser reads back as exactly the approved content", async () => {
    const server = await startRecordingServer(200, '{}');
    try {
      const { bundle, consent } = await approvedBundle();
      const dsn = `${server.url.replace('http://', 'http://0123456789abcdef0123456789abcdef@')}/42`;
      expect(await uploadSentry(bundle, dsn, consent)).toMatchObject({ ok: true });
      const [request] = server.requests;
      expect(request?.url).toMatch(/^\/api\/42\/envelope\/\?.*sentry_key=0123456789abcdef0123456789abcdef/);
      const [headers, items] = parseEnvelope(new Uint8Array(request?.body ?? []));
      expect(headers.event_id).toBe(bundle.report.id.replace(/-/g, ''));
      const event = items.find(([itemHeaders]) => itemHeaders.type === 'event')?.[1] as Record<string, unknown> | undefined;
      expect(event).toMatchObject({
        release: 'Example Editor@2.4.1',
        tags: { candor_sha256: bundle.sha256, candor_report_id: bundle.report.id },
        exception: { values: [{ type: bundle.report.crash?.error?.name, value: bundle.report.crash?.error?.message }] },
      });
      const attachments = items.filter(([itemHeaders]) => itemHeaders.type === 'attachment');
      const byName = new Map(
        attachments.map(([itemHeaders, payload]) => [(itemHeaders as { filename: string }).filename, { itemHeaders, payload }]),
      );
      expect([...byName.keys()].sort()).toEqual(['crash.dmp', 'editor.log', 'report.json']);
      expect(Buffer.from(byName.get('report.json')?.payload as Uint8Array).equals(bundle.bytes)).toBe(true);
      for (const meta of bundle.report.attachments) expect(sha256(byName.get(meta.name)?.payload as Uint8Array)).toBe(meta.sha256);
      expect(byName.get('crash.dmp')?.itemHeaders).toMatchObject({ attachment_type: 'event.minidump' });
    } finally {
      await server.stop();
    }
  });

  it('sends nothing without consent', async () => {
    const server = await startRecordingServer(200, '{}');
    try {
      const { bundle, consent } = await approvedBundle(false);
      await expect(uploadSentry(bundle, `${server.url.replace('http://', 'http://k@')}/1`, consent)).rejects.toThrow(UploadRefusedError);
      expect(server.requests).toEqual([]);
    } finally {
      await server.stop();
    }
  });
});
