import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { apiEventNames } from '../../contract/api';
import { CandorError, serializeError, type CallOutcome } from '../../contract/errors';
import {
  BRIDGE_CALL_PREFIX,
  BRIDGE_CLIENT_PATH,
  BRIDGE_EVENTS_PATH,
  BRIDGE_SECRET_HEADER,
  BRIDGE_SECRET_META,
} from '../../contract/http-bridge';
import type { ApiEventHub } from '../api/event-hub';
import type { ApiHandlers } from '../api/handlers';
import { invokeApiCall } from '../api/invoke';
import { contentTypeOf, resolveRendererFile } from '../renderer-files';
import { writeFileDurableSync } from '../storage/durable-write';
import { CONTENT_SECURITY_POLICY } from '../security/content-security-policy';

/** A call's JSON arguments are small; anything larger is a mistake or an attack. */
const MAX_CALL_BODY_BYTES = 1024 * 1024;
const EVENT_KEEPALIVE_MS = 15_000;

export interface HttpBridgeOptions {
  handlers: ApiHandlers;
  /**
   * Where the current sign-in link is written, readable by the user who started the bridge
   * only (0600); rewritten with a new one-time token each time one is used.
   */
  accessFile: string;
  events: ApiEventHub;
  /** The built renderer (its index.html and assets). */
  rendererDir: string;
  /** The built browser client that provides `window.candor` over this bridge. */
  bridgeClientFile: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

export interface HttpBridge {
  /** The bridge's address, which answers nothing without a session. */
  url: string;
  /** The current sign-in link: the address with a one-time token. */
  accessUrl(): string;
  secret: string;
  close(): Promise<void>;
}

/** The current sign-in link of a running preview, owner-only, in the user's data folder. */
export const PREVIEW_ACCESS_FILE = 'preview-access-url';

/** The cookie a browser holds once it traded a one-time token at `/?access=`. */
const SESSION_COOKIE = 'candor-session';

/**
 * Serves the built renderer and the API handler table on loopback, so the real UI runs in a
 * real browser against the real services. Loopback is shared by every user of the machine, so
 * nothing is served without a session: the user who started the bridge gets a link with a
 * one-time token (printed, and in a file only they can read), which the browser trades for a
 * session cookie. The page then also carries the per-run secret on every API call (another page
 * on loopback cannot read it), and the Host header must name this server (against DNS rebinding).
 */
export async function startHttpBridge(options: HttpBridgeOptions): Promise<HttpBridge> {
  const host = options.host ?? '127.0.0.1';
  const secret = randomBytes(32).toString('base64url');
  const sessions = new Set<string>();
  let accessToken = '';
  let baseUrl = '';
  const sockets = new Set<ServerResponse>();
  let allowedHosts = new Set<string>();

  const accessUrl = (): string => `${baseUrl}?access=${accessToken}`;
  /** A new one-time token, and the file that holds its link rewritten. */
  const newAccessToken = (): void => {
    accessToken = randomBytes(32).toString('base64url');
    writeFileDurableSync(options.accessFile, `${accessUrl()}\n`);
  };

  const server = createServer((request, response) => {
    setSecurityHeaders(response);
    route(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendJson(response, 500, { ok: false, error: serializeError(error) });
      else response.destroy();
    });
  });

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!allowedHosts.has(request.headers.host ?? '')) {
      sendText(response, 421, 'Misdirected request: wrong Host header');
      return;
    }
    const url = new URL(request.url ?? '/', 'http://bridge.invalid');
    if (url.searchParams.has('access')) {
      tradeAccessToken(response, url.searchParams.get('access') ?? '');
      return;
    }
    if (!hasSession(request)) {
      sendText(response, 401, `Open the link \`npm run preview\` printed (also in ${options.accessFile}); this browser has no session.`);
      return;
    }
    if (url.pathname.startsWith(BRIDGE_CALL_PREFIX)) {
      await handleCall(request, response, url.pathname.slice(BRIDGE_CALL_PREFIX.length));
    } else if (url.pathname === BRIDGE_EVENTS_PATH) {
      handleEvents(request, response, url.searchParams.get('secret') ?? '');
    } else if (request.method === 'GET' || request.method === 'HEAD') {
      await serveStatic(response, url.pathname);
    } else {
      sendText(response, 405, 'Method not allowed');
    }
  }

  /** The one-time token for a session cookie; the token is spent, and a new link written for the next browser. */
  function tradeAccessToken(response: ServerResponse, given: string): void {
    if (!isSecret(given, accessToken)) {
      sendText(response, 403, `This sign-in link was used already or is wrong; the current one is in ${options.accessFile}.`);
      return;
    }
    const session = randomBytes(32).toString('base64url');
    sessions.add(session);
    newAccessToken();
    response.writeHead(303, {
      location: '/',
      'set-cookie': `${SESSION_COOKIE}=${session}; HttpOnly; SameSite=Strict; Path=/`,
    });
    response.end();
  }

  function hasSession(request: IncomingMessage): boolean {
    const cookie = (request.headers.cookie ?? '')
      .split(';')
      .map((part) => part.trim())
      .find((part) => part.startsWith(`${SESSION_COOKIE}=`))
      ?.slice(SESSION_COOKIE.length + 1);
    return cookie !== undefined && sessions.has(cookie);
  }

  async function handleCall(request: IncomingMessage, response: ServerResponse, name: string): Promise<void> {
    if (request.method !== 'POST') {
      sendText(response, 405, 'API calls use POST');
      return;
    }
    if (!isSecret(request.headers[BRIDGE_SECRET_HEADER], secret)) {
      const outcome: CallOutcome = {
        ok: false,
        error: serializeError(new CandorError('unauthorized', 'Missing or wrong bridge secret')),
      };
      sendJson(response, 401, outcome);
      return;
    }
    const body = await readBody(request, MAX_CALL_BODY_BYTES);
    if (body === null) {
      const error = new CandorError('invalid-arguments', `The call ${name} sent more than ${MAX_CALL_BODY_BYTES} bytes`);
      sendJson(response, 413, { ok: false, error: serializeError(error) });
      return;
    }
    let args: unknown;
    try {
      args = JSON.parse(body);
    } catch (error) {
      const reason = new CandorError('invalid-arguments', `The body of ${name} is not JSON: ${serializeError(error).message}`);
      sendJson(response, 400, { ok: false, error: serializeError(reason) });
      return;
    }
    const outcome = await invokeApiCall(options.handlers, name, args);
    sendJson(response, outcome.ok ? 200 : statusForError(outcome.error.code), outcome);
  }

  function handleEvents(request: IncomingMessage, response: ServerResponse, givenSecret: string): void {
    if (!isSecret(givenSecret, secret)) {
      sendText(response, 401, 'Missing or wrong bridge secret');
      return;
    }
    response.writeHead(200, { 'content-type': 'text/event-stream', connection: 'keep-alive' });
    response.write(': connected\n\n');
    sockets.add(response);
    const unsubscribes = apiEventNames.map((name) =>
      options.events.subscribe(name, (payload) => {
        response.write(`data: ${JSON.stringify({ name, payload })}\n\n`);
      }),
    );
    const keepalive = setInterval(() => response.write(': keepalive\n\n'), EVENT_KEEPALIVE_MS);
    request.on('close', () => {
      clearInterval(keepalive);
      for (const unsubscribe of unsubscribes) unsubscribe();
      sockets.delete(response);
    });
  }

  async function serveStatic(response: ServerResponse, pathname: string): Promise<void> {
    if (pathname === BRIDGE_CLIENT_PATH) {
      await sendFile(response, options.bridgeClientFile);
      return;
    }
    const file = resolveRendererFile(options.rendererDir, pathname);
    if (file === null) {
      sendText(response, 404, 'Not found');
      return;
    }
    if (path.basename(file) === 'index.html') {
      const html = await readFile(file, 'utf8');
      response.writeHead(200, { 'content-type': contentTypeOf(file) });
      response.end(injectBridgeClient(html, secret));
      return;
    }
    await sendFile(response, file);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  // An IPv6 address is written in brackets, in a URL and in the Host header alike.
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  allowedHosts = new Set([`${hostInUrl}:${port}`, `localhost:${port}`]);
  baseUrl = `http://${hostInUrl}:${port}/`;
  newAccessToken();

  return {
    url: baseUrl,
    accessUrl,
    secret,
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of sockets) response.end();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** The secret reaches the page in a meta tag that only a same-origin reader can see. */
function injectBridgeClient(html: string, secret: string): string {
  const tags = `<meta name="${BRIDGE_SECRET_META}" content="${secret}"><script src="${BRIDGE_CLIENT_PATH}"></script>`;
  if (!html.includes('<head>')) throw new CandorError('internal', 'The built index.html has no <head> to load the bridge client into');
  return html.replace('<head>', `<head>${tags}`);
}

function isSecret(given: string | string[] | undefined, secret: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

function statusForError(code: string): number {
  switch (code) {
    case 'invalid-arguments':
      return 400;
    case 'unknown-method':
    case 'not-found':
      return 404;
    case 'unauthorized':
    case 'untrusted-sender':
      return 403;
    default:
      return 500;
  }
}

/** Resolves with the body, or null when it is larger than the limit (the rest is drained unread). */
function readBody(request: IncomingMessage, limitBytes: number): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) chunks.push(chunk);
    });
    request.on('end', () => resolve(size > limitBytes ? null : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

async function sendFile(response: ServerResponse, file: string): Promise<void> {
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    sendText(response, 404, 'Not found');
    return;
  }
  response.writeHead(200, { 'content-type': contentTypeOf(file), 'content-length': body.length });
  response.end(body);
}

function setSecurityHeaders(response: ServerResponse): void {
  response.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
  response.setHeader('x-content-type-options', 'nosniff');
  response.setHeader('referrer-policy', 'no-referrer');
  response.setHeader('cache-control', 'no-store');
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

function sendText(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
  response.end(text);
}
