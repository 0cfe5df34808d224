import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AppInfo } from '../../contract/app-info';
import { forkNodeCollector } from '../../main/diagnostics/collect-in-child';
import { createServices, type Services } from '../../main/services';
import { builtFile } from './built';

/**
 * The real services, as the desktop app and the bridge build them, over a fresh data folder
 * (left in the system temp folder) and the built collector process.
 */
export function createTestServices(transport: AppInfo['transport'], dataDir?: string): Services {
  return createServices({
    transport,
    dataDir: dataDir ?? mkdtempSync(path.join(tmpdir(), 'candor-services-')),
    startCollector: () => forkNodeCollector(builtFile('node/collector.js')),
  });
}
