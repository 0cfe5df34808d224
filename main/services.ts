import os from 'node:os';
import path from 'node:path';
import type { AppInfo } from '../contract/app-info';
import type { DiagnosticsSnapshot } from '../contract/diagnostics';
import { ApiEventHub } from './api/event-hub';
import { createApiHandlers, type ApiHandlers } from './api/handlers';
import { readAppInfo } from './app-info';
import { CrashStore } from './capture/crash-store';
import { Destinations, SETTINGS_FILE } from './destination/destinations';
import { COLLECTION_DEADLINE_MS, collectInChildProcess, type CollectorChannel } from './diagnostics/collect-in-child';
import { Outbox } from './outbox/outbox';
import { ConsentLedger } from './privacy/consent';
import { seedPrivacyPolicy } from './privacy/privacy-policy';
import { YourData } from './privacy/your-data';
import type { PrivacyPolicy } from '../contract/privacy-policy';
import { PRODUCT_NAME, PRODUCT_VERSION } from './product';
import { ReportFlow } from './report/report-flow';

export interface Services {
  events: ApiEventHub;
  crashes: CrashStore;
  handlers: ApiHandlers;
  reports: ReportFlow;
  destinations: Destinations;
  yourData: YourData;
  privacyPolicy: PrivacyPolicy;
  /** Sends what is due in the outbox; the shells call it on a timer, so retries happen. */
  flushOutbox: () => Promise<void>;
}

export interface ServiceOptions {
  transport: AppInfo['transport'];
  /** Where Candor keeps its data (CANDOR_HOME or the per-user data folder). */
  dataDir: string;
  /** Starts a diagnostics collector process: a Node child process, or an Electron utility process. */
  startCollector: () => CollectorChannel;
  /** Where reports go; by default only what the user sets in Settings (in `dataDir`). */
  destinations?: Destinations;
  /** The policy the user agrees under; Candor's own unless the vendor ships one. */
  privacyPolicy?: PrivacyPolicy;
  /** Where "Export everything" writes: the desktop app asks with a save dialog; by default `exports/` in `dataDir`. */
  chooseExportFile?: (suggestedName: string) => Promise<string | null>;
  /** The system's preferred languages, which the UI speaks in when it can (the desktop app asks Electron). */
  preferredLanguages?: readonly string[];
  /** Where a failure that has no caller to go to is told. */
  onError?: (message: string) => void;
}

/** Plain constructor wiring, shared by the desktop app and the HTTP bridge. */
export function createServices(options: ServiceOptions): Services {
  const events = new ApiEventHub();
  const onError = options.onError ?? ((message: string) => process.stderr.write(`candor: ${message}\n`));
  // The flow is made after the store it reads; the store's events reach it once it exists.
  const flow: { reports?: ReportFlow } = {};
  const crashes = new CrashStore(path.join(options.dataDir, 'crashes'), {
    onRecorded: (event) => flow.reports?.crashRecorded(event),
  });
  const startedAtMs = Date.now() - process.uptime() * 1000;
  // Electron's typings declare electron and chrome always present; outside Electron they are not.
  const runtime: Partial<Record<string, string>> = process.versions;
  const versions = {
    node: process.versions.node,
    v8: process.versions.v8,
    ...(runtime.electron === undefined ? {} : { electron: runtime.electron }),
    ...(runtime.chrome === undefined ? {} : { chrome: runtime.chrome }),
  };
  const appInfo = readAppInfo({
    name: PRODUCT_NAME,
    version: PRODUCT_VERSION,
    transport: options.transport,
    versions,
    platform: process.platform,
    arch: process.arch,
    preferredLanguages: options.preferredLanguages,
  });
  const collectDiagnostics = (): Promise<DiagnosticsSnapshot> =>
    collectInChildProcess(
      {
        dataDir: options.dataDir,
        cacheFile: path.join(options.dataDir, 'cache', 'diagnostics-static.json'),
        app: {
          name: PRODUCT_NAME,
          version: PRODUCT_VERSION,
          versions,
          startedAtMs,
        },
        deadlineMs: COLLECTION_DEADLINE_MS,
      },
      options.startCollector,
    );
  const privacyPolicy = options.privacyPolicy ?? seedPrivacyPolicy();
  const consent = new ConsentLedger(path.join(options.dataDir, 'consent', 'ledger.jsonl'), undefined, privacyPolicy.version);
  const outbox = new Outbox(path.join(options.dataDir, 'outbox'));
  outbox.recover();
  const destinations = options.destinations ?? new Destinations({ settingsFile: path.join(options.dataDir, SETTINGS_FILE) });
  const reports = new ReportFlow({
    crashes,
    consent,
    outbox,
    collectDiagnostics,
    destinations,
    reportsDir: path.join(options.dataDir, 'reports'),
    app: { name: PRODUCT_NAME, version: PRODUCT_VERSION },
    privacyPolicy,
    identity: { userName: os.userInfo().username, homeDir: os.homedir(), hostName: os.hostname() },
    onCrashNeedsDecision: (crash) => events.emit('onCrashPending', crash),
    onSentAutomatically: (notice) => events.emit('onReportSentAutomatically', notice),
    onError,
  });
  flow.reports = reports;
  const flushOutbox = async (): Promise<void> => {
    await reports.sendDue();
  };
  const yourData = new YourData({
    dataDir: options.dataDir,
    outbox,
    chooseExportFile: options.chooseExportFile ?? ((name) => Promise.resolve(path.join(options.dataDir, 'exports', name))),
    onDeleted: () => reports.forgetDrafts(),
  });
  const handlers = createApiHandlers({ appInfo: () => appInfo, crashes, reports, yourData, privacyPolicy });
  return { events, crashes, handlers, reports, destinations, yourData, privacyPolicy, flushOutbox };
}
