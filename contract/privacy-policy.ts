import { z } from 'zod';
import { policyClauses } from './privacy-manifest';

/**
 * The sections every privacy policy Candor shows must have, by id: the manifest's clauses (each
 * field of a report falls under one) and the user's rights. A vendor's own policy marks them with
 * `{#id}` after a section heading, so the app can link a field or a right to the words that cover it.
 */
export const requiredPolicySections = [
  'scope',
  ...(Object.keys(policyClauses) as (keyof typeof policyClauses)[]),
  'destinations',
  'your-rights',
  'withdrawing',
  'retention',
] as const;
export type PolicySectionId = (typeof requiredPolicySections)[number];

export const PolicyBlockSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('paragraph'), text: z.string() }),
  z.strictObject({ kind: z.literal('list'), items: z.array(z.string()) }),
]);
export type PolicyBlock = z.infer<typeof PolicyBlockSchema>;

export const PolicySectionSchema = z.strictObject({
  /** As the heading numbers it ("8"), or empty. */
  number: z.string().max(16),
  /** The `{#id}` anchor; sections without one get `section-<n>`. */
  id: z.string().regex(/^[a-z0-9-]{1,64}$/),
  title: z.string().max(300),
  blocks: z.array(PolicyBlockSchema),
});
export type PolicySection = z.infer<typeof PolicySectionSchema>;

/** The privacy policy the user agrees under, as the app shows it: the vendor's, or Candor's own. */
export const PrivacyPolicySchema = z.strictObject({
  version: z.string().min(1).max(64),
  title: z.string().max(300),
  source: z.enum(['vendor', 'candor']),
  sections: z.array(PolicySectionSchema),
});
export type PrivacyPolicy = z.infer<typeof PrivacyPolicySchema>;
