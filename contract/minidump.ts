import { z } from 'zod';

export const personalDataKinds = ['user-name', 'home-folder', 'email', 'host-name'] as const;
export const personalDataPlaces = ['module paths', 'environment', 'command line', 'annotations', 'memory'] as const;

export const PersonalDataFindingSchema = z.object({
  kind: z.enum(personalDataKinds),
  where: z.enum(personalDataPlaces),
  count: z.number().int().positive(),
  /** What was found. Shown to the user on their own machine; never part of a report. */
  values: z.array(z.string()),
});

/** What a person needs to know about a minidump before agreeing to send it. */
export const MinidumpSummarySchema = z.object({
  headline: z.string(),
  sizeBytes: z.number().int().nonnegative(),
  producer: z.enum(['Crashpad', 'Breakpad', 'unknown']),
  writtenAt: z.iso.datetime(),
  os: z.object({ platform: z.string(), version: z.string(), build: z.string() }).optional(),
  cpu: z.object({ arch: z.string(), count: z.number().int().nonnegative() }).optional(),
  exception: z
    .object({ code: z.string(), name: z.string().optional(), address: z.string(), threadId: z.number().int().nonnegative() })
    .optional(),
  process: z.object({ id: z.number().int().optional(), commandLine: z.array(z.string()).optional() }),
  threads: z.object({ count: z.number().int().nonnegative(), stackBytes: z.number().int().nonnegative() }),
  modules: z.object({
    count: z.number().int().nonnegative(),
    first: z.string().optional(),
    list: z.array(
      z.object({ path: z.string(), version: z.string().optional(), codeId: z.string().optional(), debugId: z.string().optional() }),
    ),
  }),
  memory: z.object({ regionCount: z.number().int().nonnegative(), bytes: z.number().int().nonnegative() }),
  annotations: z.record(z.string(), z.string()),
  listAnnotations: z.array(z.string()),
  /** Annotations whose values are opaque bytes, by name, type and size. */
  opaqueAnnotations: z.array(z.string()),
  crashpad: z.object({ reportId: z.string(), clientId: z.string() }).optional(),
  assertion: z.object({ expression: z.string(), function: z.string(), file: z.string(), line: z.number() }).optional(),
  environment: z.record(z.string(), z.string()).optional(),
  streams: z.array(z.string()),
  personalData: z.array(PersonalDataFindingSchema),
});

export type PersonalDataFinding = z.infer<typeof PersonalDataFindingSchema>;
export type MinidumpSummary = z.infer<typeof MinidumpSummarySchema>;
