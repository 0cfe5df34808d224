import { z } from 'zod';
import { IdSchema } from './ids';

export const crashKinds = [
  'exception',
  'unhandled-rejection',
  'renderer-error',
  'renderer-rejection',
  'process-gone',
  'native',
  'handed-over',
] as const;

/** The longest error name, message and stack a crash may carry, in characters. */
export const CRASH_ERROR_LIMITS = { name: 1_000, message: 100_000, stack: 1_000_000 } as const;

export const CrashErrorSchema = z.object({
  name: z.string().max(CRASH_ERROR_LIMITS.name),
  message: z.string().max(CRASH_ERROR_LIMITS.message),
  stack: z.string().max(CRASH_ERROR_LIMITS.stack).optional(),
});

/** One crash, from whichever source, as Candor keeps it until the user decides. */
export const CrashEventSchema = z.object({
  schema: z.literal('candor.crash/1'),
  id: IdSchema,
  /** First and last time this signature crashed; a crash loop is one event with a count. */
  occurredAt: z.iso.datetime(),
  lastOccurredAt: z.iso.datetime(),
  count: z.number().int().positive(),
  kind: z.enum(crashKinds),
  /** main, renderer, gpu, utility … or what the handing-over program says. */
  processType: z.string().min(1).max(100),
  app: z.object({ name: z.string().min(1).max(200), version: z.string().min(1).max(100) }),
  error: CrashErrorSchema.optional(),
  exit: z.object({ reason: z.string().max(200), exitCode: z.number().int() }).optional(),
  minidump: z.object({ path: z.string(), sizeBytes: z.number().int().nonnegative() }).optional(),
  log: z.object({ path: z.string() }).optional(),
  signature: z.string().min(1).max(1_000),
  /** `not-asked`: recorded under "never ask"; nothing was built or sent. */
  status: z.enum(['pending', 'dismissed', 'reported', 'not-asked']),
  /** The report made of it, once one was queued. */
  reportId: IdSchema.optional(),
});

export type CrashError = z.infer<typeof CrashErrorSchema>;
export type CrashEvent = z.infer<typeof CrashEventSchema>;
export type CrashKind = (typeof crashKinds)[number];

/** An error in the page, as the preload (or the bridge client) forwards it. */
export const RendererErrorSchema = z.object({
  kind: z.enum(['renderer-error', 'renderer-rejection']),
  error: CrashErrorSchema,
});

export type RendererError = z.infer<typeof RendererErrorSchema>;
