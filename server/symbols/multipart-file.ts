import { open } from 'node:fs/promises';
import { SymbolUploadError } from './server-symbols';

/**
 * A multipart/form-data body received to a file (RFC 7578), read without loading it: the
 * delimiters are found by scanning the file in chunks, each part's headers are read, small
 * fields are returned as text and file parts as byte ranges to copy.
 */
const CHUNK_BYTES = 1024 * 1024;
const MAX_PART_HEADER_BYTES = 16 * 1024;
const MAX_PARTS = 64;
const MAX_FIELD_BYTES = 16 * 1024;

export interface FilePart {
  name: string;
  fileName: string | undefined;
  /** The part's bytes are [start, end) of the file. */
  start: number;
  end: number;
}

export interface MultipartFile {
  fields: Map<string, string>;
  files: FilePart[];
}

/** Offsets in the file where `needle` starts, scanning with an overlap so none is missed across chunks. */
async function findAll(file: string, needle: Buffer, limit: number): Promise<number[]> {
  const handle = await open(file, 'r');
  const found: number[] = [];
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES + needle.length);
    let carried = 0;
    let position = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, carried, CHUNK_BYTES, position);
      const filled = carried + bytesRead;
      let at = buffer.indexOf(needle, 0);
      while (at >= 0 && at + needle.length <= filled) {
        found.push(position - carried + at);
        if (found.length > limit) throw new SymbolUploadError(400, `the multipart body has more than ${limit} parts`);
        at = buffer.indexOf(needle, at + 1);
      }
      if (bytesRead === 0) break;
      position += bytesRead;
      carried = Math.min(needle.length - 1, filled);
      buffer.copy(buffer, 0, filled - carried, filled);
      buffer.fill(0, carried);
    }
  } finally {
    await handle.close();
  }
  return found;
}

export async function readMultipartFile(file: string, boundary: string): Promise<MultipartFile> {
  // A delimiter is CRLF "--" boundary; the first may open the body with no CRLF before it.
  // Positions below are of the "--".
  const handle = await open(file, 'r');
  const opening = Buffer.alloc(boundary.length + 2);
  await handle.read(opening, 0, opening.length, 0);
  await handle.close();
  const delimiters = (await findAll(file, Buffer.from(`\r\n--${boundary}`), MAX_PARTS + 1)).map((at) => at + 2);
  if (opening.toString('latin1') === `--${boundary}`) delimiters.unshift(0);
  if (delimiters.length < 2) throw new SymbolUploadError(400, 'the multipart body is malformed: fewer than two delimiters');
  const reader = await open(file, 'r');
  const result: MultipartFile = { fields: new Map(), files: [] };
  try {
    for (let index = 0; index + 1 < delimiters.length; index++) {
      const partStart = (delimiters[index] ?? 0) + boundary.length + 2 + 2; // "--" boundary CRLF
      const partEnd = (delimiters[index + 1] ?? 0) - 2; // the CRLF before the next delimiter
      if (partEnd < partStart) throw new SymbolUploadError(400, 'the multipart body is malformed: an empty part');
      const headerBuffer = Buffer.alloc(Math.min(MAX_PART_HEADER_BYTES, partEnd - partStart));
      await reader.read(headerBuffer, 0, headerBuffer.length, partStart);
      const headerEnd = headerBuffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) throw new SymbolUploadError(400, 'the multipart body is malformed: a part without a header end');
      const headers = headerBuffer.subarray(0, headerEnd).toString('utf8');
      const disposition = /^content-disposition:\s*form-data(.*)$/im.exec(headers)?.[1] ?? '';
      const name = /;\s*name="([^"]*)"/i.exec(disposition)?.[1];
      if (name === undefined) throw new SymbolUploadError(400, 'the multipart body is malformed: a part without a name');
      const fileName = /;\s*filename="([^"]*)"/i.exec(disposition)?.[1];
      const bodyStart = partStart + headerEnd + 4;
      if (fileName !== undefined) {
        result.files.push({ name, fileName, start: bodyStart, end: partEnd });
      } else {
        if (partEnd - bodyStart > MAX_FIELD_BYTES)
          throw new SymbolUploadError(413, `the field ${name} is larger than ${MAX_FIELD_BYTES} bytes`);
        const value = Buffer.alloc(Math.max(0, partEnd - bodyStart));
        await reader.read(value, 0, value.length, bodyStart);
        result.fields.set(name, value.toString('utf8'));
      }
    }
  } finally {
    await reader.close();
  }
  return result;
}
