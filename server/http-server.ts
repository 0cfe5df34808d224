import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { z } from 'zod';
import { ReportSchema } from '../contract/report';
import { ID_PREFIX_PATTERN, REVIEW_PAGE_SIZE } from '../contract/review';
import { crashSignature } from '../main/capture/signature';
import { MinidumpError } from '../main/minidump/binary-reader';
import { readMinidump } from '../main/minidump/read-minidump';
import { sha256Hex } from '../main/report/build-report';
import { serveConsoleFile } from './console-files';
import { hashSecret } from './credentials';
import { multipartBoundary, MultipartError, parseMultipart, type ReceivedPart } from './multipart';
import { RateLimiter } from './rate-limit';
import { reviewedReport } from './review/reviewed-report';
import type { NewReport, ReportFilter, ReportStore, StackTarget, StoredMinidump } from './store/report-store';
import type { StackView } from '../contract/review';
import { StackAnalysisSchema } from '../contract/stackwalk';
import { SymbolUploadError, type ServerSymbols, type StoredSymbolFile } from './symbols/server-symbols';
import { receiveSymbolUpload, UnsupportedUploadError } from './symbols/symbol-upload';
import { redactText } from '../main/privacy/redact';

/** Limits, stated: a request and what it unpacks to, and the report part itself. */
export const MAX_REQUEST_BYTES = 64 * 1024 * 1024;
export const MAX_UNPACKED_BYTES = 128 * 1024 * 1024;
export const MAX_REPORT_BYTES = 4 * 1024 * 1024;
/** A report carries a minidump and a log; a hundred leaves room and keeps one report one statement. */
export const MAX_ATTACHMENTS = 100;

/** Reports per minute per ingest key unless the operator says otherwise. */
export const DEFAULT_RATE_LIMIT_PER_MINUTE = 6000;
/**
 * Limits on a Breakpad upload's form fields, after Crashpad's own (keys 256 bytes, values 20 KB;
 * list_annotations, a list joined by newlines, more): a few uploads must not make the review
 * list unusable.
 */
export const MAX_FORM_FIELDS = 200;
export const MAX_FIELD_NAME_BYTES = 256;
export const MAX_FIELD_VALUE_BYTES = 20 * 1024;
export const MAX_LIST_ANNOTATIONS_BYTES = 64 * 1024;
/** All of one upload's fields together, so a page of a hundred minidumps stays a few megabytes. */
export const MAX_FIELDS_TOTAL_BYTES = 128 * 1024;
/** Deeper nesting than any report has: a report nested deeper is refused, so every stored one can be shown. */
export const MAX_REPORT_DEPTH = 64;
/** The missing-symbols page lists this many modules, most wanted first. */
export const MISSING_SYMBOLS_SHOWN = 100;
const DAY_MS = 24 * 60 * 60 * 1000;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Bytes of request bodies held in memory at once, across all requests, packed and unpacked. Past
 * it a new upload is answered 503 with Retry-After instead of pushing the server out of memory;
 * the client keeps the report and tries again.
 */
export const MAX_BODY_BYTES_IN_FLIGHT = 512 * 1024 * 1024;
const BUSY_RETRY_AFTER_SECONDS = 5;

/** The bytes of bodies held now, reserved as they arrive and released when their request ends. */
class BodyBudget {
  private inFlight = 0;

  constructor(private readonly limit: number) {}

  /** Reserves `bytes`, or answers 503 when they would pass the limit. */
  reserve(bytes: number): void {
    if (this.inFlight + bytes > this.limit)
      throw new HttpError(503, 'the server is receiving too much at once; try again shortly', {
        'retry-after': String(BUSY_RETRY_AFTER_SECONDS),
      });
    this.inFlight += bytes;
  }

  release(bytes: number): void {
    this.inFlight -= bytes;
  }
}

