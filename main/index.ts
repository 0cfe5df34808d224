import { startElectronShell } from './electron/shell';
import { createServices } from './services';

startElectronShell((platform) => createServices({ transport: 'ipc', ...platform }));
