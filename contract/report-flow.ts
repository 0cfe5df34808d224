import { z } from 'zod';
import { IdSchema } from './ids';
import { AutomaticChoicesSchema, ConsentRecordSchema } from './consent';
import { crashKinds } from './crash-event';
import { DestinationViewSchema, uploadProtocols } from './destination';
import { MinidumpSummarySchema } from './minidump';
import { NoticeSchema } from './notice';
import { ReceiptSchema } from './receipt';
import { AttachmentSchema, MAX_COMMENT_CHARS, ReportSchema, reportSections } from './report';

/** What the user chose on the dialog; every change rebuilds the bytes and their digest. */
export const ReportChoicesSchema = z.strictObject({
  /** The crash to report, or null to "Report a problem" with no crash. */
  crashId: IdSchema.nullable(),
  comment: z.string().max(MAX_COMMENT_CHARS),
  /** Empty when the user typed none. */
  email: z.union([z.literal(''), z.email()]),
  exclude: z.array(z.enum(reportSections)),
  minidump: z.enum(['full', 'stack-only']),
});

/** Exactly what would be sent: the bytes, their digest, and each attachment in readable form. */
export const ReportPreviewSchema = z.object({
  reportId: IdSchema,
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  sizeBytes: z.number().int().nonnegative(),
  bytes: z.string(),
  report: ReportSchema,
  attachments: z.array(
    AttachmentSchema.extend({
      /** A log as text. */
      text: z.string().optional(),
      /** The first bytes of a binary attachment, as hex. */
      hexPreview: z.string().optional(),
    }),
  ),
  minidump: MinidumpSummarySchema.optional(),
  privacyPolicyVersion: z.string(),
  /** Where Send would send these bytes; null when no destination is set. */
  destination: DestinationViewSchema.nullable(),
});

export const rememberChoices = ['no', 'always-this-version', 'always-30-days', 'never-ask'] as const;
export const RememberChoiceSchema = z.enum(rememberChoices);

export const SendRequestSchema = z.strictObject({
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  remember: RememberChoiceSchema,
  /** With "always send": later crashes carry the full dump too, not only its stacks. */
  rememberFullDump: z.boolean().default(false),
});
export const DontSendRequestSchema = z.strictObject({
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  crashId: IdSchema.nullable(),
  remember: RememberChoiceSchema,
});

/** A report's place in the outbox; a set-aside one has a bundle that can no longer be read. */
export const reportStatuses = ['queued', 'sending', 'sent', 'failed', 'needs-destination', 'needs-approval', 'set-aside'] as const;

export const SendResultSchema = z.object({
  reportId: IdSchema,
  sha256: z.string(),
  status: z.enum(reportStatuses),
  receipt: ReceiptSchema.optional(),
  reason: NoticeSchema.optional(),
});

/**
 * A report's state as History shows it now: its place in the outbox while it is there, then sent,
 * deleted from the server (the server confirmed it), or withdrawn (consent was withdrawn before
 * it was sent).
 */
export const historyStates = [
  'waiting',
  'sending',
  'sent',
  'failed',
  'needs-destination',
  'needs-approval',
  'set-aside',
  'deleted-from-server',
  'withdrawn',
] as const;
export type HistoryState = (typeof historyStates)[number];

