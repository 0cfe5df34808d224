import { z } from 'zod';

const ScopeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('app-version'), appVersion: z.string() }),
  z.object({ kind: z.literal('until'), until: z.iso.datetime() }),
]);

/** One line of the consent ledger: a decision, when, and under which privacy-policy version. */
export const ConsentRecordSchema = z
  .discriminatedUnion('decision', [
    /** Send this report: the digest on screen when the user said yes. */
    z.object({
      decision: z.literal('send'),
      digest: z.string().regex(/^[0-9a-f]{64}$/),
      reportId: z.uuid(),
      basis: z.enum(['asked', 'always-send']),
    }),
    z.object({ decision: z.literal('dont-send'), digest: z.string().regex(/^[0-9a-f]{64}$/), reportId: z.uuid() }),
    z.object({ decision: z.literal('always-send'), scope: ScopeSchema }),
    z.object({ decision: z.literal('never-ask') }),
    z.object({ decision: z.literal('withdraw') }),
  ])
  .and(z.object({ id: z.uuid(), at: z.iso.datetime(), policyVersion: z.string() }));

export type ConsentRecord = z.infer<typeof ConsentRecordSchema>;
export type ConsentScope = z.infer<typeof ScopeSchema>;
