import { spawnSync } from 'node:child_process';

/**
 * Runs npm or npx and returns its exit status. On Windows they are `npm.cmd` and `npx.cmd`,
 * which spawn does not find without a shell, and which Node (since 20.12.2, CVE-2024-27980)
 * refuses to run without `shell: true`.
 */
export function runTool(command, args, platform = process.platform, spawn = spawnSync, env = process.env) {
  const result = spawn(command, args, { stdio: 'inherit', shell: platform === 'win32', env });
  return result.status ?? 1;
}

/** Signing and notarisation settings electron-builder reads from the environment. */
export const SIGNING_VARIABLES = ['CSC_LINK', 'CSC_KEY_PASSWORD', 'APPLE_ID', 'APPLE_APP_SPECIFIC_PASSWORD', 'APPLE_TEAM_ID'];

/**
 * The environment without signing settings that are set but empty: a CI secret that does not
 * exist arrives as '', and electron-builder takes CSC_LINK='' for a certificate to use.
 */
export function withoutEmptySigning(env) {
  return Object.fromEntries(Object.entries(env).filter(([name, value]) => !(SIGNING_VARIABLES.includes(name) && value === '')));
}
