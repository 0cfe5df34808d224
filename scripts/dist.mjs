// `npm run dist`: builds the installer for this platform, or says in one line why it cannot.
import { spawnSync } from 'node:child_process';
import { findElectronBinary } from './electron-binary.mjs';

const electron = findElectronBinary();
if ('missing' in electron) {
  process.stderr.write(`candor: cannot build installers: ${electron.missing}; electron-builder packages that binary.\n`);
  process.exit(1);
}
for (const [command, args] of [
  ['npm', ['run', 'build']],
  ['npx', ['electron-builder', '--publish', 'never']],
]) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
