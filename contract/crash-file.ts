import { z } from 'zod';
import { CrashErrorSchema } from './crash-event';

/**
 * The crash file another program hands to Candor (`--crash-file`, the inbox folder, or
 * `candor report --crash-file`). Documented in README.md ("Handing a crash to Candor").
 */
export const CrashFileSchema = z.strictObject({
  schema: z.literal('candor.crash-file/1').optional(),
  kind: z.enum(['exception', 'unhandled-rejection', 'process-gone', 'native', 'handed-over']).default('handed-over'),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  app: z.strictObject({ name: z.string().min(1).max(200), version: z.string().min(1).max(100) }),
  processType: z.string().min(1).max(100).optional(),
  error: CrashErrorSchema.optional(),
  exit: z.strictObject({ reason: z.string().max(200), exitCode: z.number().int() }).optional(),
  /** Paths, absolute or relative to the crash file. */
  minidump: z.string().min(1).optional(),
  log: z.string().min(1).optional(),
});

export type CrashFile = z.infer<typeof CrashFileSchema>;
