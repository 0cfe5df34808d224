import { z } from 'zod';
import { IdSchema } from './ids';
import { AppInfoSchema } from './app-info';
import { DiagnosticsSnapshotSchema } from './diagnostics';
import { CrashEventSchema, RendererErrorSchema } from './crash-event';
import { DestinationSchema, DestinationViewSchema } from './destination';
import { PrivacyPolicySchema } from './privacy-policy';
import {
  AutomaticSendNoticeSchema,
  ConsentModeChoiceSchema,
  DeleteRequestSchema,
  DeleteResultSchema,
  DontSendRequestSchema,
  ExportLocalDataResultSchema,
  ExportResultSchema,
  HistorySchema,
  LocalDataSummarySchema,
  ReportChoicesSchema,
  ReportPreviewSchema,
  SendRequestSchema,
  SendResultSchema,
  ServerCopyCheckSchema,
  ServerDeletionsSchema,
  SettingsSchema,
  WithdrawResultSchema,
} from './report-flow';

/**
 * The one API the UI sees as `window.candor`. Calls are declared here as schemas;
 * the `CandorApi` type, the channel names and the validation on both sides derive from them.
 */
export const apiCalls = {
  getAppInfo: { args: z.tuple([]), result: AppInfoSchema },
  getPendingCrash: { args: z.tuple([]), result: CrashEventSchema.nullable() },
  dismissPendingCrash: { args: z.tuple([IdSchema]), result: z.boolean() },
  collectDiagnostics: { args: z.tuple([]), result: DiagnosticsSnapshotSchema },
  reportRendererError: { args: z.tuple([RendererErrorSchema]), result: z.null() },
  previewReport: { args: z.tuple([ReportChoicesSchema]), result: ReportPreviewSchema },
  sendReport: { args: z.tuple([SendRequestSchema]), result: SendResultSchema },
  dontSend: { args: z.tuple([DontSendRequestSchema]), result: z.null() },
  getHistory: { args: z.tuple([]), result: HistorySchema },
  getSettings: { args: z.tuple([]), result: SettingsSchema },
  withdrawConsent: { args: z.tuple([]), result: WithdrawResultSchema },
  deleteReport: { args: z.tuple([DeleteRequestSchema]), result: DeleteResultSchema },
  exportReport: { args: z.tuple([IdSchema]), result: ExportResultSchema },
  setDestination: { args: z.tuple([DestinationSchema.nullable()]), result: DestinationViewSchema.nullable() },
  setConsentMode: { args: z.tuple([ConsentModeChoiceSchema]), result: SettingsSchema },
  retryReport: { args: z.tuple([IdSchema]), result: HistorySchema },
  approveNewDestination: { args: z.tuple([IdSchema]), result: HistorySchema },
  checkServerCopy: { args: z.tuple([IdSchema]), result: ServerCopyCheckSchema },
  getPrivacyPolicy: { args: z.tuple([]), result: PrivacyPolicySchema },
  getLocalData: { args: z.tuple([]), result: LocalDataSummarySchema },
  exportLocalData: { args: z.tuple([]), result: ExportLocalDataResultSchema },
  deleteLocalData: { args: z.tuple([]), result: LocalDataSummarySchema },
  askServersToDelete: { args: z.tuple([]), result: ServerDeletionsSchema },
} as const satisfies Record<string, { args: z.ZodTuple; result: z.ZodType }>;

/** Events pushed from the services to the UI; each subscription returns its unsubscribe function. */
export const apiEvents = {
  onCrashPending: CrashEventSchema,
  onReportSentAutomatically: AutomaticSendNoticeSchema,
} as const satisfies Record<`on${string}`, z.ZodType>;

export type ApiCallName = keyof typeof apiCalls;
export type ApiEventName = keyof typeof apiEvents;

export type ApiCallArgs<K extends ApiCallName> = z.infer<(typeof apiCalls)[K]['args']>;
export type ApiCallResult<K extends ApiCallName> = z.infer<(typeof apiCalls)[K]['result']>;
export type ApiEventPayload<K extends ApiEventName> = z.infer<(typeof apiEvents)[K]>;

export type Unsubscribe = () => void;

export type CandorApi = {
  [K in ApiCallName]: (...args: ApiCallArgs<K>) => Promise<ApiCallResult<K>>;
} & {
  [K in ApiEventName]: (listener: (payload: ApiEventPayload<K>) => void) => Unsubscribe;
};

export const API_CHANNEL_PREFIX = 'candor:';

export function channelOf(name: ApiCallName | ApiEventName): `candor:${ApiCallName | ApiEventName}` {
  return `${API_CHANNEL_PREFIX}${name}`;
}

export const apiCallNames = Object.keys(apiCalls) as ApiCallName[];
export const apiEventNames = Object.keys(apiEvents) as ApiEventName[];

export function isApiCallName(value: string): value is ApiCallName {
  return Object.hasOwn(apiCalls, value);
}

export function isApiEventName(value: string): value is ApiEventName {
  return Object.hasOwn(apiEvents, value);
}
