import { z } from 'zod';
import { IdSchema } from './ids';
import { redactionKindNames } from './report';
import { ReportPreviewSchema } from './report-flow';
import { StackAnalysisSchema } from './stackwalk';

/** What the report server answers to a support engineer: the review API and its console share these. */

const Sha256Schema = z.string().regex(/^[0-9a-f]{64}$/);

export const StoredReportSchema = z.object({
  id: IdSchema,
  sha256: Sha256Schema,
  receivedAt: z.iso.datetime(),
  appName: z.string(),
  appVersion: z.string(),
  osPlatform: z.string().nullable(),
  /** The operating system's name and release as the report's diagnostics gave them ("Ubuntu 24.04.1 LTS", "24.04"). */
  osName: z.string().nullable(),
  osVersion: z.string().nullable(),
  signature: z.string().nullable(),
  sizeBytes: z.number().int().nonnegative(),
  attachments: z.array(z.object({ name: z.string(), sha256: Sha256Schema, sizeBytes: z.number().int().nonnegative() })),
});

/** A minidump that came in the Breakpad/Crashpad way, with the form fields that came with it. */
export const StoredMinidumpSchema = z.object({
  id: IdSchema,
  receivedAt: z.iso.datetime(),
  /** From the crashReporter fields: `_productName`/`prod`, `_version`/`ver`, `platform`. */
  appName: z.string(),
  appVersion: z.string(),
  osPlatform: z.string().nullable(),
  fields: z.record(z.string(), z.string()),
  sha256: Sha256Schema,
  sizeBytes: z.number().int().nonnegative(),
  signature: z.string().nullable(),
});

export const SignatureGroupSchema = z.object({
  signature: z.string(),
  appName: z.string(),
  count: z.number().int().positive(),
  firstSeen: z.iso.datetime(),
  lastSeen: z.iso.datetime(),
});

/** What the review list shows: reports, minidumps, and both grouped by signature. */
export const ReportListSchema = z.object({
  reports: z.array(StoredReportSchema),
  minidumps: z.array(StoredMinidumpSchema),
  signatures: z.array(SignatureGroupSchema),
});

/**
 * One report as its page shows it: the same preview the user approved, and what the server's
 * redaction backstop took out of the displayed text (the stored bytes stay exactly as received).
 */
export const ReviewedReportSchema = ReportPreviewSchema.omit({ privacyPolicyVersion: true, destination: true }).extend({
  receivedAt: z.iso.datetime(),
  serverRedactions: z.array(z.object({ kind: z.enum(redactionKindNames), count: z.number().int().positive() })),
});

/** The filters the console offers; every one left out matches everything. `page` counts from 1. */
export const reviewFilterNames = ['app', 'version', 'os', 'signature', 'from', 'to', 'page', 'id'] as const;

/** A report id or the first part of one, as a user reads a support code out: hex digits and dashes. */
export const ID_PREFIX_PATTERN = /^[0-9a-f][0-9a-f-]{3,35}$/;

/** The rows one page of a review listing holds; a full page means there may be another. */
export const REVIEW_PAGE_SIZE = 100;
export type ReviewFilter = Partial<Record<(typeof reviewFilterNames)[number], string>>;

export type StoredReport = z.infer<typeof StoredReportSchema>;
export type SignatureGroup = z.infer<typeof SignatureGroupSchema>;
export type StoredMinidump = z.infer<typeof StoredMinidumpSchema>;
export type ReportList = z.infer<typeof ReportListSchema>;
export type ReviewedReport = z.infer<typeof ReviewedReportSchema>;

/** A crash's walked stack as the console shows it; `pending` until the server's queue has walked it. */
export const StackViewSchema = z.object({
  status: z.enum(['pending', 'done', 'failed', 'no-dump']),
  analysis: StackAnalysisSchema.optional(),
  /** Why the walk failed. */
  error: z.string().optional(),
  missing: z.array(z.object({ debugFile: z.string(), debugId: z.string() })),
});
export type StackView = z.infer<typeof StackViewSchema>;

/** The symbols the most stored crashes lack: what to upload next. */
export const MissingSymbolsListSchema = z.array(
  z.object({ debugFile: z.string(), debugId: z.string(), crashes: z.number().int().positive() }),
);
export type MissingSymbolsList = z.infer<typeof MissingSymbolsListSchema>;
