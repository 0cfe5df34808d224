import type { ApiCallArgs, ApiCallName, ApiCallResult } from '../../contract/api';
import type { AppInfo } from '../../contract/app-info';
import type { DiagnosticsSnapshot } from '../../contract/diagnostics';
import type { PendingCrashes } from '../capture/pending-crashes';

/** One function per API call; Electron IPC and the HTTP bridge both serve this table. */
export type ApiHandlers = {
  [K in ApiCallName]: (...args: ApiCallArgs<K>) => Promise<ApiCallResult<K>>;
};

export interface ApiServices {
  appInfo: () => AppInfo;
  pendingCrashes: PendingCrashes;
  collectDiagnostics: () => Promise<DiagnosticsSnapshot>;
}

export function createApiHandlers(services: ApiServices): ApiHandlers {
  return {
    getAppInfo: () => Promise.resolve(services.appInfo()),
    getPendingCrash: () => Promise.resolve(services.pendingCrashes.oldest()),
    dismissPendingCrash: (id) => Promise.resolve(services.pendingCrashes.dismiss(id)),
    collectDiagnostics: () => services.collectDiagnostics(),
  };
}
