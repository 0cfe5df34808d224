import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AppInfo } from '../../contract/app-info';
import { forkNodeCollector } from '../../main/diagnostics/collect-in-child';
import type { Destination } from '../../contract/destination';
import { Destinations, SETTINGS_FILE } from '../../main/destination/destinations';
import { createServices, type Services } from '../../main/services';
import { builtFile } from './built';

/**
 * The real services, as the desktop app and the bridge build them, over a fresh data folder
 * (left in the system temp folder) and the built collector process.
 */
export function createTestServices(transport: AppInfo['transport'], dataDir?: string, destination?: Destination): Services {
  const home = dataDir ?? mkdtempSync(path.join(tmpdir(), 'candor-services-'));
  return createServices({
    transport,
    dataDir: home,
    startCollector: () => forkNodeCollector(builtFile('node/collector.js')),
    destinations: new Destinations({
      settingsFile: path.join(home, SETTINGS_FILE),
      ...(destination === undefined ? {} : { commandLine: destination }),
    }),
  });
}
