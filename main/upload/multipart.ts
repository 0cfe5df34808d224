import { randomBytes } from 'node:crypto';

/** A file part has a file name and a content type; a plain form field has neither. */
export interface MultipartPart {
  name: string;
  filename?: string | undefined;
  contentType?: string | undefined;
  bytes: Uint8Array;
}

/** Quotes a header parameter value; names Candor sends are plain file names. */
function quote(value: string): string {
  return `"${value.replace(/["\\\r\n]/g, '_')}"`;
}

/**
 * A multipart/form-data body built by hand, so the report part carries exactly the consented
 * bytes: nothing re-encodes or re-serialises them on the way.
 */
export function multipartBody(parts: readonly MultipartPart[]): { body: Buffer; contentType: string } {
  const boundary = `----candor-${randomBytes(16).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const part of parts) {
    const disposition = `form-data; name=${quote(part.name)}${part.filename === undefined ? '' : `; filename=${quote(part.filename)}`}`;
    const type = part.contentType === undefined ? '' : `Content-Type: ${part.contentType}\r\n`;
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: ${disposition}\r\n${type}\r\n`, 'utf8'),
      Buffer.from(part.bytes),
      Buffer.from('\r\n', 'utf8'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
