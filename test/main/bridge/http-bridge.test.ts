import { readFileSync, statSync } from 'node:fs';
import { writeFile, mkdir } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startHttpBridge, type HttpBridge } from '../../../main/bridge/http-bridge';
import type { Services } from '../../../main/services';
import { createTestServices } from '../../helpers/services';
import { makeTempDir } from '../../helpers/temp-dir';
import { sampleNewCrash } from '../../helpers/sample-crash';

const INDEX_HTML = '<!doctype html><html><head><title>t</title></head><body><div id="root"></div></body></html>';
const BRIDGE_CLIENT = 'window.__bridgeClientLoaded = true;';

let services: Services;
let bridge: HttpBridge;
let session: string;
let accessFile: string;
let firstLink: string;
let cleanup: () => Promise<void>;

beforeEach(async () => {
  const temp = await makeTempDir();
  cleanup = temp.cleanup;
  const rendererDir = path.join(temp.dir, 'renderer');
  await mkdir(path.join(rendererDir, 'assets'), { recursive: true });
  await writeFile(path.join(rendererDir, 'index.html'), INDEX_HTML);
  await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(temp.dir, 'secret.txt'), 'outside the renderer');
  await writeFile(path.join(temp.dir, 'bridge.js'), BRIDGE_CLIENT);
  services = createTestServices('http');
  bridge = await startHttpBridge({
    handlers: services.handlers,
    events: services.events,
    rendererDir,
    bridgeClientFile: path.join(temp.dir, 'bridge.js'),
    accessFile: path.join(temp.dir, 'access-url'),
  });
  accessFile = path.join(temp.dir, 'access-url');
  firstLink = bridge.accessUrl();
  session = await signIn(firstLink);
});

