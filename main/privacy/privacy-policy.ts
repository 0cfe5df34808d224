import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  PolicyTextSchema,
  requiredPolicySections,
  type PolicyBlock,
  type PolicySection,
  type PolicyText,
  type PrivacyPolicy,
} from '../../contract/privacy-policy';
import type { VendorConfig } from '../../contract/destination';
import { SEED_POLICY_TEXTS, SEED_POLICY_VERSION } from './seed-privacy-policy';

/** A policy is a document, not a book: anything larger is refused before it is read. */
export const MAX_POLICY_BYTES = 256 * 1024;

/** A policy that cannot be shown; the message names the file and what is wrong. */
export class PrivacyPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrivacyPolicyError';
  }
}

const ANCHOR = /\{#([a-z0-9-]{1,64})\}\s*$/;
const NUMBER = /^(\d{1,8}(?:\.\d{1,8}){0,3})\.?\s+/;
const LIST_ITEM = /^\s{0,3}[-*]\s+/;

/**
 * Reads a policy (or a translation of one) written in a small part of Markdown: `# title`,
 * `## N. Section {#id}`, paragraphs and `-` lists; any other markup is kept as text, never
 * interpreted, so the app renders it as plain words. One pass over the lines. `origin` names the
 * file in errors.
 */
export function parsePolicyText(text: string, meta: { language: string; origin: string }): PolicyText {
  if (Buffer.byteLength(text, 'utf8') > MAX_POLICY_BYTES)
    throw new PrivacyPolicyError(`${meta.origin} is larger than ${MAX_POLICY_BYTES} bytes`);
  let title = '';
  const sections: PolicySection[] = [];
  let section: PolicySection | undefined;
  let paragraph: string[] = [];
  let list: string[] | undefined;

  const closeBlock = (): void => {
    if (paragraph.length === 0 && list === undefined) return;
    const blocks = current().blocks;
    if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
    if (list !== undefined && list.length > 0) blocks.push({ kind: 'list', items: list });
    paragraph = [];
    list = undefined;
  };
  const current = (): PolicySection => {
    if (section === undefined) {
      // Words before the first section heading are the policy's introduction.
      section = { number: '', id: 'introduction', title: '', blocks: [] };
      sections.push(section);
    }
    return section;
  };

  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/\r$/, '');
    const trimmed = line.trim();
    if (trimmed === '') {
      closeBlock();
      continue;
    }
    if (/^#\s/.test(trimmed) && title === '' && sections.length === 0) {
      title = trimmed.slice(2).trim();
      continue;
    }
    if (/^##\s/.test(trimmed)) {
      closeBlock();
      let heading = trimmed.slice(3).trim();
      const anchor = ANCHOR.exec(heading);
      if (anchor !== null) heading = heading.slice(0, anchor.index).trim();
      const number = NUMBER.exec(heading);
      if (number !== null) heading = heading.slice(number[0].length);
      section = {
        number: number?.[1] ?? '',
        id: anchor?.[1] ?? `section-${sections.length + 1}`,
        title: heading.slice(0, 300),
        blocks: [],
      };
      sections.push(section);
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item !== null) {
      if (paragraph.length > 0) closeBlock();
      list ??= [];
      list.push(line.slice(item[0].length).trim());
      continue;
    }
    const openList = list;
    const lastItem = openList?.length;
    if (openList !== undefined && lastItem !== undefined && /^\s/.test(line)) {
      // An indented line goes on with the item above it.
      openList[lastItem - 1] = `${openList[lastItem - 1] ?? ''} ${trimmed}`;
      continue;
    }
    if (list !== undefined) closeBlock();
    paragraph.push(trimmed);
  }
  closeBlock();

  const ids = new Set<string>();
  for (const { id } of sections) {
    if (ids.has(id)) throw new PrivacyPolicyError(`${meta.origin}: the section id {#${id}} is used twice`);
    ids.add(id);
  }
  const missing = requiredPolicySections.filter((id) => !ids.has(id));
  if (missing.length > 0)
    throw new PrivacyPolicyError(
      `${meta.origin} has no section marked ${missing.map((id) => `{#${id}}`).join(', ')}; ` +
        'every policy needs them so the app can show which words cover each field and right',
    );
  const parsed = PolicyTextSchema.safeParse({ language: meta.language, title, sections });
  if (!parsed.success) throw new PrivacyPolicyError(`${meta.origin} cannot be shown: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

/** Candor's own policy, used when the vendor ships none: English, with its German and Arabic translations. */
export function seedPrivacyPolicy(): PrivacyPolicy {
  const text = (language: keyof typeof SEED_POLICY_TEXTS): PolicyText =>
    parsePolicyText(SEED_POLICY_TEXTS[language], { language, origin: `Candor's seed policy (${language})` });
  return { version: SEED_POLICY_VERSION, source: 'candor', ...text('en'), translations: [text('de'), text('ar')] };
}

/** One of the vendor's policy files, read from the folder that holds the configuration (a name that leads out of it is refused). */
function readVendorPolicyText(vendorConfigFile: string, name: string, language: string): PolicyText {
  const folder = path.dirname(vendorConfigFile);
  const file = path.resolve(folder, name);
  const relative = path.relative(folder, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative))
    throw new PrivacyPolicyError(`the vendor configuration ${vendorConfigFile} names the policy ${name}, which is not a file beside it`);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new PrivacyPolicyError(`cannot read the privacy policy ${file}: ${(error as Error).message}`);
  }
  if (bytes.length > MAX_POLICY_BYTES) throw new PrivacyPolicyError(`${file} is larger than ${MAX_POLICY_BYTES} bytes`);
  return parsePolicyText(new TextDecoder('utf-8', { fatal: false }).decode(bytes), { language, origin: file });
}

/**
 * The policy in effect: the vendor's files named in `candor-vendor.json` (the policy and each
 * translation, every one with all the required sections), or Candor's own.
 */
export function loadPrivacyPolicy(vendor: VendorConfig | null, vendorConfigFile: string): PrivacyPolicy {
  const named = vendor?.privacyPolicy;
  if (named === undefined) return seedPrivacyPolicy();
  if (Object.hasOwn(named.translations, named.language))
    throw new PrivacyPolicyError(
      `the vendor configuration ${vendorConfigFile} names a translation into ${named.language}, the language the policy is written in`,
    );
  const translations = Object.entries(named.translations).map(([language, file]) => readVendorPolicyText(vendorConfigFile, file, language));
  return {
    version: named.version,
    source: 'vendor',
    ...readVendorPolicyText(vendorConfigFile, named.file, named.language),
    translations,
  };
}

/** The words of a policy as plain text, for the terminal (in one language: see `policyIn`). */
export function policyAsText(policy: PrivacyPolicy): string {
  const block = (entry: PolicyBlock): string =>
    entry.kind === 'paragraph' ? entry.text : entry.items.map((item) => `  - ${item}`).join('\n');
  const sections = policy.sections.map((section) =>
    [`${section.number === '' ? '' : `${section.number}. `}${section.title}`, ...section.blocks.map(block)].join('\n\n'),
  );
  return `${policy.title}\nVersion ${policy.version}\n\n${sections.join('\n\n')}\n`;
}
