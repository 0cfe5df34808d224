import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { ReportSchema } from '../contract/report';
import { crashSignature } from '../main/capture/signature';
import { MinidumpError } from '../main/minidump/binary-reader';
import { readMinidump } from '../main/minidump/read-minidump';
import type { NewReport, ReportStore } from './store/report-store';

/** Limits, stated: a request and what it unpacks to, and the report part itself. */
export const MAX_REQUEST_BYTES = 64 * 1024 * 1024;
export const MAX_UNPACKED_BYTES = 128 * 1024 * 1024;
export const MAX_REPORT_BYTES = 4 * 1024 * 1024;

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_REQUEST_BYTES) throw new HttpError(413, `the request is larger than ${MAX_REQUEST_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_REQUEST_BYTES) throw new HttpError(413, `the request is larger than ${MAX_REQUEST_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function unpack(body: Buffer, encoding: string | undefined): Buffer {
  if (encoding === undefined || encoding === 'identity') return body;
  if (encoding !== 'gzip') throw new HttpError(415, `Content-Encoding ${encoding} is not accepted`);
  try {
    // maxOutputLength stops a gzip bomb at the limit instead of after unpacking it.
    return gunzipSync(body, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new HttpError(413, `the body unpacks to more than ${MAX_UNPACKED_BYTES} bytes`);
    throw new HttpError(400, 'the body is not valid gzip');
  }
}

/** Parses a multipart/form-data body, with 415 for another type and 400 for a malformed body. */
async function parseForm(body: Buffer, contentType: string): Promise<FormData> {
  if (!contentType.startsWith('multipart/form-data')) throw new HttpError(415, 'expected multipart/form-data');
  try {
    // The body is already whole and bounded by MAX_REQUEST_BYTES / MAX_UNPACKED_BYTES, so the
    // buffering the deprecation warns about is done; a streaming parser is a later refinement.
    // eslint-disable-next-line @typescript-eslint/no-deprecated
    return await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new HttpError(400, 'the multipart body is malformed');
  }
}

/** Parses the Candor protocol's multipart body into the report part and the attachment parts. */
async function parseUpload(body: Buffer, contentType: string): Promise<{ report: Buffer; attachments: Map<string, Buffer> }> {
  const form = await parseForm(body, contentType);
  const unknown = [...new Set(form.keys())].find((name) => name !== 'report' && name !== 'attachment');
  if (unknown !== undefined) throw new HttpError(400, `unexpected part ${JSON.stringify(unknown)}`);
  const reportParts = form.getAll('report');
  if (reportParts.length !== 1) throw new HttpError(400, `expected one report part, found ${reportParts.length}`);
  const reportPart = reportParts[0];
  if (!(reportPart instanceof Blob)) throw new HttpError(400, 'the report part is not a file');
  if (reportPart.size > MAX_REPORT_BYTES) throw new HttpError(413, `the report part is larger than ${MAX_REPORT_BYTES} bytes`);
  const attachments = new Map<string, Buffer>();
  for (const part of form.getAll('attachment')) {
    if (!(part instanceof File)) throw new HttpError(400, 'an attachment part has no file name');
    if (attachments.has(part.name)) throw new HttpError(400, `attachment ${part.name} appears twice`);
    attachments.set(part.name, Buffer.from(await part.arrayBuffer()));
  }
  return { report: Buffer.from(await reportPart.arrayBuffer()), attachments };
}

export interface ReportServerOptions {
  store: ReportStore;
  /** Keys the deletion tokens: a report's token is an HMAC of its id, so a repeated upload gets the same one. */
  tokenSecret: Buffer;
  host?: string;
  port?: number;
  now?: () => Date;
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/**
 * The report server: ingest with the Candor protocol, access and deletion with a report's token,
 * review behind a reviewer token. It never reads or stores the client's address.
 */
export async function startReportServer(options: ReportServerOptions): Promise<RunningServer> {
  const { store } = options;
  const now = options.now ?? (() => new Date());

  const ingest = async (request: IncomingMessage): Promise<{ status: number; body: unknown }> => {
    const key = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (key === undefined || !store.hasIngestKey(sha256(key))) throw new HttpError(401, 'a valid ingest key is required');
    const id = String(request.headers['idempotency-key'] ?? '');
    const body = unpack(await readBody(request), request.headers['content-encoding']);
    const upload = await parseUpload(body, request.headers['content-type'] ?? '');
    let parsed;
    try {
      parsed = ReportSchema.parse(JSON.parse(upload.report.toString('utf8')));
    } catch (error) {
      const reason = error instanceof z.ZodError ? z.prettifyError(error).split('\n')[0] : 'not JSON';
      throw new HttpError(400, `the report part is not a candor.report/1 report: ${reason ?? ''}`);
    }
    if (parsed.id !== id) throw new HttpError(400, 'Idempotency-Key must be the report id');
    for (const meta of parsed.attachments) {
      const bytes = upload.attachments.get(meta.name);
      if (bytes === undefined) throw new HttpError(400, `attachment ${meta.name} is listed but missing`);
      if (bytes.length !== meta.sizeBytes || sha256(bytes) !== meta.sha256)
        throw new HttpError(400, `attachment ${meta.name} does not match its digest`);
    }
    if (upload.attachments.size !== parsed.attachments.length) throw new HttpError(400, 'an attachment is not listed in the report');
    const os = parsed.system.probes.os;
    const deletionToken = createHmac('sha256', options.tokenSecret).update(id).digest('base64url');
    const report: NewReport = {
      id,
      sha256: sha256(upload.report),
      appName: parsed.app.name,
      appVersion: parsed.app.version,
      osPlatform: os?.status === 'ok' ? os.data.platform : null,
      // Recomputed here with the client's rule, so a client cannot choose its group.
      signature:
        parsed.crash === undefined
          ? null
          : crashSignature({
              kind: parsed.crash.kind,
              processType: parsed.crash.processType,
              errorName: parsed.crash.error?.name,
              stack: parsed.crash.error?.stack,
              message: parsed.crash.error?.message,
              exitReason: parsed.crash.exit?.reason,
            }),
      sizeBytes: upload.report.length,
      attachments: parsed.attachments.map((meta) => ({ name: meta.name, sha256: meta.sha256, sizeBytes: meta.sizeBytes })),
      bytes: upload.report,
      attachmentBytes: upload.attachments,
      deletionTokenHash: sha256(deletionToken),
    };
    let result;
    try {
      result = await store.ingest(report, now().toISOString());
    } catch {
      // The client keeps the report and tries again later.
      throw new HttpError(503, 'the report could not be stored; try again later');
    }
    if (result.status === 'conflict') throw new HttpError(409, 'another report was already received with this id');
    // A repeat (the client never saw the first answer) gets the same receipt, token included.
    return {
      status: result.status === 'created' ? 201 : 200,
      body: { id, sha256: result.report.sha256, receivedAt: result.report.receivedAt, deletionToken },
    };
  };

  /**
   * What Electron's crashReporter and Crashpad send: multipart form fields and
   * `upload_file_minidump`, gzip-encoded or not. Crashpad cannot add headers, so the ingest key
   * may come as `?key=` in the submit URL. The answer is the new report id, as text.
   */
  const ingestMinidump = async (request: IncomingMessage, url: URL): Promise<string> => {
    const key = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? url.searchParams.get('key') ?? undefined;
    if (key === undefined || !store.hasIngestKey(sha256(key))) throw new HttpError(401, 'a valid ingest key is required');
    const body = unpack(await readBody(request), request.headers['content-encoding']);
    const form = await parseForm(body, request.headers['content-type'] ?? '');
    const dumpPart = form.get('upload_file_minidump');
    if (!(dumpPart instanceof Blob)) throw new HttpError(400, 'no upload_file_minidump part');
    const bytes = Buffer.from(await dumpPart.arrayBuffer());
    let signature: string | null = null;
    try {
      const dump = readMinidump(bytes);
      const annotations = { ...dump.crashpad?.moduleSimpleAnnotations, ...dump.crashpad?.simpleAnnotations };
      signature = crashSignature({
        kind: 'native',
        processType: annotations.process_type ?? annotations.ptype ?? 'unknown',
        exceptionName: dump.exception?.name ?? (dump.exception === undefined ? undefined : `0x${dump.exception.code.toString(16)}`),
        module: dump.modules[0]?.path,
      });
    } catch (error) {
      if (error instanceof MinidumpError) throw new HttpError(400, `upload_file_minidump is not a valid minidump: ${error.message}`);
      throw error;
    }
    const fields: Record<string, string> = {};
    for (const [name, value] of form.entries()) {
      if (typeof value === 'string') Object.defineProperty(fields, name, { value, enumerable: true, writable: true, configurable: true });
    }
    const id = randomUUID();
    try {
      await store.ingestMinidump({ id, fields, sha256: sha256(bytes), sizeBytes: bytes.length, signature }, bytes, now().toISOString());
    } catch {
      throw new HttpError(503, 'the minidump could not be stored; try again later');
    }
    return id;
  };

  const route = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://server.invalid');
    if (url.pathname === '/api/v1/minidump' && request.method === 'POST') {
      const id = await ingestMinidump(request, url);
      response.writeHead(200, { 'content-type': 'text/plain' }).end(id);
      return;
    }
    const reportMatch = /^\/api\/v1\/reports\/([0-9a-f-]{36})$/.exec(url.pathname);
    if (url.pathname === '/api/v1/reports' && request.method === 'POST') {
      const { status, body } = await ingest(request);
      send(response, status, body);
    } else if (reportMatch?.[1] !== undefined && (request.method === 'GET' || request.method === 'DELETE')) {
      const id = reportMatch[1];
      const expected = store.deletionTokenHash(id);
      const token = String(request.headers['deletion-token'] ?? '');
      if (expected === undefined) throw new HttpError(404, 'no such report');
      if (!sameHash(sha256(token), expected)) throw new HttpError(403, 'the deletion token does not match this report');
      if (request.method === 'DELETE') {
        store.delete(id);
        response.writeHead(204).end();
      } else {
        response.writeHead(200, { 'content-type': 'application/json' }).end(store.reportBytes(id));
      }
    } else if (url.pathname.startsWith('/api/v1/review/')) {
      const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
      if (token === undefined || !store.hasReviewerToken(sha256(token))) throw new HttpError(401, 'a reviewer token is required');
      if (url.pathname === '/api/v1/review/minidumps') {
        send(response, 200, store.listMinidumps(200));
      } else if (url.pathname === '/api/v1/review/reports') {
        send(
          response,
          200,
          store.list({
            appName: url.searchParams.get('app') ?? undefined,
            signature: url.searchParams.get('signature') ?? undefined,
            limit: 200,
          }),
        );
      } else {
        throw new HttpError(404, 'no such review route');
      }
    } else {
      throw new HttpError(404, 'no such route');
    }
  };

  const server: Server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      const message = error instanceof HttpError ? error.message : 'internal error';
      if (!response.headersSent) send(response, status, { error: message });
      else response.destroy();
      // A request refused early may still be sending: drain it so the connection can close cleanly.
      request.resume();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