/** Trades a sign-in link for the session cookie, as the browser does on the redirect. */
async function signIn(link: string): Promise<string> {
  const response = await fetch(link, { redirect: 'manual' });
  expect(response.status).toBe(303);
  return (response.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

afterEach(async () => {
  await bridge.close();
  await cleanup();
});

/** `secret: null` sends no secret header at all. */
function call(method: string, args: unknown, secret: string | null = bridge.secret): Promise<Response> {
  return fetch(new URL(`/api/call/${method}`, bridge.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: session, ...(secret === null ? {} : { 'x-candor-secret': secret }) },
    body: JSON.stringify(args),
  });
}

/** A GET with the session cookie, as the signed-in browser sends it. */
function get(pathname: string, init: RequestInit = {}): Promise<Response> {
  return fetch(new URL(pathname, bridge.url), { ...init, headers: { cookie: session } });
}

/** fetch() will not send a forged Host header, so this one speaks raw HTTP. */
function getWithHost(pathname: string, host: string): Promise<number> {
  const url = new URL(bridge.url);
  return new Promise((resolve, reject) => {
    const request = http.get({ host: url.hostname, port: url.port, path: pathname, headers: { host, cookie: session } }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
  });
}

describe('the HTTP bridge', () => {
  it('answers a call with the real handler result', async () => {
    const response = await call('getAppInfo', []);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { ok: boolean; value: { transport: string; runtime: { node: string } } };
    expect(body.ok).toBe(true);
    expect(body.value.transport).toBe('http');
    expect(body.value.runtime.node).toBe(process.versions.node);
  });

  it('refuses calls without the per-run secret or with a wrong one', async () => {
    for (const secret of [null, '', 'x'.repeat(bridge.secret.length), `${bridge.secret}x`]) {
      const response = await call('getAppInfo', [], secret);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
  });

  it('answers bad input with a 4xx and a reason', async () => {
    const badJson = await fetch(new URL('/api/call/getAppInfo', bridge.url), {
      method: 'POST',
      headers: { 'x-candor-secret': bridge.secret, cookie: session },
      body: '{not json',
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject({ error: { code: 'invalid-arguments' } });

    const unknown = await call('deleteEverything', []);
    expect(unknown.status).toBe(404);

    const wrongArgs = await call('dismissPendingCrash', ['nope']);
    expect(wrongArgs.status).toBe(400);

    const oversized = await call('dismissPendingCrash', ['x'.repeat(2 * 1024 * 1024)]);
    expect(oversized.status).toBe(413);
    expect(await oversized.json()).toMatchObject({ error: { code: 'invalid-arguments' } });
  });

  it('serves the renderer with the bridge client and the secret injected, under a strict CSP', async () => {
    const response = await get('/');
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await response.text();
    expect(html).toContain(`<meta name="candor-bridge-secret" content="${bridge.secret}">`);
    expect(html.indexOf('/candor-bridge.js')).toBeLessThan(html.indexOf('</head>'));

    const client = await get('/candor-bridge.js');
    expect(await client.text()).toBe(BRIDGE_CLIENT);
    const asset = await get('/assets/app.js');
    expect(asset.headers.get('content-type')).toContain('javascript');
  });

  it('never serves files outside the renderer folder', async () => {
    for (const attempt of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const response = await get(attempt);
      expect(response.status, attempt).toBe(404);
    }
  });

  it('refuses requests whose Host header names another site (DNS rebinding)', async () => {
    const { host } = new URL(bridge.url);
    expect(await getWithHost('/', host)).toBe(200);
    expect(await getWithHost('/', 'attacker.example')).toBe(421);
    expect(await getWithHost('/', `attacker.example:${new URL(bridge.url).port}`)).toBe(421);
  });

  it('streams service events to a subscriber that has the secret', async () => {
    const refused = await get('/api/events?secret=wrong');
    expect(refused.status).toBe(401);

    const controller = new AbortController();
    const response = await get(`/api/events?secret=${bridge.secret}`, { signal: controller.signal });
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    if (response.body === null) throw new Error('the event stream has no body');
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let received = decoder.decode((await reader.read()).value);
    expect(received).toContain(': connected');

    const crash = services.crashes.record(sampleNewCrash());
    while (!received.includes('data: ')) received += decoder.decode((await reader.read()).value);
    const line = received.split('\n').find((text) => text.startsWith('data: ')) ?? '';
    expect(JSON.parse(line.slice('data: '.length))).toEqual({ name: 'onCrashPending', payload: crash });
    controller.abort();
  });

  it('serves nothing without a session, and a sign-in link works once, for the user who can read its file', async () => {
    // Another user on this machine can reach loopback, but has neither the link nor a cookie.
    for (const pathname of ['/', '/assets/app.js', '/candor-bridge.js', `/api/events?secret=${bridge.secret}`]) {
      const response = await fetch(new URL(pathname, bridge.url));
      expect(response.status, pathname).toBe(401);
      expect(await response.text()).not.toContain(bridge.secret);
    }
    const withoutSession = await fetch(new URL('/api/call/getAppInfo', bridge.url), {
      method: 'POST',
      headers: { 'x-candor-secret': bridge.secret },
      body: '[]',
    });
    expect(withoutSession.status).toBe(401);
    // The link used in beforeEach is spent; the file holds the next one, readable by its owner only.
    expect((await fetch(firstLink, { redirect: 'manual' })).status).toBe(403);
    expect((statSync(accessFile).mode & 0o777).toString(8)).toBe('600');
    const link = readFileSync(accessFile, 'utf8').trim();
    expect(link).toBe(bridge.accessUrl());
    const second = await signIn(link);
    expect(second).not.toBe(session);
    expect((await fetch(link, { redirect: 'manual' })).status).toBe(403);
    expect((await fetch(new URL('/', bridge.url), { headers: { cookie: second } })).status).toBe(200);
  });

  it('on IPv6 loopback prints a URL a browser can open, and answers it', async () => {
    const dir = path.dirname(accessFile);
    const ipv6 = await startHttpBridge({
      handlers: services.handlers,
      events: services.events,
      rendererDir: path.join(dir, 'renderer'),
      bridgeClientFile: path.join(dir, 'bridge.js'),
      accessFile: path.join(dir, 'access-url-6'),
      host: '::1',
    });
    try {
      expect(ipv6.url).toMatch(/^http:\/\/\[::1\]:\d+\/$/);
      const cookie = await signIn(ipv6.accessUrl());
      expect((await fetch(ipv6.url, { headers: { cookie } })).status).toBe(200);
    } finally {
      await ipv6.close();
    }
  });
});
