import { spawnSync } from 'node:child_process';

/**
 * Runs npm or npx and returns its exit status. On Windows they are `npm.cmd` and `npx.cmd`,
 * which spawn does not find without a shell, and which Node (since 20.12.2, CVE-2024-27980)
 * refuses to run without `shell: true`.
 */
export function runTool(command, args, platform = process.platform, spawn = spawnSync) {
  const result = spawn(command, args, { stdio: 'inherit', shell: platform === 'win32' });
  return result.status ?? 1;
}
