// `npm start`: builds and runs the desktop app, or says in one line why it cannot.
import { findElectronBinary } from './electron-binary.mjs';
import { runTool } from './run-tool.mjs';

const electron = findElectronBinary();
if ('missing' in electron) {
  process.stderr.write(`candor: cannot start the desktop app: ${electron.missing}; use \`npm run preview\` for the UI in a browser.\n`);
  process.exit(1);
}
process.exit(runTool('npx', ['electron-vite', 'preview']));
