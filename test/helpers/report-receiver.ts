import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/** A request exactly as it reached the server. */
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export type Fault = 'reset' | 'error-500' | 'retry-after' | 'stall' | 'wrong-digest' | 'ok';

export interface StoredReport {
  digest: string;
  report: Buffer;
  attachments: { filename: string; bytes: Buffer }[];
  deletionToken: string;
}

/** The ingest key the receiver admits, as `candor-server init` would print one. */
export const RECEIVER_INGEST_KEY = 'receiver-ingest-key-0001';

/**
 * A real loopback HTTP server speaking the receiving side of the Candor protocol, recording
 * every byte it gets, for the faults a real `candor-server` cannot be made to show on demand:
 * reset, 500, 429 with Retry-After, a stall that never answers, a receipt for other bytes. Like
 * the real server it refuses an upload without a valid ingest key (401), so a client that sends
 * none fails here too. Tests of the ordinary path use the real server.
 */
export class ReportReceiver {
  readonly requests: ReceivedRequest[] = [];
  readonly stored = new Map<string, StoredReport>();
  /** Every report part that arrived, by id: a report stored twice would show up twice here. */
  readonly arrivals: { id: string; digest: string; status: number }[] = [];
  private readonly faults: Fault[] = [];
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch(() => response.destroy());
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/api/v1/reports`;
    return this;
  }

  queueFaults(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    this.requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body });

    const fault = this.faults.shift() ?? 'ok';
    if (fault === 'reset') {
      request.socket.destroy();
      return;
    }
    if (fault === 'stall') return;
    if (fault === 'error-500') {
      this.json(response, 500, { error: 'storage unavailable' });
      return;
    }
    if (fault === 'retry-after') {
      response.setHeader('retry-after', '1');
      this.json(response, 429, { error: 'slow down' });
      return;
    }

    if (request.method === 'DELETE') {
      const id = (request.url ?? '').split('/').pop() ?? '';
      const stored = this.stored.get(id);
      if (stored === undefined) {
        this.json(response, 404, { error: 'no such report' });
        return;
      }
      if (request.headers['deletion-token'] !== stored.deletionToken) {
        this.json(response, 403, { error: 'wrong token' });
        return;
      }
      this.stored.delete(id);
      response.writeHead(204).end();
      return;
    }
    // As candor-server's admitUpload: a Bearer ingest key, checked before the body is read.
    if (request.headers.authorization !== `Bearer ${RECEIVER_INGEST_KEY}`) {
      this.json(response, 401, { error: 'a valid ingest key is required' });
      return;
    }
    const id = String(request.headers['idempotency-key'] ?? '');
    const raw = request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
    const form = await new Response(raw, { headers: { 'content-type': String(request.headers['content-type']) } }).formData();
    const reportPart = form.get('report');
    if (!(reportPart instanceof Blob)) {
      this.json(response, 400, { error: 'no report part' });
      return;
    }
    const report = Buffer.from(await reportPart.arrayBuffer());
    const attachments: StoredReport['attachments'] = [];
    for (const part of form.getAll('attachment')) {
      if (part instanceof File) attachments.push({ filename: part.name, bytes: Buffer.from(await part.arrayBuffer()) });
    }
    const digest = createHash('sha256').update(report).digest('hex');
    const existing = this.stored.get(id);
    let status = 201;
    if (existing !== undefined) status = existing.digest === digest ? 200 : 409;
    this.arrivals.push({ id, digest, status });
    if (status === 409) {
      this.json(response, 409, { error: 'another report has this id' });
      return;
    }
    const stored = existing ?? { digest, report, attachments, deletionToken: randomBytes(24).toString('hex') };
    this.stored.set(id, stored);
    const answered = fault === 'wrong-digest' ? 'f'.repeat(64) : digest;
    this.json(response, status, { id, sha256: answered, receivedAt: new Date().toISOString(), deletionToken: stored.deletionToken });
  }

  private json(response: ServerResponse, status: number, body: unknown): void {
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }
}
