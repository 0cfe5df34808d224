import axios from 'axios';
import {
  createAttachmentEnvelopeItem,
  createEnvelope,
  dsnFromString,
  getEnvelopeEndpointWithUrlEncodedAuth,
  serializeEnvelope,
  type Envelope,
  type Event,
} from '@sentry/core';
import { PRODUCT_NAME, PRODUCT_VERSION } from '../product';
import type { Bundle } from '../report/bundle';
import { checkDestination, unconfirmedReceipt, unreachable, UPLOAD_TIMEOUT_MS, type UploadOutcome } from './candor-transport';
import { failureForStatus, retryAfterMs, UploadRefusedError } from './upload-errors';

const SDK = { name: 'candor', version: PRODUCT_VERSION };

/**
 * A Sentry event made only of what the user approved: the report's app, crash and OS facts, with
 * the exact report bytes and every attachment as attachment items (a minidump as `event.minidump`).
 */
export function sentryEnvelope(bundle: Bundle, dsn: string): Envelope {
  const components = dsnFromString(dsn);
  if (components === undefined) throw new UploadRefusedError({ code: 'not-a-sentry-dsn', dsn });
  const { report } = bundle;
  const os = report.system.probes.os;
  const event: Event = {
    event_id: report.id.replace(/-/g, ''),
    timestamp: Date.parse(report.createdAt) / 1000,
    level: 'fatal',
    platform: report.attachments.some((meta) => meta.kind === 'minidump') ? 'native' : 'javascript',
    release: `${report.app.name}@${report.app.version}`,
    tags: {
      candor_report_id: report.id,
      candor_sha256: bundle.sha256,
      ...(report.crash === undefined ? {} : { process_type: report.crash.processType }),
    },
    ...(report.crash?.error === undefined
      ? {}
      : { exception: { values: [{ type: report.crash.error.name, value: report.crash.error.message }] } }),
    ...(os?.status === 'ok'
      ? { contexts: { os: { name: os.data.name, version: os.data.release, build: os.data.build, kernel_version: os.data.kernel } } }
      : {}),
    ...(report.user.email === undefined ? {} : { user: { email: report.user.email } }),
    ...(report.user.comment === undefined ? {} : { extra: { comment: report.user.comment } }),
  };
  return createEnvelope<Envelope>({ event_id: event.event_id, sent_at: new Date().toISOString(), sdk: SDK, dsn }, [
    [{ type: 'event' }, event],
    createAttachmentEnvelopeItem({ filename: 'report.json', data: bundle.bytes, contentType: 'application/json' }),
    ...bundle.attachments.map((attachment) => {
      const meta = report.attachments.find((candidate) => candidate.name === attachment.name);
      return createAttachmentEnvelopeItem({
        filename: attachment.name,
        data: attachment.bytes,
        ...(meta?.contentType === undefined ? {} : { contentType: meta.contentType }),
        ...(meta?.kind === 'minidump' ? { attachmentType: 'event.minidump' as const } : {}),
      });
    }),
  ] as unknown as Envelope[1]);
}

/**
 * Sends the envelope to the DSN's project (call it through `deliver`, which checks consent first);
 * the DSN's public key authenticates, as Sentry's SDKs do.
 */
export async function uploadSentry(
  bundle: Bundle,
  dsn: string,
  now: () => Date = () => new Date(),
  timeoutMs = UPLOAD_TIMEOUT_MS,
): Promise<UploadOutcome> {
  const components = dsnFromString(dsn);
  if (components === undefined) throw new UploadRefusedError({ code: 'not-a-sentry-dsn', dsn });
  const url = checkDestination(getEnvelopeEndpointWithUrlEncodedAuth(components, undefined, SDK));
  const body = serializeEnvelope(sentryEnvelope(bundle, dsn));
  let response;
  try {
    response = await axios.post(url.toString(), typeof body === 'string' ? Buffer.from(body, 'utf8') : Buffer.from(body), {
      headers: { 'content-type': 'application/x-sentry-envelope', 'user-agent': `${PRODUCT_NAME}/${PRODUCT_VERSION}` },
      timeout: timeoutMs,
      maxRedirects: 0,
      maxBodyLength: Infinity,
      maxContentLength: 64 * 1024,
      validateStatus: () => true,
    });
  } catch (error) {
    return unreachable(url, error);
  }
  if (response.status === 200) {
    const serverId = bundle.report.id.replace(/-/g, '');
    return unconfirmedReceipt(bundle, { endpoint: dsn, protocol: 'sentry', serverId }, now);
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
