import { z } from 'zod';

/**
 * A crash waiting for the user's decision, as the dialog first shows it.
 * The full CrashEvent and Report schemas extend this as capture and reporting land.
 */
export const PendingCrashSchema = z.object({
  id: z.uuid(),
  occurredAt: z.iso.datetime(),
  appName: z.string().min(1),
  processType: z.string().min(1),
  summary: z.string(),
});

export type PendingCrash = z.infer<typeof PendingCrashSchema>;
