import { z } from 'zod';
import { IdSchema } from './ids';
import { CRASH_ERROR_LIMITS, crashKinds } from './crash-event';
import { DiagnosticsSnapshotSchema } from './diagnostics';

/** Parts of a report the user may leave out. */
export const reportSections = ['hardware', 'browsers', 'dotnet', 'logs', 'minidump', 'email'] as const;
export type ReportSection = (typeof reportSections)[number];

export const redactionKindNames = [
  'user-name',
  'home-folder',
  'host-name',
  'email',
  'person-name',
  'ip-address',
  'mac-address',
  'credential',
  'token',
  'card-number',
] as const;

/**
 * How much longer redaction can make a text: the shortest value it replaces grows by at most this
 * factor (a one-letter user name in /home/a becomes <user>). Limits on what a person or a program
 * gives are checked before redaction; the report's own limits leave room for the growth.
 */
export const REDACTION_GROWTH = 8;
/** The longest comment a user may type. */
export const MAX_COMMENT_CHARS = 10_000;

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 digest in lowercase hex');

export const AttachmentSchema = z.strictObject({
  /** The file name inside the bundle's attachments/ folder and in the upload. */
  name: z.string().regex(/^[A-Za-z0-9][\w.-]{0,99}$/, 'a plain file name'),
  kind: z.enum(['minidump', 'log']),
  contentType: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  sha256: Sha256Schema,
  /** Minidumps: sent whole, or reduced to thread stacks and modules. */
  variant: z.enum(['full', 'stack-only']).optional(),
});

/**
 * A report as it is sent: `candor.report/1`. Its canonical serialisation is the exact bytes the
 * user sees and approves; because every attachment is listed with its SHA-256, the digest of
 * those bytes binds the attachments too.
 */
export const ReportSchema = z.strictObject({
  schema: z.literal('candor.report/1'),
  id: IdSchema,
  createdAt: z.iso.datetime(),
  app: z.strictObject({ name: z.string().min(1), version: z.string().min(1) }),
  crash: z
    .strictObject({
      kind: z.enum(crashKinds),
      processType: z.string(),
      occurredAt: z.iso.datetime(),
      lastOccurredAt: z.iso.datetime(),
      count: z.number().int().positive(),
      signature: z.string(),
      error: z
        .strictObject({
          name: z.string().max(CRASH_ERROR_LIMITS.name * REDACTION_GROWTH),
          message: z.string().max(CRASH_ERROR_LIMITS.message * REDACTION_GROWTH),
          stack: z
            .string()
            .max(CRASH_ERROR_LIMITS.stack * REDACTION_GROWTH)
            .optional(),
        })
        .optional(),
      exit: z.strictObject({ reason: z.string(), exitCode: z.number().int() }).optional(),
    })
    .optional(),
  system: DiagnosticsSnapshotSchema,
  user: z.strictObject({
    comment: z
      .string()
      .max(MAX_COMMENT_CHARS * REDACTION_GROWTH)
      .optional(),
    email: z.email().optional(),
  }),
  attachments: z.array(AttachmentSchema),
  redactions: z.array(z.strictObject({ kind: z.enum(redactionKindNames), count: z.number().int().positive() })),
  excluded: z.array(z.enum(reportSections)),
  privacyPolicyVersion: z.string().min(1),
  /** The privacy manifest (contract/privacy-manifest.ts) the report was built under; reports from before it have none. */
  privacyManifestVersion: z.string().min(1).optional(),
});

export type Attachment = z.infer<typeof AttachmentSchema>;
export type Report = z.infer<typeof ReportSchema>;
