import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The console needs its own scripts and styles and the API, nothing else. */
const CONSOLE_HEADERS = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/**
 * Serves a file of the built review console. Only names made of plain characters inside
 * `consoleDir` are served; every other page path gets index.html, where the console routes itself.
 */
export async function serveConsoleFile(consoleDir: string, pathname: string, response: ServerResponse): Promise<boolean> {
  const root = path.resolve(consoleDir);
  const isAsset = /^\/(?:assets\/)?[\w-]+(?:\.[\w-]+)*\.(?:js|css|svg)$/.test(pathname);
  const file = isAsset ? path.join(root, pathname) : path.join(root, 'index.html');
  if (!file.startsWith(root + path.sep)) return false;
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    return false;
  }
  response
    .writeHead(200, {
      ...CONSOLE_HEADERS,
      'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
      // Built assets carry a content hash in their names; the page itself must always be fresh.
      'cache-control': isAsset ? 'public, max-age=31536000, immutable' : 'no-store',
    })
    .end(bytes);
  return true;
}
