// `npm run dist`: builds the installer for this platform, or says in one line why it cannot.
import { findElectronBinary } from './electron-binary.mjs';
import { runTool, withoutEmptySigning } from './run-tool.mjs';

const electron = findElectronBinary();
if ('missing' in electron) {
  process.stderr.write(`candor: cannot build installers: ${electron.missing}; electron-builder packages that binary.\n`);
  process.exit(1);
}
for (const [command, args] of [
  ['npm', ['run', 'build']],
  ['npx', ['electron-builder', '--publish', 'never']],
]) {
  const status = runTool(command, args, process.platform, undefined, withoutEmptySigning(process.env));
  if (status !== 0) process.exit(status);
}
