import { gzipSync } from 'node:zlib';
import axios, { type AxiosError } from 'axios';
import type { ConsentLedger } from '../privacy/consent';
import type { Bundle } from '../report/bundle';
import { checkDestination, UPLOAD_TIMEOUT_MS } from './candor-transport';
import { multipartBody } from './multipart';
import { requireConsent } from './require-consent';
import { UploadRefusedError } from './upload-errors';

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
    throw new UploadRefusedError(`report ${bundle.report.id} carries no minidump, and a Breakpad server takes only minidumps`);
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

/** Sends to a Breakpad/Socorro-style endpoint; the server answers with its own crash id as text. */
export async function uploadBreakpad(
  bundle: Bundle,
  endpoint: string,
  consent: Pick<ConsentLedger, 'consentFor'>,
  timeoutMs = UPLOAD_TIMEOUT_MS,
): Promise<{ ok: true; serverId: string } | { ok: false; retry: boolean; reason: string }> {
  requireConsent(bundle, consent);
  const url = checkDestination(endpoint);
  const { body, contentType } = breakpadBody(bundle);
  try {
    const response = await axios.post<string>(url.toString(), gzipSync(body), {
      headers: { 'content-type': contentType, 'content-encoding': 'gzip' },
      timeout: timeoutMs,
      maxRedirects: 0,
      maxBodyLength: Infinity,
      responseType: 'text',
      validateStatus: () => true,
    });
    if (response.status >= 200 && response.status < 300) return { ok: true, serverId: response.data.trim() };
    return {
      ok: false,
      retry: response.status >= 500 || response.status === 429 || response.status === 408,
      reason: `the server answered ${response.status}`,
    };
  } catch (error) {
    return { ok: false, retry: true, reason: `could not reach ${url.origin}: ${(error as AxiosError).code ?? 'network error'}` };
  }
}
