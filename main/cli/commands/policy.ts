import { LanguageTagSchema, policyIn } from '../../../contract/privacy-policy';
import { policyAsText } from '../../privacy/privacy-policy';
import { privacyPolicyForCli } from '../destination-options';
import { parseCommandLine } from '../parse-options';
import { UsageError } from '../usage-error';

export const policyUsage = 'candor policy [--language TAG] [--json]';

/**
 * Prints the privacy policy in effect: the vendor's (named in candor-vendor.json, or the file
 * CANDOR_VENDOR_CONFIG points at), so a vendor can check theirs and its translations before
 * shipping them, or Candor's own. `--language` prints the translation the app would show in that
 * language; `--json` prints the policy with every translation.
 */
export function runPolicy(argv: string[]): void {
  const { values, positionals } = parseCommandLine({
    args: argv,
    options: { json: { type: 'boolean' }, language: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length > 0) throw new UsageError(`usage: ${policyUsage}`);
  const language = LanguageTagSchema.safeParse(values.language ?? 'en');
  if (!language.success) throw new UsageError(`--language takes a language tag such as "de" or "pt-BR", not "${values.language ?? ''}"`);
  const policy = privacyPolicyForCli();
  process.stdout.write(values.json === true ? `${JSON.stringify(policy, null, 2)}\n` : policyAsText(policyIn(policy, language.data)));
}