export const HistoryEntrySchema = z.object({
  reportId: IdSchema,
  sha256: z.string(),
  state: z.enum(historyStates),
  /** When the user said yes to these bytes. */
  approvedAt: z.iso.datetime(),
  /** Where the user approved it going. */
  destination: z.object({ protocol: z.string(), host: z.string() }),
  /** What the report is about, from its own bytes; absent once no copy is kept here. */
  app: z.object({ name: z.string(), version: z.string() }).optional(),
  crash: z.object({ kind: z.enum(crashKinds), processType: z.string(), count: z.number().int().positive() }).optional(),
  receipt: ReceiptSchema.optional(),
  /** Why it is not sent (a failure, or why it was set aside). */
  reason: NoticeSchema.optional(),
  deletedAt: z.iso.datetime({ offset: true }).optional(),
  /** A copy is kept on this computer, so it can be exported or deleted here. */
  localCopy: z.boolean(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

/** A crash Candor recorded, whatever became of it: asked about, sent by "always send", or kept under "never ask". */
export const CrashHistoryEntrySchema = z.object({
  id: IdSchema,
  occurredAt: z.iso.datetime(),
  count: z.number().int().positive(),
  kind: z.enum(crashKinds),
  processType: z.string(),
  app: z.object({ name: z.string(), version: z.string() }),
  status: z.enum(['pending', 'dismissed', 'reported', 'not-asked']),
  reportId: IdSchema.optional(),
});

export const HistorySchema = z.object({
  reports: z.array(HistoryEntrySchema),
  crashes: z.array(CrashHistoryEntrySchema),
  decisions: z.array(ConsentRecordSchema),
});

export const consentModeChoices = ['ask', 'always-this-version', 'always-30-days', 'never-ask'] as const;
export const ConsentModeChoiceSchema = z.enum(consentModeChoices);

export const SettingsSchema = z.object({
  destination: DestinationViewSchema.nullable(),
  consentMode: z.enum(['ask', 'always-send', 'never-ask']),
  /** For "always send": until when, or for which app version, and what it sends. */
  alwaysSend: z
    .object({ until: z.iso.datetime().optional(), appVersion: z.string().optional(), choices: AutomaticChoicesSchema })
    .optional(),
  privacyPolicyVersion: z.string(),
  outboxLimitReports: z.number().int(),
  keepUnsentDays: z.number().int(),
});

/** Said after a report went out under "always send", so the user knows what left and where. */
export const AutomaticSendNoticeSchema = z.object({
  reportId: IdSchema,
  crashId: IdSchema,
  app: z.object({ name: z.string(), version: z.string() }),
  status: z.enum(reportStatuses),
  destination: DestinationViewSchema,
});

export const ServerCopyCheckSchema = z.object({
  reportId: IdSchema,
  approvedSha256: z.string(),
  /** Present when the server's copy could be fetched. */
  serverSha256: z.string().optional(),
  sizeBytes: z.number().int().nonnegative().optional(),
  identical: z.boolean(),
  reason: NoticeSchema,
});

/** What each server that received a report answered when asked to delete it. */
export const ServerDeletionsSchema = z.array(z.object({ reportId: z.string(), ok: z.boolean(), reason: NoticeSchema }));

export const WithdrawResultSchema = z.object({
  removedFromOutbox: z.number().int().nonnegative(),
  /** Copies of reports kept on this computer that never reached a server, deleted. */
  removedLocalCopies: z.number().int().nonnegative(),
  deletions: ServerDeletionsSchema,
});

/** The parts of what Candor keeps on this computer ("Your data" in Settings). */
export const localDataParts = [
  'reports',
  'outbox',
  'receipts',
  'server-deletions',
  'consent',
  'crashes',
  'inbox',
  'diagnostics-cache',
  'minidumps-taken',
] as const;
export type LocalDataPart = (typeof localDataParts)[number];

export const LocalDataSummarySchema = z.object({
  parts: z.array(z.object({ part: z.enum(localDataParts), files: z.number().int().nonnegative(), bytes: z.number().int().nonnegative() })),
  /** Each server that received a report: how many, and how long it said it keeps them (null: it did not say). */
  servers: z.array(
    z.object({
      host: z.string(),
      protocol: z.enum(uploadProtocols),
      reports: z.number().int().positive(),
      retentionDays: z.number().int().positive().nullable(),
    }),
  ),
});
export type LocalDataSummary = z.infer<typeof LocalDataSummarySchema>;

/** Where the export was written; null when the user cancelled choosing a place. */
export const ExportLocalDataResultSchema = z
  .object({ file: z.string(), sizeBytes: z.number().int().nonnegative(), files: z.number().int().nonnegative() })
  .nullable();
export type ExportLocalDataResult = NonNullable<z.infer<typeof ExportLocalDataResultSchema>>;

export const DeleteRequestSchema = z.strictObject({ reportId: IdSchema, where: z.enum(['local', 'server']) });
export const DeleteResultSchema = z.object({ ok: z.boolean(), reason: NoticeSchema });

export const ExportResultSchema = z.object({ fileName: z.string(), zipBase64: z.base64() });

export type ReportChoices = z.infer<typeof ReportChoicesSchema>;
export type ReportPreview = z.infer<typeof ReportPreviewSchema>;
export type RememberChoice = z.infer<typeof RememberChoiceSchema>;
export type SendResult = z.infer<typeof SendResultSchema>;
export type History = z.infer<typeof HistorySchema>;
export type Settings = z.infer<typeof SettingsSchema>;
export type WithdrawResult = z.infer<typeof WithdrawResultSchema>;
export type ServerDeletions = z.infer<typeof ServerDeletionsSchema>;
export type ConsentModeChoice = z.infer<typeof ConsentModeChoiceSchema>;
export type AutomaticSendNotice = z.infer<typeof AutomaticSendNoticeSchema>;
export type ServerCopyCheck = z.infer<typeof ServerCopyCheckSchema>;
export type CrashHistoryEntry = z.infer<typeof CrashHistoryEntrySchema>;
