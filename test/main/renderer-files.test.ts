import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { contentTypeOf, resolveRendererFile } from '../../main/renderer-files';

const root = path.resolve('/srv/renderer');

describe('resolveRendererFile', () => {
  it('maps / to index.html and paths to files inside the folder', () => {
    expect(resolveRendererFile(root, '/')).toBe(path.join(root, 'index.html'));
    expect(resolveRendererFile(root, '/assets/index.js')).toBe(path.join(root, 'assets', 'index.js'));
  });

  it('refuses every way out of the folder', () => {
    for (const attempt of ['/../secret', '/assets/../../secret', '/%2e%2e/secret', '/..%2fsecret', '/%00', '/%E0%A4%A']) {
      expect(resolveRendererFile(root, attempt), attempt).toBeNull();
    }
  });

  it('names content types, falling back to bytes', () => {
    expect(contentTypeOf('a/index.HTML')).toContain('text/html');
    expect(contentTypeOf('x.js')).toContain('javascript');
    expect(contentTypeOf('x.bin')).toBe('application/octet-stream');
  });
});
