import type { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { runTool, withoutEmptySigning } from '../../scripts/run-tool.mjs';

/** Records how a tool was spawned, as spawnSync would be called. */
function recordingSpawn() {
  const seen: { command: string; options: unknown }[] = [];
  const spawn = ((command: string, _args: string[], options: unknown) => {
    seen.push({ command, options });
    return { status: 0 };
  }) as unknown as typeof spawnSync;
  return { seen, spawn };
}

describe('npm start and npm run dist run npm and npx', () => {
  it('through a shell on Windows, where npm is npm.cmd and Node refuses a .cmd without one', () => {
    const { seen, spawn } = recordingSpawn();
    expect(runTool('npx', ['electron-builder'], 'win32', spawn)).toBe(0);
    expect(seen).toEqual([{ command: 'npx', options: { stdio: 'inherit', shell: true, env: process.env } }]);
  });

  it('directly elsewhere', () => {
    const { seen, spawn } = recordingSpawn();
    runTool('npm', ['run', 'build'], 'linux', spawn);
    runTool('npm', ['run', 'build'], 'darwin', spawn);
    expect(seen.map((call) => call.options)).toEqual([
      { stdio: 'inherit', shell: false, env: process.env },
      { stdio: 'inherit', shell: false, env: process.env },
    ]);
  });
});

describe('npm run dist', () => {
  it("leaves out signing secrets that CI set to '' because they do not exist, which electron-builder would take as set", () => {
    const env = withoutEmptySigning({ CSC_LINK: '', CSC_KEY_PASSWORD: '', APPLE_ID: 'dev@example.com', PATH: '/usr/bin' });
    expect(env).toEqual({ APPLE_ID: 'dev@example.com', PATH: '/usr/bin' });
  });
});
