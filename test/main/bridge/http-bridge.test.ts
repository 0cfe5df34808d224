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
  });
});

afterEach(async () => {
  await bridge.close();
  await cleanup();
});

/** `secret: null` sends no secret header at all. */
function call(method: string, args: unknown, secret: string | null = bridge.secret): Promise<Response> {
  return fetch(new URL(`/api/call/${method}`, bridge.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(secret === null ? {} : { 'x-candor-secret': secret }) },
    body: JSON.stringify(args),
  });
}

/** fetch() will not send a forged Host header, so this one speaks raw HTTP. */
function getWithHost(pathname: string, host: string): Promise<number> {
  const url = new URL(bridge.url);
  return new Promise((resolve, reject) => {
    const request = http.get({ host: url.hostname, port: url.port, path: pathname, headers: { host } }, (response) => {
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
      headers: { 'x-candor-secret': bridge.secret },
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
    const response = await fetch(bridge.url);
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await response.text();
    expect(html).toContain(`<meta name="candor-bridge-secret" content="${bridge.secret}">`);
    expect(html.indexOf('/candor-bridge.js')).toBeLessThan(html.indexOf('</head>'));

    const client = await fetch(new URL('/candor-bridge.js', bridge.url));
    expect(await client.text()).toBe(BRIDGE_CLIENT);
    const asset = await fetch(new URL('/assets/app.js', bridge.url));
    expect(asset.headers.get('content-type')).toContain('javascript');
  });

  it('never serves files outside the renderer folder', async () => {
    for (const attempt of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt']) {
      const response = await fetch(new URL(attempt, bridge.url));
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
    const refused = await fetch(new URL('/api/events?secret=wrong', bridge.url));
    expect(refused.status).toBe(401);

    const controller = new AbortController();
    const response = await fetch(new URL(`/api/events?secret=${bridge.secret}`, bridge.url), {
      signal: controller.signal,
    });
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
});
