import type { Bundle } from '../../main/report/bundle';
import { multipartBody } from '../../main/upload/multipart';

/** The Candor protocol body for a report and its attachments, built by hand to send what the client would not. */
export function uploadBody(bundle: Pick<Bundle, 'bytes' | 'attachments'>): { body: Buffer; contentType: string } {
  return multipartBody([
    { name: 'report', filename: 'report.json', contentType: 'application/json', bytes: bundle.bytes },
    ...bundle.attachments.map((attachment) => ({
      name: 'attachment',
      filename: attachment.name,
      contentType: 'application/octet-stream',
      bytes: attachment.bytes,
    })),
  ]);
}
