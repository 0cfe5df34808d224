import type { ReportPreview } from '../../contract/report-flow';
import { readMinidump } from '../minidump/read-minidump';
import { summariseMinidump } from '../minidump/summarise';
import type { RedactionOptions } from '../privacy/redact';
import type { BuiltAttachment } from './build-report';

/** How much of a binary attachment is shown as hex before it is downloaded. */
const HEX_PREVIEW_BYTES = 512;

/**
 * What a person sees of a report's attachments: a log as text, anything else as its first bytes in
 * hex, and a minidump decoded into a summary. The user's preview and the support engineer's review
 * page both show attachments this way.
 */
export function describeAttachments(
  attachments: readonly BuiltAttachment[],
  identity: RedactionOptions['identity'] = {},
): Pick<ReportPreview, 'attachments' | 'minidump'> {
  const dump = attachments.find((attachment) => attachment.meta.kind === 'minidump');
  let minidump: ReportPreview['minidump'];
  if (dump !== undefined) {
    try {
      const bytes = Buffer.from(dump.bytes);
      minidump = summariseMinidump(readMinidump(bytes), bytes, identity);
    } catch {
      // An unreadable dump is still listed with its hex; there is just no summary to show.
      minidump = undefined;
    }
  }
  return {
    attachments: attachments.map((attachment) => ({
      ...attachment.meta,
      ...(attachment.meta.kind === 'log'
        ? { text: Buffer.from(attachment.bytes).toString('utf8') }
        : { hexPreview: Buffer.from(attachment.bytes.subarray(0, HEX_PREVIEW_BYTES)).toString('hex') }),
    })),
    ...(minidump === undefined ? {} : { minidump }),
  };
}
