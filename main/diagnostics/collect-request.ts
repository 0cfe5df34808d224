// zod/mini: the collector process parses one request and should start in a hurry.
import * as z from 'zod/mini';
import { probeNames } from '../../contract/probe-names';

/** What a caller asks the collector process for; parsed on arrival, since it crosses a process boundary. */
export const CollectRequestSchema = z.object({
  only: z.optional(z.array(z.enum(probeNames)).check(z.minLength(1))),
  dataDir: z.string().check(z.minLength(1)),
  /** Static facts (hardware, .NET) are kept here between collections; none when absent. */
  cacheFile: z.optional(z.string().check(z.minLength(1))),
  app: z.object({
    name: z.string(),
    version: z.string(),
    versions: z.object({ node: z.string(), v8: z.string(), electron: z.optional(z.string()), chrome: z.optional(z.string()) }),
    startedAtMs: z.number(),
  }),
  /** The whole collection ends by this deadline; each probe's own limit is at most this. */
  deadlineMs: z.int().check(z.positive(), z.maximum(60_000)),
});

export type CollectRequest = z.infer<typeof CollectRequestSchema>;
