import type { AppInfo } from '../contract/app-info';
import { ApiEventHub } from './api/event-hub';
import { createApiHandlers, type ApiHandlers } from './api/handlers';
import { readAppInfo } from './app-info';
import { PendingCrashes } from './capture/pending-crashes';
import { PRODUCT_NAME, PRODUCT_VERSION } from './product';

export interface Services {
  events: ApiEventHub;
  pendingCrashes: PendingCrashes;
  handlers: ApiHandlers;
}

export interface ServiceOptions {
  transport: AppInfo['transport'];
}

/** Plain constructor wiring, shared by the desktop app and the HTTP bridge. */
export function createServices(options: ServiceOptions): Services {
  const events = new ApiEventHub();
  const pendingCrashes = new PendingCrashes(events);
  const appInfo = readAppInfo({
    name: PRODUCT_NAME,
    version: PRODUCT_VERSION,
    transport: options.transport,
    versions: process.versions,
    platform: process.platform,
    arch: process.arch,
  });
  const handlers = createApiHandlers({ appInfo: () => appInfo, pendingCrashes });
  return { events, pendingCrashes, handlers };
}
