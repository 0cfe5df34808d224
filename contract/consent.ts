import { z } from 'zod';
import { IdSchema } from './ids';
import { ConsentedDestinationSchema } from './destination';
import { reportSections } from './report';

const ScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('app-version'), appVersion: z.string() }),
  z.object({ kind: z.literal('until'), until: z.iso.datetime() }),
]);

/**
 * What a report built with nobody looking at it carries: the sections the user left in when they
 * chose "always send", and the dump as stack-only unless they asked for the full dump then. An
 * email address is never part of it.
 */
export const AutomaticChoicesSchema = z.strictObject({
  exclude: z.array(z.enum(reportSections)),
  minidump: z.enum(['full', 'stack-only']),
});

/** One line of the consent ledger: a decision, when, and under which privacy-policy version. */
export const ConsentRecordSchema = z
  .discriminatedUnion('decision', [
    /** Send this report: the digest on screen when the user said yes, to the destination named then. */
    z.object({
      decision: z.literal('send'),
      digest: z.string().regex(/^[0-9a-f]{64}$/),
      reportId: IdSchema,
      basis: z.enum(['asked', 'always-send']),
      destination: ConsentedDestinationSchema,
    }),
    z.object({ decision: z.literal('dont-send'), digest: z.string().regex(/^[0-9a-f]{64}$/), reportId: IdSchema }),
    z.object({ decision: z.literal('always-send'), scope: ScopeSchema, choices: AutomaticChoicesSchema }),
    z.object({ decision: z.literal('never-ask') }),
    /** Back to asking every time: ends "always send" or "never ask" without withdrawing what was sent. */
    z.object({ decision: z.literal('ask') }),
    z.object({ decision: z.literal('withdraw') }),
  ])
  .and(z.object({ id: IdSchema, at: z.iso.datetime(), policyVersion: z.string() }));

export type ConsentRecord = z.infer<typeof ConsentRecordSchema>;
export type ConsentScope = z.infer<typeof ScopeSchema>;
export type AutomaticChoices = z.infer<typeof AutomaticChoicesSchema>;
