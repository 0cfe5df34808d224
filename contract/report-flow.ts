import { z } from 'zod';
import { ConsentRecordSchema } from './consent';
import { MinidumpSummarySchema } from './minidump';
import { ReceiptSchema } from './receipt';
import { AttachmentSchema, ReportSchema, reportSections } from './report';

/** What the user chose on the dialog; every change rebuilds the bytes and their digest. */
export const ReportChoicesSchema = z.strictObject({
  /** The crash to report, or null to "Report a problem" with no crash. */
  crashId: z.uuid().nullable(),
  comment: z.string().max(10_000),
  /** Empty when the user typed none. */
  email: z.union([z.literal(''), z.email()]),
  exclude: z.array(z.enum(reportSections)),
  minidump: z.enum(['full', 'stack-only']),
});

/** Exactly what would be sent: the bytes, their digest, and each attachment in readable form. */
export const ReportPreviewSchema = z.object({
  reportId: z.uuid(),
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
});

export const rememberChoices = ['no', 'always-this-version', 'always-30-days', 'never-ask'] as const;
export const RememberChoiceSchema = z.enum(rememberChoices);

export const SendRequestSchema = z.strictObject({ sha256: z.string().regex(/^[0-9a-f]{64}$/), remember: RememberChoiceSchema });
export const DontSendRequestSchema = z.strictObject({
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .nullable(),
  crashId: z.uuid().nullable(),
  remember: RememberChoiceSchema,
});

export const SendResultSchema = z.object({
  reportId: z.uuid(),
  sha256: z.string(),
  status: z.enum(['sent', 'queued', 'failed']),
  receipt: ReceiptSchema.optional(),
  reason: z.string().optional(),
});

export const HistoryEntrySchema = z.object({
  reportId: z.uuid(),
  sha256: z.string(),
  status: z.enum(['queued', 'sending', 'sent', 'failed']),
  queuedAt: z.iso.datetime(),
  receipt: ReceiptSchema.optional(),
  reason: z.string().optional(),
});

export const HistorySchema = z.object({ reports: z.array(HistoryEntrySchema), decisions: z.array(ConsentRecordSchema) });

export const SettingsSchema = z.object({
  endpoint: z.string().nullable(),
  consentMode: z.enum(['ask', 'always-send', 'never-ask']),
  privacyPolicyVersion: z.string(),
  outboxLimitReports: z.number().int(),
  keepUnsentDays: z.number().int(),
});

export const WithdrawResultSchema = z.object({
  removedFromOutbox: z.number().int().nonnegative(),
  deletions: z.array(z.object({ reportId: z.string(), ok: z.boolean(), reason: z.string() })),
});

export const DeleteRequestSchema = z.strictObject({ reportId: z.uuid(), where: z.enum(['local', 'server']) });
export const DeleteResultSchema = z.object({ ok: z.boolean(), reason: z.string() });

export const ExportResultSchema = z.object({ fileName: z.string(), zipBase64: z.base64() });

export type ReportChoices = z.infer<typeof ReportChoicesSchema>;
export type ReportPreview = z.infer<typeof ReportPreviewSchema>;
export type RememberChoice = z.infer<typeof RememberChoiceSchema>;
export type SendResult = z.infer<typeof SendResultSchema>;
export type History = z.infer<typeof HistorySchema>;
export type Settings = z.infer<typeof SettingsSchema>;
export type WithdrawResult = z.infer<typeof WithdrawResultSchema>;
