import path from 'node:path';

/**
 * Where Candor keeps its data: `CANDOR_HOME` when set, else the platform's per-user data folder
 * (the same folder Electron's `app.getPath('userData')` gives for "Candor").
 */
export function candorHome(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, homeDir: string): string {
  if (env.CANDOR_HOME !== undefined && env.CANDOR_HOME !== '') return path.resolve(env.CANDOR_HOME);
  if (platform === 'win32') return path.win32.join(env.APPDATA ?? path.win32.join(homeDir, 'AppData', 'Roaming'), 'Candor');
  if (platform === 'darwin') return path.posix.join(homeDir, 'Library', 'Application Support', 'Candor');
  return path.posix.join(env.XDG_CONFIG_HOME ?? path.posix.join(homeDir, '.config'), 'Candor');
}
