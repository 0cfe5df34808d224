import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv } from 'ajv';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import path from 'node:path';
import { candorHome } from '../../main/paths';
import { PRODUCT_NAME } from '../../main/product';

const config = parse(readFileSync('electron-builder.yml', 'utf8')) as Record<string, unknown> & { files: string[] };
const schema = createRequire(import.meta.url)('app-builder-lib/scheme.json') as object;

/** electron-builder's `files`: a path is in when a positive pattern matches and no later negation does. */
function packaged(file: string): boolean {
  let included = false;
  for (const pattern of config.files) {
    if (pattern.startsWith('!')) {
      if (minimatch(file, pattern.slice(1), { dot: true })) included = false;
    } else if (minimatch(file, pattern, { dot: true })) {
      included = true;
    }
  }
  return included;
}

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's own JSON schema", () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    const validate = ajv.compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? [], JSON.stringify(validate.errors)).toEqual([]);
    expect(valid).toBe(true);
  });

  it('packages the built main, preload and renderer, and package.json', () => {
    for (const file of [
      'out/main/index.js',
      'out/main/collector.js',
      'out/preload/index.cjs',
      'out/renderer/index.html',
      'out/renderer/assets/index-abc.js',
      'package.json',
    ]) {
      expect(packaged(file), file).toBe(true);
    }
  });

  it('leaves out sources, tests, fixtures, source maps and everything else in the repository', () => {
    const tracked = execFileSync('git', ['ls-files'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    const leaked = tracked.filter((file) => file !== 'package.json' && packaged(file));
    expect(leaked).toEqual([]);
    for (const file of [
      'out/main/index.js.map',
      'out/renderer/assets/index-abc.js.map',
      '../shared/fixtures/minidumps/manifest.json',
      'out/node/candor.js',
      'main/index.ts',
    ]) {
      expect(packaged(file), file).toBe(false);
    }
  });

  it('hardens the Electron fuses', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableCookieEncryption: true,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
    expect(config.asar).toBe(true);
  });

  it('builds per-user NSIS, DMG and ZIP with the hardened runtime, AppImage, deb and rpm; publishes nothing', () => {
    expect(config).toMatchObject({
      nsis: { oneClick: false, perMachine: false, include: 'build/installer.nsh' },
      mac: { hardenedRuntime: true, entitlements: 'build/entitlements.mac.plist', notarize: true },
      linux: { target: ['AppImage', 'deb', 'rpm'], icon: 'build/icon.png' },
      publish: null,
    });
    expect(JSON.stringify(config.mac)).toContain('dmg');
    expect(JSON.stringify(config.mac)).toContain('zip');
    expect(String(config.artifactName)).toMatch(/\$\{version\}.*\$\{arch\}/);
    expect(readFileSync('build/installer.nsh', 'utf8')).toContain('customUnInstall');
  });
});

describe('the release workflow', () => {
  it('is valid YAML that tests and builds installers on Windows, macOS and Linux', () => {
    const workflow = parse(readFileSync('.github/workflows/release.yml', 'utf8')) as {
      jobs: Record<string, { strategy: { matrix: { os: string[] } }; steps: { run?: string; uses?: string }[] }>;
    };
    const job = Object.values(workflow.jobs)[0];
    expect(job?.strategy.matrix.os.sort()).toEqual(['macos-latest', 'ubuntu-latest', 'windows-latest']);
    const runs = (job?.steps ?? []).map((step) => step.run ?? step.uses ?? '');
    expect(runs).toContain('npm test');
    expect(runs).toContain('npm run dist');
    // npm test holds the Electron suite; on Linux it runs under Xvfb.
    expect(runs).toContain('xvfb-run --auto-servernum npm test');
    expect(runs.some((run) => run.startsWith('actions/upload-artifact'))).toBe(true);
  });
});

describe('one name for the app everywhere', () => {
  it("package.json's productName is Electron's app.name, so the app keeps its data where the CLI and README say", () => {
    // Electron's app.getName(): "the current application's name, which is the name in the
    // application's package.json file. Usually the name field of package.json is a short
    // lowercase name [...] you should usually also specify a productName field, which is your
    // application's full capitalized name, and which will be preferred over name by Electron."
    const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as { name: string; productName?: string };
    const electronAppName = packageJson.productName ?? packageJson.name;
    expect(electronAppName).toBe(PRODUCT_NAME);
    expect(path.basename(candorHome({}, 'linux', '/home/ann'))).toBe(electronAppName);
    expect(config.productName).toBe(electronAppName);
    // The Linux desktop entry's window class is the app's name, as Electron sets it.
    expect(JSON.stringify(config.linux)).toContain(`"StartupWMClass":"${electronAppName}"`);
  });
});
