// `npm start`: builds and runs the desktop app, or says in one line why it cannot.
import { spawnSync } from 'node:child_process';
import { findElectronBinary } from './electron-binary.mjs';

const electron = findElectronBinary();
if ('missing' in electron) {
  process.stderr.write(`candor: cannot start the desktop app: ${electron.missing}; use \`npm run preview\` for the UI in a browser.\n`);
  process.exit(1);
}
const result = spawnSync('npx', ['electron-vite', 'preview'], { stdio: 'inherit' });
process.exit(result.status ?? 1);
