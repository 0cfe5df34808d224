import { policyAsText } from '../../privacy/privacy-policy';
import { privacyPolicyForCli } from '../destination-options';
import { parseCommandLine } from '../parse-options';
import { UsageError } from '../usage-error';

export const policyUsage = 'candor policy [--json]';

/**
 * Prints the privacy policy in effect: the vendor's (named in candor-vendor.json, or the file
 * CANDOR_VENDOR_CONFIG points at), so a vendor can check theirs before shipping it, or Candor's own.
 */
export function runPolicy(argv: string[]): void {
  const { values, positionals } = parseCommandLine({ args: argv, options: { json: { type: 'boolean' } }, allowPositionals: true });
  if (positionals.length > 0) throw new UsageError(`usage: ${policyUsage}`);
  const policy = privacyPolicyForCli();
  process.stdout.write(values.json === true ? `${JSON.stringify(policy, null, 2)}\n` : policyAsText(policy));
}
