import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/temp-dir';

const tempDir = useTempDirs();

describe('npm run dist', () => {
  it('fails at once with a one-line reason where the Electron binary cannot be had', async () => {
    // An empty override folder stands for a machine without the binary, wherever the test runs.
    const result = spawnSync(process.execPath, ['scripts/dist.mjs'], {
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: await tempDir() },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^candor: cannot build installers: .*Electron binary/);
  });
});
