import { gzipSync } from 'node:zlib';
import axios, { type AxiosError } from 'axios';
import type { Notice } from '../../contract/notice';
import { ServerReceiptSchema, type Receipt } from '../../contract/receipt';
import { isAllowedTransportUrl } from '../destination/destinations';
import type { Bundle } from '../report/bundle';
import { multipartBody } from './multipart';
import { failureForStatus, retryAfterMs, UploadRefusedError, type UploadFailure } from './upload-errors';

/** A stalled connection is given up after this long, and tried again later. */
export const UPLOAD_TIMEOUT_MS = 60_000;
/** The most a server's answer may be; a receipt is a few hundred bytes. */
const MAX_ANSWER_BYTES = 1024 * 1024;

export type UploadOutcome = { ok: true; receipt: Receipt } | { ok: false; failure: UploadFailure };

/** https anywhere; plain http only to this machine, where nothing crosses a network. */
export function checkDestination(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new UploadRefusedError({ code: 'not-a-url', url: endpoint });
  }
  if (isAllowedTransportUrl(url)) return url;
  throw new UploadRefusedError({ code: 'url-not-allowed', url: endpoint });
}

function unreachableNotice(url: URL, error: unknown): Notice {
  return { code: 'unreachable', origin: url.origin, detail: (error as AxiosError).code ?? 'network error' };
}

/** A request that never got an answer: worth trying again later. */
export function unreachable(url: URL, error: unknown): UploadOutcome {
  return {
    ok: false,
    failure: { kind: 'retry', reason: unreachableNotice(url, error) },
  };
}

/**
 * The receipt of a server that confirms no digest (Breakpad, Sentry): its own id for the report,
 * and the digest of what was sent.
 */
export function unconfirmedReceipt(
  bundle: Bundle,
  delivered: { endpoint: string; protocol: 'breakpad' | 'sentry'; serverId: string },
  now: () => Date,
): UploadOutcome {
  return { ok: true, receipt: { id: bundle.report.id, sha256: bundle.sha256, receivedAt: now().toISOString(), ...delivered } };
}

/** What the server answered, with its own words from a JSON `{ error }` answer when it gave them. */
function serverAnswered(status: number, data: unknown): Notice {
  return typeof data === 'object' && data !== null && 'error' in data
    ? { code: 'server-answered-saying', status, detail: String(data.error) }
    : { code: 'server-answered', status };
}

/**
 * Sends a bundle with the Candor protocol (call it through `deliver`, which checks consent first),
 * and checks that the server stored exactly the approved bytes.
 */
export async function uploadCandor(
  bundle: Bundle,
  target: { url: string; ingestKey?: string | undefined },
  timeoutMs = UPLOAD_TIMEOUT_MS,
): Promise<UploadOutcome> {
  const url = checkDestination(target.url);
  const { body, contentType } = multipartBody([
    { name: 'report', filename: 'report.json', contentType: 'application/json', bytes: bundle.bytes },
    ...bundle.attachments.map((attachment) => ({
      name: 'attachment',
      filename: attachment.name,
      contentType: bundle.report.attachments.find((meta) => meta.name === attachment.name)?.contentType ?? 'application/octet-stream',
      bytes: attachment.bytes,
    })),
  ]);
  const compressed = gzipSync(body);
  const useGzip = compressed.length < body.length;
  const headers: Record<string, string> = {
    'content-type': contentType,
    'idempotency-key': bundle.report.id,
    ...(useGzip ? { 'content-encoding': 'gzip' } : {}),
    ...(target.ingestKey === undefined ? {} : { authorization: `Bearer ${target.ingestKey}` }),
  };

  let response;
  try {
    response = await axios.post<unknown>(url.toString(), useGzip ? compressed : body, {
      headers,
      timeout: timeoutMs,
      maxRedirects: 0,
      maxBodyLength: Infinity,
      maxContentLength: MAX_ANSWER_BYTES,
      responseType: 'json',
      validateStatus: () => true,
    });
  } catch (error) {
    return unreachable(url, error);
  }

  const { status } = response;
  if (status === 200 || status === 201) {
    const receipt = ServerReceiptSchema.safeParse(response.data);
    if (!receipt.success) return { ok: false, failure: { kind: 'retry', status, reason: { code: 'no-valid-receipt', status } } };
    if (receipt.data.sha256 !== bundle.sha256 || receipt.data.id !== bundle.report.id) {
      return {
        ok: false,
        failure: {
          kind: 'final',
          integrity: true,
          status,
          reason: { code: 'stored-other-bytes', serverSha256: receipt.data.sha256, approvedSha256: bundle.sha256 },
        },
      };
    }
    return { ok: true, receipt: { ...receipt.data, endpoint: url.toString(), protocol: 'candor' } };
  }
  return {
    ok: false,
    failure: failureForStatus(status, serverAnswered(status, response.data), retryAfterMs(response.headers['retry-after'])),
  };
}

/** The URL of one stored report on a Candor server: the ingest URL and the report id. */
function reportUrl(receipt: Receipt): URL {
  return checkDestination(new URL(receipt.id, receipt.endpoint.endsWith('/') ? receipt.endpoint : `${receipt.endpoint}/`).toString());
}

/** Asks the server to delete a report it stored, with the token its receipt gave. */
export async function deleteFromServer(receipt: Receipt, timeoutMs = UPLOAD_TIMEOUT_MS): Promise<{ ok: boolean; reason: Notice }> {
  if (receipt.deletionToken === undefined) return { ok: false, reason: { code: 'server-cannot-delete', protocol: receipt.protocol } };
  const url = reportUrl(receipt);
  try {
    const response = await axios.delete(url.toString(), {
      headers: { 'deletion-token': receipt.deletionToken },
      timeout: timeoutMs,
      maxRedirects: 0,
      validateStatus: () => true,
    });
    return response.status === 204 || response.status === 404
      ? { ok: true, reason: { code: response.status === 204 ? 'server-deleted' : 'server-already-gone' } }
      : { ok: false, reason: serverAnswered(response.status, response.data) };
  } catch (error) {
    return { ok: false, reason: unreachableNotice(url, error) };
  }
}

/** The server's copy of a report, fetched with its deletion token. */
export type ServerCopy = { ok: true; bytes: Buffer } | { ok: false; reason: Notice };

export async function fetchFromServer(receipt: Receipt, timeoutMs = UPLOAD_TIMEOUT_MS): Promise<ServerCopy> {
  if (receipt.deletionToken === undefined) return { ok: false, reason: { code: 'server-cannot-read-back', protocol: receipt.protocol } };
  const url = reportUrl(receipt);
  try {
    const response = await axios.get<ArrayBuffer>(url.toString(), {
      headers: { 'deletion-token': receipt.deletionToken },
      timeout: timeoutMs,
      maxRedirects: 0,
      maxContentLength: 8 * 1024 * 1024,
      responseType: 'arraybuffer',
      validateStatus: () => true,
    });
    if (response.status === 200) return { ok: true, bytes: Buffer.from(response.data) };
    if (response.status === 404) return { ok: false, reason: { code: 'server-lost-report' } };
    return { ok: false, reason: { code: 'server-answered', status: response.status } };
  } catch (error) {
    return { ok: false, reason: unreachableNotice(url, error) };
  }
}