/** Reads a request body within the per-request limit and the shared budget; `held` counts what it reserved. */
async function readBody(request: IncomingMessage, budget: BodyBudget, held: { bytes: number }): Promise<Buffer> {
  const declared = Number(request.headers['content-length'] ?? 0);
  if (declared > MAX_REQUEST_BYTES) throw new HttpError(413, `the request is larger than ${MAX_REQUEST_BYTES} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const bytes = (chunk as Buffer).length;
    size += bytes;
    if (size > MAX_REQUEST_BYTES) throw new HttpError(413, `the request is larger than ${MAX_REQUEST_BYTES} bytes`);
    budget.reserve(bytes);
    held.bytes += bytes;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

const gunzipAsync = promisify(gunzip);

/** Inflates a gzip body on libuv's thread pool, never blocking other requests, and stops a bomb at the limit. */
async function unpack(body: Buffer, encoding: string | undefined, budget: BodyBudget, held: { bytes: number }): Promise<Buffer> {
  if (encoding === undefined || encoding === 'identity') return body;
  if (encoding !== 'gzip') throw new HttpError(415, `Content-Encoding ${encoding} is not accepted`);
  let unpacked: Buffer;
  try {
    unpacked = await gunzipAsync(body, { maxOutputLength: MAX_UNPACKED_BYTES });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new HttpError(413, `the body unpacks to more than ${MAX_UNPACKED_BYTES} bytes`);
    throw new HttpError(400, 'the body is not valid gzip');
  }
  budget.reserve(unpacked.length);
  held.bytes += unpacked.length;
  return unpacked;
}

/** Parses a multipart/form-data body, with 415 for another type and 400 for a malformed body. */
function parseForm(body: Buffer, contentType: string): ReceivedPart[] {
  if (!/^multipart\/form-data\b/i.test(contentType)) throw new HttpError(415, 'expected multipart/form-data');
  const boundary = multipartBoundary(contentType);
  if (boundary === undefined) throw new HttpError(400, 'the multipart content type names no boundary');
  try {
    return parseMultipart(body, boundary);
  } catch (error) {
    if (error instanceof MultipartError) throw new HttpError(400, `the multipart body is malformed: ${error.message}`);
    throw error;
  }
}

/** Parses the Candor protocol's multipart body into the report part and the attachment parts. */
function parseUpload(body: Buffer, contentType: string): { report: Buffer; attachments: Map<string, Buffer> } {
  const parts = parseForm(body, contentType);
  const unknown = parts.find((part) => part.name !== 'report' && part.name !== 'attachment');
  if (unknown !== undefined) throw new HttpError(400, `unexpected part ${JSON.stringify(unknown.name)}`);
  const reportParts = parts.filter((part) => part.name === 'report');
  const [reportPart] = reportParts;
  if (reportPart === undefined || reportParts.length !== 1)
    throw new HttpError(400, `expected one report part, found ${reportParts.length}`);
  if (reportPart.filename === undefined) throw new HttpError(400, 'the report part is not a file');
  if (reportPart.bytes.length > MAX_REPORT_BYTES) throw new HttpError(413, `the report part is larger than ${MAX_REPORT_BYTES} bytes`);
  const attachments = new Map<string, Buffer>();
  for (const part of parts) {
    if (part.name !== 'attachment') continue;
    if (part.filename === undefined) throw new HttpError(400, 'an attachment part has no file name');
    if (attachments.has(part.filename)) throw new HttpError(400, `attachment ${part.filename} appears twice`);
    attachments.set(part.filename, part.bytes);
  }
  return { report: reportPart.bytes, attachments };
}

export interface ReportServerOptions {
  store: ReportStore;
  host?: string;
  port?: number;
  now?: () => Date;
  rateLimitPerMinute?: number;
  /** Bytes of request bodies held at once across all requests (default MAX_BODY_BYTES_IN_FLIGHT). */
  maxBodyBytesInFlight?: number;
  /** The built review console (`out/console`); without it `/` answers 404. */
  consoleDir?: string | undefined;
  /** Where symbol files are kept; without it `/api/v1/symbols` answers 404. */
  symbols?: ServerSymbols | undefined;
  /** Called when a crash or symbols were stored, so the stack-walk queue looks at once. */
  onStored?: (() => void) | undefined;
  /** How long reports are kept (the purge runs beside the server); said in every receipt so the user can see it. */
  retentionDays?: number | undefined;
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
  // Keys the deletion tokens: a report's token is an HMAC of its id, so a repeated upload gets the same one.
  const tokenSecret = await store.tokenSecret();
  const rateLimiter = new RateLimiter(options.rateLimitPerMinute ?? DEFAULT_RATE_LIMIT_PER_MINUTE, () => now().getTime());
  const budget = new BodyBudget(options.maxBodyBytesInFlight ?? MAX_BODY_BYTES_IN_FLIGHT);
  /** A request's body, read and unpacked within the shared budget; what it held is released once `use` is done. */
  const withBody = async <T>(request: IncomingMessage, use: (body: Buffer) => Promise<T>): Promise<T> => {
    const held = { bytes: 0 };
    try {
      return await use(await unpack(await readBody(request, budget, held), request.headers['content-encoding'], budget, held));
    } finally {
      budget.release(held.bytes);
    }
  };

  /** Checks the ingest key and this key's rate, before a byte of the body is read. */
  const admitUpload = async (key: string | undefined): Promise<void> => {
    const keyId = key === undefined ? undefined : await store.findCredential('ingest-key', hashSecret(key));
    if (keyId === undefined) throw new HttpError(401, 'a valid ingest key is required');
    const waitSeconds = rateLimiter.take(keyId);
    if (waitSeconds > 0)
      throw new HttpError(429, `too many reports with this ingest key; try again in ${waitSeconds} s`, {
        'retry-after': String(waitSeconds),
      });
  };

  /** symupload sends no headers, so its key may come as `?key=`; curl and scripts use the Authorization header. */
  const uploadSymbols = async (request: IncomingMessage, url: URL): Promise<StoredSymbolFile[]> => {
    const symbols = options.symbols;
    if (symbols === undefined) throw new HttpError(404, 'this server keeps no symbols');
    const key = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? url.searchParams.get('key') ?? undefined;
    if (key === undefined || (await store.findCredential('symbols-key', hashSecret(key))) === undefined) {
      throw new HttpError(401, 'a valid symbols key is required (candor-server keys add --scope symbols)');
    }
    try {
      const stored = await receiveSymbolUpload(request, symbols);
      for (const file of stored) await store.requeueStacksMissing(file);
      options.onStored?.();
      return stored;
    } catch (error) {
      if (error instanceof SymbolUploadError) throw new HttpError(error.status, error.message);
      if (error instanceof UnsupportedUploadError) throw new HttpError(415, error.message);
      if ((error as NodeJS.ErrnoException).code === 'Z_DATA_ERROR')
        throw new HttpError(400, 'the upload is not valid gzip or deflate data');
      throw error;
    }
  };

  const ingest = async (request: IncomingMessage): Promise<{ status: number; body: unknown }> => {
    await admitUpload(/^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1]);
    const answer = await withBody(request, (body) => ingestBody(request, body));
    options.onStored?.();
    return answer;
  };

  const ingestBody = async (request: IncomingMessage, body: Buffer): Promise<{ status: number; body: unknown }> => {
    const id = String(request.headers['idempotency-key'] ?? '');
    const upload = parseUpload(body, request.headers['content-type'] ?? '');
    const reportText = upload.report.toString('utf8');
    if (jsonDepth(reportText) > MAX_REPORT_DEPTH) throw new HttpError(400, `the report nests deeper than ${MAX_REPORT_DEPTH} levels`);
    let parsed;
    try {
      parsed = ReportSchema.parse(JSON.parse(reportText));
    } catch (error) {
      const reason = error instanceof z.ZodError ? z.prettifyError(error).split('\n')[0] : 'not JSON';
      throw new HttpError(400, `the report part is not a candor.report/1 report: ${reason ?? ''}`);
    }
    if (parsed.id !== id) throw new HttpError(400, 'Idempotency-Key must be the report id');
    if (parsed.attachments.length > MAX_ATTACHMENTS) throw new HttpError(413, `a report may list at most ${MAX_ATTACHMENTS} attachments`);
    for (const meta of parsed.attachments) {
      const bytes = upload.attachments.get(meta.name);
      if (bytes === undefined) throw new HttpError(400, `attachment ${meta.name} is listed but missing`);
      if (bytes.length !== meta.sizeBytes || sha256Hex(bytes) !== meta.sha256)
        throw new HttpError(400, `attachment ${meta.name} does not match its digest`);
    }
    if (upload.attachments.size !== parsed.attachments.length) throw new HttpError(400, 'an attachment is not listed in the report');
    const os = parsed.system.probes.os;
    const deletionToken = createHmac('sha256', tokenSecret).update(id).digest('base64url');
    const report: NewReport = {
      id,
      sha256: sha256Hex(upload.report),
      appName: parsed.app.name,
      appVersion: parsed.app.version,
      osPlatform: os?.status === 'ok' ? os.data.platform : null,
      osName: os?.status === 'ok' ? os.data.name : null,
      osVersion: os?.status === 'ok' ? os.data.release : null,
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
      deletionTokenHash: hashSecret(deletionToken),
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
      body: {
        id,
        sha256: result.report.sha256,
        receivedAt: result.report.receivedAt,
        deletionToken,
        ...(options.retentionDays === undefined ? {} : { retentionDays: options.retentionDays }),
      },
    };
  };

  /**
   * What Electron's crashReporter and Crashpad send: multipart form fields and
   * `upload_file_minidump`, gzip-encoded or not. Crashpad cannot add headers, so the ingest key
   * may come as `?key=` in the submit URL. The answer is the new report id, as text.
   */
  const ingestMinidump = async (request: IncomingMessage, url: URL): Promise<string> => {
    await admitUpload(/^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? url.searchParams.get('key') ?? undefined);
    return withBody(request, (body) => ingestMinidumpBody(request, body));
  };

  const ingestMinidumpBody = async (request: IncomingMessage, body: Buffer): Promise<string> => {
    const parts = parseForm(body, request.headers['content-type'] ?? '');
    const bytes = parts.find((part) => part.name === 'upload_file_minidump')?.bytes;
    if (bytes === undefined) throw new HttpError(400, 'no upload_file_minidump part');
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
    const fieldParts = parts.filter((part) => part.filename === undefined);
    if (fieldParts.length > MAX_FORM_FIELDS) throw new HttpError(413, `an upload may carry at most ${MAX_FORM_FIELDS} form fields`);
    for (const part of fieldParts) {
      const limit = part.name === 'list_annotations' ? MAX_LIST_ANNOTATIONS_BYTES : MAX_FIELD_VALUE_BYTES;
      if (Buffer.byteLength(part.name) > MAX_FIELD_NAME_BYTES)
        throw new HttpError(413, `a form field name is longer than ${MAX_FIELD_NAME_BYTES} bytes`);
      if (part.bytes.length > limit) throw new HttpError(413, `form field ${part.name.slice(0, 64)} is longer than ${limit} bytes`);
    }
    if (fieldParts.reduce((total, part) => total + part.bytes.length, 0) > MAX_FIELDS_TOTAL_BYTES)
      throw new HttpError(413, `an upload's form fields may hold at most ${MAX_FIELDS_TOTAL_BYTES} bytes together`);
    const fields: Record<string, string> = {};
    for (const part of parts) {
      // Form fields only (files have a file name); defineProperty, so a field named __proto__ stays a field.
      if (part.filename === undefined)
        Object.defineProperty(fields, part.name, {
          value: part.bytes.toString('utf8'),
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
    const id = randomUUID();
    try {
      await store.ingestMinidump(
        {
          id,
          // What Electron's crashReporter sends: _productName/_version (from the app) or prod/ver, and platform.
          appName: fields._productName ?? fields.prod ?? 'unknown',
          appVersion: fields._version ?? fields.ver ?? 'unknown',
          osPlatform: fields.platform ?? null,
          fields,
          sha256: sha256Hex(bytes),
          sizeBytes: bytes.length,
          signature,
        },
        bytes,
        now().toISOString(),
      );
    } catch {
      throw new HttpError(503, 'the minidump could not be stored; try again later');
    }
    return id;
  };

  /** A crash's walked stack for the console; 404 when there is no such crash. */
  const stackView = async (target: StackTarget): Promise<StackView> => {
    const stored = await store.stack(target);
    if (stored === undefined) {
      // No walk kept: the crash is waiting for one, or there is no such crash (walks go with their crash).
      const exists =
        target.kind === 'report' ? (await store.get(target.id)) !== undefined : (await store.minidumpBytes(target.id)) !== undefined;
      if (!exists) throw new HttpError(404, `no such ${target.kind}`);
      return { status: 'pending', missing: [] };
    }
    const view: StackView = { status: stored.status, missing: stored.missing };
    if (stored.status === 'done' && stored.detail !== null) view.analysis = StackAnalysisSchema.parse(JSON.parse(stored.detail));
    if (stored.status === 'failed' && stored.detail !== null) view.error = stored.detail;
    return view;
  };

  const requireReviewer = async (request: IncomingMessage): Promise<void> => {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (token === undefined || (await store.findCredential('reviewer-token', hashSecret(token))) === undefined)
      throw new HttpError(401, 'a reviewer token is required');
  };

  const review = async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    await requireReviewer(request);
    const reportPath = /^\/api\/v1\/review\/reports\/([0-9a-f-]{36})(?:\/attachments\/([^/]+))?$/i.exec(url.pathname);
    // Ids are stored in lower case, their one form; a route in another case names the same one.
    const reportId = reportPath?.[1]?.toLowerCase();
    const attachment = reportPath?.[2];
    const dumpPath = /^\/api\/v1\/review\/minidumps\/([0-9a-f-]{36})(\/dump)?$/i.exec(url.pathname);
    const stackPath = /^\/api\/v1\/review\/(reports|minidumps)\/([0-9a-f-]{36})\/stack$/i.exec(url.pathname);
    const dumpId = dumpPath?.[1]?.toLowerCase();
    if (stackPath?.[2] !== undefined && request.method === 'GET') {
      send(
        response,
        200,
        await stackView({ kind: stackPath[1]?.toLowerCase() === 'reports' ? 'report' : 'minidump', id: stackPath[2].toLowerCase() }),
      );
    } else if (url.pathname === '/api/v1/review/missing-symbols' && request.method === 'GET') {
      send(response, 200, await store.missingSymbols(MISSING_SYMBOLS_SHOWN));
    } else if (url.pathname === '/api/v1/review/reports' && request.method === 'GET') {
      const filter = reviewFilter(url.searchParams);
      send(response, 200, {
        reports: await store.list(filter),
        minidumps: shownMinidumps(await store.listMinidumps(filter)),
        signatures: await store.signatures(filter),
      });
    } else if (url.pathname === '/api/v1/review/minidumps' && request.method === 'GET') {
      send(response, 200, shownMinidumps(await store.listMinidumps(reviewFilter(url.searchParams))));
    } else if (reportId !== undefined && attachment === undefined && request.method === 'GET') {
      const reviewed = await reviewedReport(store, reportId);
      if (reviewed === undefined) throw new HttpError(404, 'no such report');
      send(response, 200, reviewed);
    } else if (reportId !== undefined && attachment === undefined && request.method === 'DELETE') {
      if (!(await store.delete(reportId))) throw new HttpError(404, 'no such report');
      response.writeHead(204).end();
    } else if (reportId !== undefined && attachment !== undefined && request.method === 'GET') {
      const name = decodePathPart(attachment);
      sendDownload(response, name, await store.attachmentBytes(reportId, name));
    } else if (dumpId !== undefined && dumpPath?.[2] !== undefined && request.method === 'GET') {
      sendDownload(response, `${dumpId}.dmp`, await store.minidumpBytes(dumpId));
    } else if (dumpId !== undefined && dumpPath?.[2] === undefined && request.method === 'DELETE') {
      if (!(await store.deleteMinidump(dumpId))) throw new HttpError(404, 'no such minidump');
      response.writeHead(204).end();
    } else {
      throw new HttpError(404, 'no such review route');
    }
  };

  const route = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://server.invalid');
    const reportMatch = /^\/api\/v1\/reports\/([0-9a-f-]{36})$/i.exec(url.pathname);
    if (url.pathname === '/api/v1/minidump' && request.method === 'POST') {
      const id = await ingestMinidump(request, url);
      options.onStored?.();
      response.writeHead(200, { 'content-type': 'text/plain' }).end(id);
    } else if (url.pathname === '/api/v1/reports' && request.method === 'POST') {
      const { status, body } = await ingest(request);
      send(response, status, body);
    } else if (url.pathname === '/api/v1/symbols' && request.method === 'POST') {
      send(response, 200, { stored: await uploadSymbols(request, url) });
    } else if (reportMatch?.[1] !== undefined && (request.method === 'GET' || request.method === 'DELETE')) {
      // Ids are stored in lower case, their one form; a route in another case names the same report.
      const id = reportMatch[1].toLowerCase();
      const expected = await store.deletionTokenHash(id);
      const token = String(request.headers['deletion-token'] ?? '');
      if (expected === undefined) throw new HttpError(404, 'no such report');
      if (!sameHash(hashSecret(token), expected)) throw new HttpError(403, 'the deletion token does not match this report');
      if (request.method === 'DELETE') {
        await store.delete(id);
        response.writeHead(204).end();
      } else {
        response.writeHead(200, { 'content-type': 'application/json' }).end(await store.reportBytes(id));
      }
    } else if (url.pathname.startsWith('/api/v1/review/')) {
      await review(request, response, url);
    } else if (request.method === 'GET' && options.consoleDir !== undefined && !url.pathname.startsWith('/api/')) {
      if (!(await serveConsoleFile(options.consoleDir, url.pathname, response))) throw new HttpError(404, 'no such page');
    } else {
      throw new HttpError(404, 'no such route');
    }
  };

  const server: Server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      // A 500 is a bug or a failing disk: the operator needs to see it (never the request's body).
      // A client that hung up mid-request is neither.
      if (!(error instanceof HttpError) && (error as NodeJS.ErrnoException).code !== 'ECONNRESET')
        process.stderr.write(
          `candor-server: ${request.method ?? '?'} ${(request.url ?? '').split('?')[0] ?? ''} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
        );
      const message = error instanceof HttpError ? error.message : 'internal error';
      if (!response.headersSent) send(response, status, { error: message }, error instanceof HttpError ? error.headers : {});
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

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...headers, 'content-type': 'application/json', 'cache-control': 'no-store' }).end(JSON.stringify(body));
}

/** How deep the JSON text's arrays and objects nest, counted in one pass outside strings. */
export function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === 92) index++;
      else if (code === 34) inString = false;
    } else if (code === 34) inString = true;
    else if (code === 123 || code === 91) deepest = Math.max(deepest, ++depth);
    else if (code === 125 || code === 93) depth--;
  }
  return deepest;
}

/** Minidumps as a reviewer sees them: the crashReporter fields with the redaction backstop applied. */
function shownMinidumps(minidumps: StoredMinidump[]): StoredMinidump[] {
  return minidumps.map((dump) => ({
    ...dump,
    fields: Object.fromEntries(Object.entries(dump.fields).map(([name, value]) => [name, redactText(value).text])),
  }));
}

/** A percent-encoded part of a path; a malformed escape is the client's error (400), not the server's. */
function decodePathPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new HttpError(400, `${part} is not a valid percent-encoded name`);
  }
}

/** Bytes for the reviewer to save: never rendered by the browser, and named as they were listed. */
function sendDownload(response: ServerResponse, name: string, bytes: Buffer | undefined): void {
  if (bytes === undefined) throw new HttpError(404, `no ${name} here`);
  response
    .writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-disposition': `attachment; filename="${name.replace(/[^\w.-]/g, '_')}"`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    })
    .end(bytes);
}

/** The console's filters from the query string; a malformed date is refused rather than ignored. */
function reviewFilter(params: URLSearchParams): ReportFilter {
  const text = (name: string): string | undefined => {
    const value = params.get(name) ?? '';
    return value === '' ? undefined : value;
  };
  const day = (name: string): number | undefined => {
    const value = text(name);
    if (value === undefined) return undefined;
    const time = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Number.NaN;
    if (Number.isNaN(time)) throw new HttpError(400, `${name} must be a day as YYYY-MM-DD`);
    return time;
  };
  const from = day('from');
  const to = day('to');
  const id = text('id')?.trim().toLowerCase();
  if (id !== undefined && !ID_PREFIX_PATTERN.test(id))
    throw new HttpError(400, 'id must be a report id or its first four or more characters (hex digits and dashes)');
  const pageText = text('page') ?? '1';
  const page = /^[1-9]\d{0,6}$/.test(pageText) ? Number(pageText) : Number.NaN;
  if (Number.isNaN(page)) throw new HttpError(400, 'page must be a whole number from 1');
  return {
    appName: text('app'),
    appVersion: text('version'),
    osPlatform: text('os'),
    signature: text('signature'),
    idPrefix: id,
    receivedFrom: from === undefined ? undefined : new Date(from).toISOString(),
    // "to" is the last day wanted, so the range ends where the next day begins (UTC).
    receivedBefore: to === undefined ? undefined : new Date(to + DAY_MS).toISOString(),
    limit: REVIEW_PAGE_SIZE,
    offset: (page - 1) * REVIEW_PAGE_SIZE,
  };
}
