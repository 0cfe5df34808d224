import type { ApiCallArgs, ApiCallName, ApiCallResult } from '../../contract/api';
import type { AppInfo } from '../../contract/app-info';
import type { CrashStore } from '../capture/crash-store';
import type { ReportFlow } from '../report/report-flow';
import type { YourData } from '../privacy/your-data';
import type { PrivacyPolicy } from '../../contract/privacy-policy';

/** One function per API call; Electron IPC and the HTTP bridge both serve this table. */
export type ApiHandlers = {
  [K in ApiCallName]: (...args: ApiCallArgs<K>) => Promise<ApiCallResult<K>>;
};

export interface ApiServices {
  appInfo: () => AppInfo;
  crashes: CrashStore;
  reports: ReportFlow;
  yourData: YourData;
  privacyPolicy: PrivacyPolicy;
}

export function createApiHandlers(services: ApiServices): ApiHandlers {
  return {
    getAppInfo: () => Promise.resolve(services.appInfo()),
    getPendingCrash: () => Promise.resolve(services.crashes.pending()[0] ?? null),
    dismissPendingCrash: (id) => {
      const pending = services.crashes.pending().some((crash) => crash.id === id);
      return Promise.resolve(pending && services.crashes.setStatus(id, 'dismissed'));
    },
    // The session's facts, the same a report carries ("This computer" shows what a report would say).
    collectDiagnostics: () => services.reports.sessionDiagnostics(),
    reportRendererError: ({ kind, error }) => {
      const { name, version } = services.appInfo();
      services.crashes.record({ kind, processType: 'renderer', app: { name, version }, error });
      return Promise.resolve(null);
    },
    previewReport: (choices) => services.reports.preview(choices),
    sendReport: ({ sha256, remember, rememberFullDump }) => services.reports.send(sha256, remember, rememberFullDump),
    dontSend: ({ sha256, crashId, remember }) => {
      services.reports.dontSend(sha256, crashId, remember);
      return Promise.resolve(null);
    },
    getHistory: () => Promise.resolve(services.reports.history()),
    getSettings: () => Promise.resolve(services.reports.settings()),
    withdrawConsent: () => services.reports.withdraw(),
    deleteReport: ({ reportId, where }) => services.reports.deleteReport(reportId, where),
    exportReport: (reportId) => Promise.resolve(services.reports.exportReport(reportId)),
    setDestination: (destination) => Promise.resolve(services.reports.setDestination(destination)),
    setConsentMode: (choice) => Promise.resolve(services.reports.setConsentMode(choice)),
    retryReport: (reportId) => services.reports.retry(reportId),
    approveNewDestination: (reportId) => services.reports.approveNewDestination(reportId),
    checkServerCopy: (reportId) => services.reports.checkServerCopy(reportId),
    getPrivacyPolicy: () => Promise.resolve(services.privacyPolicy),
    getLocalData: () => Promise.resolve(services.yourData.summary()),
    exportLocalData: () => services.yourData.export(),
    deleteLocalData: () => Promise.resolve(services.yourData.deleteAll()),
    askServersToDelete: () => services.yourData.askServersToDelete(),
  };
}
