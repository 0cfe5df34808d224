/** One part of a multipart/form-data body: a file part has a file name, a plain field has none. */
export interface ReceivedPart {
  name: string;
  filename: string | undefined;
  contentType: string | undefined;
  bytes: Buffer;
}

export class MultipartError extends Error {}

const CRLF = Buffer.from('\r\n');
const HEADERS_END = Buffer.from('\r\n\r\n');
/** Parts a Candor or Crashpad upload has are few; a body of thousands is an attack. */
const MAX_PARTS = 1000;
const MAX_HEADER_BYTES = 8 * 1024;

/** The boundary parameter of a multipart/form-data content type, quoted or not (RFC 2046: 1 to 70 characters). */
export function multipartBoundary(contentType: string): string | undefined {
  if (!/^multipart\/form-data\s*;/i.test(contentType)) return undefined;
  const match = /;\s*boundary=(?:"([^"]{1,70})"|([^\s;"]{1,70}))(?=\s*(?:;|$))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/** A parameter of a Content-Disposition header value, such as name="report". */
function dispositionParameter(value: string, parameter: string): string | undefined {
  const match = new RegExp(`;\\s*${parameter}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^\\s;]+))`, 'i').exec(value);
  if (match === null) return undefined;
  return match[1] === undefined ? match[2] : match[1].replace(/\\(.)/g, '$1');
}

/**
 * Parses a whole multipart/form-data body (RFC 7578), as Candor's client and Crashpad write it.
 * The parts' bytes are views into `body`, not copies. Anything that is not a complete, well-formed
 * body — no closing boundary, a part without a name, headers that never end — is a MultipartError.
 */
export function parseMultipart(body: Buffer, boundary: string): ReceivedPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  // Every part ends at CRLF + delimiter; the first delimiter may start the body.
  const separator = Buffer.concat([CRLF, delimiter]);
  let position = body.subarray(0, delimiter.length).equals(delimiter) ? 0 : body.indexOf(separator);
  if (position === -1) throw new MultipartError('no boundary');
  position += position === 0 ? delimiter.length : separator.length;
  const parts: ReceivedPart[] = [];
  for (;;) {
    // After a delimiter: "--" closes the body, CRLF starts another part.
    if (body[position] === 0x2d && body[position + 1] === 0x2d) return parts;
    if (body[position] !== 0x0d || body[position + 1] !== 0x0a) throw new MultipartError('a boundary is not followed by a line end');
    if (parts.length === MAX_PARTS) throw new MultipartError(`more than ${MAX_PARTS} parts`);
    const headersStart = position + 2;
    const headersEnd = body.indexOf(HEADERS_END, headersStart);
    if (headersEnd === -1 || headersEnd - headersStart > MAX_HEADER_BYTES) throw new MultipartError('part headers do not end');
    let disposition: string | undefined;
    let contentType: string | undefined;
    for (const line of body.toString('latin1', headersStart, headersEnd).split('\r\n')) {
      const colon = line.indexOf(':');
      if (colon === -1) throw new MultipartError('a part header has no colon');
      const header = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (header === 'content-disposition') disposition = value;
      else if (header === 'content-type') contentType = value;
    }
    if (disposition === undefined || !/^form-data\s*(;|$)/i.test(disposition)) throw new MultipartError('a part is not form-data');
    const name = dispositionParameter(disposition, 'name');
    if (name === undefined) throw new MultipartError('a part has no name');
    const contentStart = headersEnd + HEADERS_END.length;
    const contentEnd = body.indexOf(separator, contentStart);
    if (contentEnd === -1) throw new MultipartError('a part does not end');
    const filename = dispositionParameter(disposition, 'filename');
    parts.push({
      // Header values are UTF-8 on the wire; they were read as latin1 to keep byte offsets.
      name: Buffer.from(name, 'latin1').toString('utf8'),
      filename: filename === undefined ? undefined : Buffer.from(filename, 'latin1').toString('utf8'),
      contentType,
      bytes: body.subarray(contentStart, contentEnd),
    });
    position = contentEnd + separator.length;
  }
}
