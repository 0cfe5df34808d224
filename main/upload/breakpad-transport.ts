import { gzipSync } from 'node:zlib';
import axios from 'axios';
import type { Bundle } from '../report/bundle';
import { checkDestination, unconfirmedReceipt, unreachable, UPLOAD_TIMEOUT_MS, type UploadOutcome } from './candor-transport';
import { multipartBody } from './multipart';
import { failureForStatus, retryAfterMs, UploadRefusedError } from './upload-errors';

/**
 * The form fields a Breakpad/Socorro-style server expects, taken only from the report the user
 * approved (no client id, nothing read back out of the minidump), sorted by key as Crashpad does.
 */
export function breakpadFields(bundle: Bundle): [string, string][] {
  const { report } = bundle;
  const os = report.system.probes.os;
  const fields: Record<string, string> = {
    prod: report.app.name,
    ver: report.app.version,
    candor_report_id: report.id,
    candor_sha256: bundle.sha256,
  };
  if (report.crash !== undefined) {
    fields.process_type = report.crash.processType;
    fields.ptype = report.crash.processType;
  }
  if (os?.status === 'ok') fields.platform = os.data.platform;
  if (report.user.comment !== undefined) fields.comments = report.user.comment;
  if (report.user.email !== undefined) fields.email = report.user.email;
  return Object.entries(fields).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A multipart Breakpad upload: the fields, then `upload_file_minidump` with the approved dump. */
export function breakpadBody(bundle: Bundle): { body: Buffer; contentType: string } {
  const dump = bundle.report.attachments.find((meta) => meta.kind === 'minidump');
  const bytes = bundle.attachments.find((attachment) => attachment.name === dump?.name)?.bytes;
  if (dump === undefined || bytes === undefined) {
    throw new UploadRefusedError({ code: 'breakpad-needs-minidump' });
  }
  return multipartBody([
    ...breakpadFields(bundle).map(([name, value]) => ({
      name,
      filename: undefined,
      contentType: undefined,
      bytes: Buffer.from(value, 'utf8'),
    })),
    { name: 'upload_file_minidump', filename: `${bundle.report.id}.dmp`, contentType: 'application/octet-stream', bytes },
  ]);
}

/**
 * Sends to a Breakpad/Socorro-style submit URL (call it through `deliver`, which checks consent
 * first). The server answers with its own crash id as text ("CrashID=bp-…" on Socorro). An ingest
 * key, when given, goes as `Authorization: Bearer`; Crashpad itself sends none and puts a key in
 * the URL instead, which works too.
 */
export async function uploadBreakpad(
  bundle: Bundle,
  target: { url: string; ingestKey?: string | undefined },
  now: () => Date = () => new Date(),
  timeoutMs = UPLOAD_TIMEOUT_MS,
): Promise<UploadOutcome> {
  const url = checkDestination(target.url);
  const { body, contentType } = breakpadBody(bundle);
  let response;
  try {
    response = await axios.post<string>(url.toString(), gzipSync(body), {
      headers: {
        'content-type': contentType,
        'content-encoding': 'gzip',
        ...(target.ingestKey === undefined ? {} : { authorization: `Bearer ${target.ingestKey}` }),
      },
      timeout: timeoutMs,
      maxRedirects: 0,
      maxBodyLength: Infinity,
      maxContentLength: 64 * 1024,
      responseType: 'text',
      validateStatus: () => true,
    });
  } catch (error) {
    return unreachable(url, error);
  }
  if (response.status >= 200 && response.status < 300) {
    const serverId = response.data
      .trim()
      .replace(/^CrashID=/, '')
      .slice(0, 200);
    return unconfirmedReceipt(bundle, { endpoint: url.toString(), protocol: 'breakpad', serverId }, now);
  }
  return {
    ok: false,
    failure: failureForStatus(
      response.status,
      { code: 'server-answered', status: response.status },
      retryAfterMs(response.headers['retry-after']),
    ),
  };
}
