import { z } from 'zod';
import { probeNames } from '../../contract/diagnostics';

/** What a caller asks the collector process for; parsed on arrival, since it crosses a process boundary. */
export const CollectRequestSchema = z.object({
  only: z.array(z.enum(probeNames)).min(1).optional(),
  dataDir: z.string().min(1),
  /** Static facts (hardware, .NET) are kept here between collections; none when absent. */
  cacheFile: z.string().min(1).optional(),
  app: z.object({
    name: z.string(),
    version: z.string(),
    versions: z.object({ node: z.string(), v8: z.string(), electron: z.string().optional(), chrome: z.string().optional() }),
    startedAtMs: z.number(),
  }),
  /** The whole collection ends by this deadline; each probe's own limit is at most this. */
  deadlineMs: z.number().int().positive().max(60_000),
});

export type CollectRequest = z.infer<typeof CollectRequestSchema>;
