import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { Readable, type Transform } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { multipartBoundary } from '../multipart';
import { readMultipartFile } from './multipart-file';
import { MAX_SYMBOL_FILE_BYTES, SymbolUploadError, type ServerSymbols, type StoredSymbolFile } from './server-symbols';

/** Room for symupload's form fields around the file. */
const FORM_OVERHEAD_BYTES = 1024 * 1024;

export class UnsupportedUploadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedUploadError';
  }
}

/**
 * Receives symbols as Breakpad's `symupload` sends them — multipart/form-data with the file part
 * `symbol_file` and the fields `debug_file`, `debug_identifier`, `code_file`, `os`, `cpu` — or a
 * zip laid out as a symbol store (application/zip). The body goes to disk as it arrives, never
 * into memory: symbol files run to hundreds of megabytes.
 */
export async function receiveSymbolUpload(request: IncomingMessage, symbols: ServerSymbols): Promise<StoredSymbolFile[]> {
  const contentType = request.headers['content-type'] ?? '';
  const encoding = request.headers['content-encoding'];
  if (encoding !== undefined && encoding !== 'identity' && encoding !== 'gzip')
    throw new UnsupportedUploadError(`Content-Encoding ${encoding} is not accepted`);
  const source: readonly [Readable, ...Transform[]] = encoding === 'gzip' ? [request, createGunzip()] : [request];
  if (/^application\/(zip|x-zip-compressed)\b/i.test(contentType)) {
    const zip = await symbols.receive(source, MAX_SYMBOL_FILE_BYTES, 'the zip');
    try {
      return await symbols.addZip(zip);
    } finally {
      await rm(zip, { force: true });
    }
  }
  const boundary = multipartBoundary(contentType);
  if (boundary === undefined) throw new UnsupportedUploadError('expected multipart/form-data (as symupload sends) or application/zip');
  const body = await symbols.receive(source, MAX_SYMBOL_FILE_BYTES + FORM_OVERHEAD_BYTES, 'the upload');
  try {
    const form = await readMultipartFile(body, boundary);
    const part = form.files.find((file) => file.name === 'symbol_file');
    if (part === undefined) throw new SymbolUploadError(400, 'the upload has no symbol_file part');
    const file = await symbols.receive(
      part.end > part.start ? createReadStream(body, { start: part.start, end: part.end - 1 }) : Readable.from([]),
      MAX_SYMBOL_FILE_BYTES,
      'symbol_file',
    );
    return [await symbols.add(file, { debugFile: form.fields.get('debug_file'), debugId: form.fields.get('debug_identifier') })];
  } finally {
    await rm(body, { force: true });
  }
}
