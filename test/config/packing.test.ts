import { fork } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { extractAll, listPackage } from '@electron/asar';
import { parse as parseModule } from 'acorn';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { build, Platform } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * Packs the app with electron-builder itself (the `dir` target, which makes `app.asar` and flips the
 * fuses but builds no installer), from the built `out/` that `npm test` makes before this suite runs.
 * The Electron binary cannot be downloaded here, so `electronDist` points at a stand-in folder. Its
 * "binary" carries what @electron/fuses reads in a real one: the sentinel, the wire's version (1),
 * its length, then one byte per fuse ('0' off, '1' on) — see @electron/fuses' getCurrentFuseWire.
 */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSE_COUNT = 9; // Electron 45's wire; a fuse it does not know is left as it was.
const FUSE_ON = 0x31;
const FUSE_OFF = 0x30;

const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown>;

function standInElectron(folder: string): void {
  mkdirSync(path.join(folder, 'resources'), { recursive: true });
  const wire = Buffer.concat([
    Buffer.from('stand-in for the Electron binary\n'),
    Buffer.from(FUSE_SENTINEL),
    Buffer.from([1, FUSE_COUNT]),
    Buffer.alloc(FUSE_COUNT, FUSE_ON),
  ]);
  writeFileSync(path.join(folder, 'electron'), wire);
  chmodSync(path.join(folder, 'electron'), 0o755);
  writeFileSync(path.join(folder, 'version'), 'v45.5.0');
  writeFileSync(path.join(folder, 'LICENSE'), '');
}

type Node = { type: string; [key: string]: unknown };

/** The bare module names a built file loads: static and dynamic imports and `require('x')` calls, read from its syntax tree. */
function bareImports(source: string): Set<string> {
  const found = new Set<string>();
  const pending: unknown[] = [parseModule(source, { ecmaVersion: 'latest', sourceType: 'module' })];
  while (pending.length > 0) {
    const node = pending.pop();
    if (Array.isArray(node)) {
      pending.push(...(node as unknown[]));
      continue;
    }
    if (typeof node !== 'object' || node === null || typeof (node as Node).type !== 'string') continue;
    const current = node as Node;
    const literal = (value: unknown): void => {
      const specifier = (value as Node | undefined)?.type === 'Literal' ? (value as { value: unknown }).value : undefined;
      if (typeof specifier === 'string' && !specifier.startsWith('.')) found.add(specifier);
    };
    if (
      current.type === 'ImportDeclaration' ||
      current.type === 'ExportAllDeclaration' ||
      current.type === 'ExportNamedDeclaration' ||
      current.type === 'ImportExpression'
    ) {
      literal(current.source);
    }
    const callee = current.callee as Node | undefined;
    if (current.type === 'CallExpression' && callee?.type === 'Identifier' && callee.name === 'require') {
      literal((current.arguments as unknown[])[0]);
    }
    for (const [key, value] of Object.entries(current)) {
      if (key !== 'type' && typeof value === 'object') pending.push(value);
    }
  }
  return found;
}

// electron-builder's Linux `dir` layout is what this packs; the file set is the same on every system.
describe.skipIf(process.platform !== 'linux')("the packed app (electron-builder's --dir on a stand-in Electron)", () => {
  let work = '';
  let appDir = '';
  let entries: string[] = [];

  beforeAll(async () => {
    if (!existsSync('out/main/index.js')) throw new Error('run `npm run build` first: this suite packs out/');
    work = mkdtempSync(path.join(tmpdir(), 'candor-pack-'));
    standInElectron(path.join(work, 'electron-dist'));
    await build({
      targets: Platform.LINUX.createTarget('dir'),
      config: {
        ...config,
        electronDist: path.join(work, 'electron-dist'),
        electronVersion: '45.5.0',
        directories: { ...(config.directories as object), output: path.join(work, 'dist') },
      },
    });
    appDir = path.join(work, 'dist', 'linux-unpacked');
    entries = listPackage(path.join(appDir, 'resources', 'app.asar'), { isPack: false });
  }, 180_000);

  afterAll(() => {
    if (work !== '') rmSync(work, { recursive: true, force: true });
  });

  it('holds the built app and package.json, and no node_modules, sources or source maps', () => {
    for (const file of [
      '/out/main/index.js',
      '/out/main/collector.js',
      '/out/preload/index.cjs',
      '/out/renderer/index.html',
      '/package.json',
    ]) {
      expect(entries, file).toContain(file);
    }
    expect(entries.filter((entry) => entry.includes('node_modules'))).toEqual([]);
    expect(entries.filter((entry) => /\.(ts|tsx|map|node)$/.test(entry))).toEqual([]);
    expect(existsSync(path.join(appDir, 'resources', 'app.asar.unpacked'))).toBe(false);
  });

  it('loads nothing at run time but Electron and Node built-ins, or optional modules it guards', () => {
    const extracted = path.join(work, 'extracted');
    extractAll(path.join(appDir, 'resources', 'app.asar'), extracted);
    const builtins = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));
    // systeminformation asks for these on macOS inside try/catch; without them it reports no temperature.
    const optional = new Set(['osx-temperature-sensor', 'macos-temperature-sensor']);
    const loaded = entries
      .filter((entry) => /\.(js|cjs)$/.test(entry) && entry.startsWith('/out/'))
      .flatMap((entry) => [...bareImports(readFileSync(path.join(extracted, entry), 'utf8'))]);
    expect(loaded.length).toBeGreaterThan(0);
    expect([...new Set(loaded)].filter((name) => name !== 'electron' && !builtins.has(name) && !optional.has(name))).toEqual([]);
  });

  it('runs its diagnostics collector from the package alone, with no node_modules in reach', async () => {
    const extracted = path.join(work, 'extracted');
    const child = fork(path.join(extracted, 'out', 'main', 'collector.js'), [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], cwd: work });
    const answer = new Promise<unknown>((resolve, reject) => {
      child.once('message', resolve);
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`collector exited with ${String(code)}`)));
    });
    child.send({
      only: ['os'],
      dataDir: work,
      app: {
        name: 'Candor',
        version: '0.1.0',
        versions: { node: process.versions.node, v8: process.versions.v8 },
        startedAtMs: Date.now(),
      },
      deadlineMs: 20_000,
    });
    const reply = (await answer) as { ok: boolean; snapshot?: { probes: Record<string, unknown> } };
    expect(reply.ok).toBe(true);
    expect(Object.keys(reply.snapshot?.probes ?? {})).toContain('os');
  }, 60_000);

  it('flips the fuses electron-builder.yml names in the packed binary', async () => {
    const wire = await getCurrentFuseWire(path.join(appDir, 'candor'));
    expect(wire[FuseV1Options.RunAsNode]).toBe(FUSE_OFF);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(FUSE_OFF);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(FUSE_OFF);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(FUSE_OFF);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(FUSE_ON);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(FUSE_ON);
  });
});
