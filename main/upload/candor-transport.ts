import { gzipSync } from 'node:zlib';
import axios, { type AxiosError } from 'axios';
import { ServerReceiptSchema, type Receipt } from '../../contract/receipt';
import type { ConsentLedger } from '../privacy/consent';
import type { Bundle } from '../report/bundle';
import { multipartBody } from './multipart';
import { requireConsent } from './require-consent';
import { UploadRefusedError, type UploadFailure } from './upload-errors';

/** Statuses worth trying again later: the server or the way to it may recover. */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** A stalled connection is given up after this long, and tried again later. */
export const UPLOAD_TIMEOUT_MS = 60_000;

export interface UploadTarget {
  endpoint: string;
  ingestKey?: string | undefined;
  timeoutMs?: number;
}

export type UploadOutcome = { ok: true; receipt: Receipt } | { ok: false; failure: UploadFailure };

/** https anywhere; plain http only to this machine, where nothing crosses a network. */
export function checkDestination(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new UploadRefusedError(`${endpoint} is not a URL`);
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname) || /^127\.\d+\.\d+\.\d+$/.test(url.hostname);
  if (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) return url;
  throw new UploadRefusedError(`refusing to send to ${endpoint}: reports go over https, or plain http to this machine only`);
}

function retryAfterMs(header: unknown): number | undefined {
  if (typeof header !== 'string') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * Sends a bundle with the Candor protocol. Before anything goes on the wire it checks that the
 * consent ledger holds a yes for exactly these bytes; afterwards, that the server stored exactly them.
 */
export async function uploadBundle(
  bundle: Bundle,
  target: UploadTarget,
  consent: Pick<ConsentLedger, 'consentFor'>,
): Promise<UploadOutcome> {
  requireConsent(bundle, consent);
  const url = checkDestination(target.endpoint);
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
      timeout: target.timeoutMs ?? UPLOAD_TIMEOUT_MS,
      maxRedirects: 0,
      maxBodyLength: Infinity,
      maxContentLength: 1024 * 1024,
      responseType: 'json',
      validateStatus: () => true,
    });
  } catch (error) {
    const code = (error as AxiosError).code ?? 'network error';
    return { ok: false, failure: { retry: true, reason: `could not reach ${url.origin}: ${code}` } };
  }

  const { status } = response;
  if (status === 200 || status === 201) {
    const receipt = ServerReceiptSchema.safeParse(response.data);
    if (!receipt.success)
      return { ok: false, failure: { retry: true, status, reason: `the server answered ${status} without a valid receipt` } };
    if (receipt.data.sha256 !== bundle.sha256 || receipt.data.id !== bundle.report.id) {
      return {
        ok: false,
        failure: {
          retry: false,
          integrity: true,
          status,
          reason: `the server stored different bytes (SHA-256 ${receipt.data.sha256}) than you approved (${bundle.sha256})`,
        },
      };
    }
    return { ok: true, receipt: { ...receipt.data, endpoint: url.toString() } };
  }
  const serverReason =
    typeof response.data === 'object' && response.data !== null && 'error' in response.data ? String(response.data.error) : '';
  const reason = `the server answered ${status}${serverReason === '' ? '' : `: ${serverReason}`}`;
  if (RETRYABLE_STATUSES.has(status)) {
    const after = retryAfterMs(response.headers['retry-after']);
    return { ok: false, failure: { retry: true, status, reason, ...(after === undefined ? {} : { retryAfterMs: after }) } };
  }
  return { ok: false, failure: { retry: false, status, reason } };
}

/** Asks the server to delete a report it stored, with the token its receipt gave. */
export async function deleteFromServer(receipt: Receipt, timeoutMs = UPLOAD_TIMEOUT_MS): Promise<{ ok: boolean; reason: string }> {
  const url = new URL(receipt.id, receipt.endpoint.endsWith('/') ? receipt.endpoint : `${receipt.endpoint}/`);
  checkDestination(url.toString());
  try {
    const response = await axios.delete(url.toString(), {
      headers: { 'deletion-token': receipt.deletionToken },
      timeout: timeoutMs,
      maxRedirects: 0,
      validateStatus: () => true,
    });
    return response.status === 204 || response.status === 404
      ? { ok: true, reason: response.status === 204 ? 'deleted' : 'already gone' }
      : { ok: false, reason: `the server answered ${response.status}` };
  } catch (error) {
    return { ok: false, reason: `could not reach the server: ${(error as AxiosError).code ?? 'network error'}` };
  }
}
