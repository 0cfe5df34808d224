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

/** A language tag as BCP 47 writes one: `de`, `pt-BR`. */
export const LanguageTagSchema = z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8}){0,3}$/, 'a language tag such as "de" or "pt-BR"');

/** The policy's words in one language. */
export const PolicyTextSchema = z.strictObject({
  language: LanguageTagSchema,
  title: z.string().max(300),
  sections: z.array(PolicySectionSchema),
});
export type PolicyText = z.infer<typeof PolicyTextSchema>;

/**
 * The privacy policy the user agrees under, as the app shows it: the vendor's, or Candor's own.
 * One policy, one version, in the language it was written in and in any translations of it.
 */
export const PrivacyPolicySchema = PolicyTextSchema.extend({
  version: z.string().min(1).max(64),
  source: z.enum(['vendor', 'candor']),
  translations: z.array(PolicyTextSchema).max(64),
});
export type PrivacyPolicy = z.infer<typeof PrivacyPolicySchema>;

/** Whether two language tags name the same language, whatever the region: `de` and `de-CH`. */
export function sameLanguage(a: string, b: string): boolean {
  const base = (tag: string): string => tag.toLowerCase().split('-')[0] ?? tag;
  return base(a) === base(b);
}

/**
 * The policy in the reader's language: the translation for `language` (or for its language without
 * the region), else the text as it was written. What it says and its version do not change.
 */
export function policyIn(policy: PrivacyPolicy, language: string): PrivacyPolicy {
  if (sameLanguage(policy.language, language)) return policy;
  const text =
    policy.translations.find((candidate) => candidate.language.toLowerCase() === language.toLowerCase()) ??
    policy.translations.find((candidate) => sameLanguage(candidate.language, language));
  return text === undefined ? policy : { ...policy, ...text };
}
