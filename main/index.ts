import { startElectronShell } from './electron/shell';
import { createServices } from './services';

startElectronShell(createServices({ transport: 'ipc' }));
